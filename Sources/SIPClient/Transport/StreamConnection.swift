import NIOCore
import NIOPosix
import SIPCore

/// A TCP connection (or TLS over TCP, when a security layer is inserted) framed by Content-Length.
public final class StreamConnection: SIPConnection, @unchecked Sendable {
    /// Adds handlers (TLS) to the front of a stream pipeline, before the SIP framer.
    public typealias SecurityLayer = @Sendable (any Channel) throws -> Void

    public let eventLoop: any EventLoop
    public let transport: SIPTransportKind
    public let localAddress: SocketAddress?
    public let remoteAddress: SocketAddress
    /// The channel, for a security layer that needs to await its handshake.
    public let channel: any Channel
    private let sink: TransportEventSink

    public var eventHandler: (@Sendable (TransportEvent) -> Void)? {
        get { sink.current }
        set { sink.current = newValue }
    }

    private init(channel: any Channel, transport: SIPTransportKind, remote: SocketAddress, sink: TransportEventSink) {
        self.channel = channel
        self.eventLoop = channel.eventLoop
        self.transport = transport
        self.remoteAddress = remote
        self.localAddress = channel.localAddress
        self.sink = sink
    }

    public static func connect(
        to remote: SocketAddress, bind: SocketAddress?, transport: SIPTransportKind = .tcp,
        connectTimeout: TimeAmount, group: any EventLoopGroup, security: SecurityLayer? = nil
    ) async throws -> StreamConnection {
        let sink = TransportEventSink()
        var bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try security?(channel)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPStreamFramer()))
                    try channel.pipeline.syncOperations.addHandler(SIPStreamInboundHandler(delivery: sink.delivery))
                }
            }
        if let bind { bootstrap = bootstrap.bind(to: bind) }
        do {
            let channel = try await bootstrap.connect(to: remote).get()
            return StreamConnection(channel: channel, transport: transport, remote: remote, sink: sink)
        } catch {
            throw TransportFailure(error: error)
        }
    }

    public func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        channel.writeAndFlush(channel.allocator.buffer(bytes: bytes))
    }

    public func close() -> EventLoopFuture<Void> {
        channel.close().recover { _ in }
    }
}
