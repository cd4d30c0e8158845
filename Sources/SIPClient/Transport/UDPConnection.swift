import NIOCore
import NIOPosix
import SIPCore

/// A connected UDP socket to one remote address.
///
/// Connected, because Linux then reports an ICMP port-unreachable as ECONNREFUSED on the socket, which
/// is how a closed port becomes `refused` in about one RTT instead of a 32 s silence.
/// - Note: a connected socket only receives datagrams from the remote address; a response sent from
///   another address (an asymmetric server, RFC 3261 §18.2.2 misapplied) is dropped by the kernel and the
///   probe ends in `timeout`, whose hint says so.
public final class UDPConnection: SIPConnection, @unchecked Sendable {
    public let eventLoop: any EventLoop
    public let transport = SIPTransportKind.udp
    public let localAddress: SocketAddress?
    public let remoteAddress: SocketAddress
    private let channel: any Channel
    private let sink: TransportEventSink

    public var eventHandler: (@Sendable (TransportEvent) -> Void)? {
        get { sink.current }
        set { sink.current = newValue }
    }

    private init(channel: any Channel, remote: SocketAddress, sink: TransportEventSink) {
        self.channel = channel
        self.eventLoop = channel.eventLoop
        self.remoteAddress = remote
        self.localAddress = channel.localAddress
        self.sink = sink
    }

    /// The largest datagram read whole: a UDP payload is at most 65,507 bytes, and RFC 3261 §18.1.1 lets
    /// an answer exceed the path MTU (NIO's default allocator reads only 2048 and truncates the rest).
    public static let datagramCapacity = 65_536

    /// Binds `bind` (or the wildcard of the remote's family, port 0) and connects to `remote`.
    public static func connect(to remote: SocketAddress, bind: SocketAddress?, group: any EventLoopGroup) async throws -> UDPConnection {
        let sink = TransportEventSink()
        let local = try bind ?? SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0)
        // No SO_REUSEADDR: on a UDP socket it would let `--bind` share a running SIP server's port and read
        // its traffic. A taken port is an error that names the address.
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: datagramCapacity))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(SIPDatagramInboundHandler(delivery: sink.delivery))
                    }
                }
                .bind(to: local).get()
        } catch {
            throw TransportFailure(bindError: error, transport: .udp, address: local)
        }
        do {
            try await channel.connect(to: remote).get()
        } catch {
            try? await channel.close().get()
            throw TransportFailure(error: error)
        }
        return UDPConnection(channel: channel, remote: remote, sink: sink)
    }

    public func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        let buffer = channel.allocator.buffer(bytes: bytes)
        return channel.writeAndFlush(AddressedEnvelope(remoteAddress: remoteAddress, data: buffer))
    }

    public func close() -> EventLoopFuture<Void> {
        channel.close().recover { _ in }
    }
}
