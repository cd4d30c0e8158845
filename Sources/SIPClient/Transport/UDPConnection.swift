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
    /// - Parameter receiveBufferSize: SO_RCVBUF, for a socket many transactions share: the responses to
    ///   all of them can arrive at once, and a full receive queue drops them (each drop costs a 500 ms
    ///   retransmission, RFC 3261 §17.1.2.2). nil keeps the system default.
    public static func connect(to remote: SocketAddress, bind: SocketAddress?, receiveBufferSize: Int? = nil,
                               group: any EventLoopGroup) async throws -> UDPConnection {
        let sink = TransportEventSink()
        let local = try bind ?? SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: 0)
        // No SO_REUSEADDR: on a UDP socket it would let `--bind` share a running SIP server's port and read
        // its traffic. A taken port is an error that names the address.
        let channel: any Channel
        do {
            var bootstrap = DatagramBootstrap(group: group)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: datagramCapacity))
            if let receiveBufferSize {
                bootstrap = bootstrap.channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(receiveBufferSize))
            }
            channel = try await bootstrap
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

    /// Completes when the socket has closed, for whatever reason.
    public var closeFuture: EventLoopFuture<Void> { channel.closeFuture }
}
