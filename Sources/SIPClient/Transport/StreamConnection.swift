import NIOConcurrencyHelpers
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
    /// What has arrived that is not (yet) a whole message.
    public let progress: StreamProgress

    public var eventHandler: (@Sendable (TransportEvent) -> Void)? {
        get { sink.current }
        set { sink.current = newValue }
    }

    private init(channel: any Channel, transport: SIPTransportKind, remote: SocketAddress, sink: TransportEventSink,
                 progress: StreamProgress) {
        self.channel = channel
        self.progress = progress
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
        let progress = StreamProgress()
        var bootstrap = ClientBootstrap(group: group)
            .connectTimeout(connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try security?(channel)
                    try channel.pipeline.syncOperations.addHandler(StreamProgress.Counter(progress))
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPStreamFramer()))
                    try channel.pipeline.syncOperations.addHandler(SIPStreamInboundHandler(delivery: sink.delivery, progress: progress))
                }
            }
        if let bind { bootstrap = bootstrap.bind(to: bind) }
        do {
            let connecting = bootstrap.connect(to: remote)
            let outcome = connecting.eventLoop.makePromise(of: (any Channel).self)
            connecting.cascade(to: outcome)
            // Set on the loop once the connect has completed either way (after the cascade above).
            let settled = NIOLockedValueBox(false)
            connecting.whenComplete { _ in settled.withLockedValue { $0 = true } }
            let channel = try await withTaskCancellationHandler {
                try await outcome.futureResult.get()
            } onCancel: {
                // Interrupted (SIGINT/SIGTERM cancel the probe's task) while the SYN is unanswered: stop
                // waiting now rather than at the connect timeout; a connection that completes later is
                // closed at once. On the loop, so a connect that already completed is left alone.
                connecting.eventLoop.execute {
                    guard !settled.withLockedValue({ $0 }) else { return }
                    outcome.fail(TransportFailure(.connectTimeout, "interrupted during the TCP connect"))
                    connecting.whenSuccess { $0.close(promise: nil) }
                }
            }
            return StreamConnection(channel: channel, transport: transport, remote: remote, sink: sink, progress: progress)
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
