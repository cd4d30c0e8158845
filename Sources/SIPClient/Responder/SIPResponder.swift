import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPCore

/// A small UAS on the same core as the probes: the demo's target and a peer for inbound checks.
public final class SIPResponder: Sendable {
    public let behaviour: ResponderBehaviour
    public let state: ResponderState
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channels: ListenerChannels
    /// Bounds on what stream clients can hold (connections, idle time).
    public let limits: ResponderLimits
    private let census = ResponderConnectionGuard.Census()

    public init(behaviour: ResponderBehaviour = ResponderBehaviour(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger, limits: ResponderLimits = ResponderLimits()) {
        self.behaviour = behaviour
        self.state = ResponderState(behaviour: behaviour)
        self.group = group
        self.logger = logger
        self.limits = limits
        self.channels = ListenerChannels()
    }

    /// Stream connections open right now (for tests and logs).
    public var openConnections: Int { census.count }

    /// A responder whose behaviour is chosen per request by `selector` (nil from it: `behaviour`), e.g. by
    /// Request-URI host for a stand-in that answers for many trunks at once.
    public init(behaviour: ResponderBehaviour = ResponderBehaviour(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger, limits: ResponderLimits = ResponderLimits(),
                selector: @escaping @Sendable (SIPRequest) -> ResponderBehaviour?) {
        self.behaviour = behaviour
        self.state = ResponderState(behaviour: behaviour, selector: selector)
        self.group = group
        self.logger = logger
        self.limits = limits
        self.channels = ListenerChannels()
    }

    /// Binds every endpoint; returns them with the ports actually bound (port 0 → the kernel's choice).
    /// `security` adds TLS to accepted connections of `tls` endpoints.
    /// A port already in use is an error naming the address (`TransportFailure`), over UDP too: no
    /// SO_REUSEADDR on UDP, where it would let two servers share a port and split its traffic; listeners
    /// bound before the failure are closed again.
    public func start(_ endpoints: [ResponderEndpoint], security: StreamConnection.SecurityLayer? = nil) async throws -> [ResponderEndpoint] {
        var bound: [ResponderEndpoint] = []
        for endpoint in endpoints {
            let address = try SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
            if endpoint.transport == .tls && security == nil {
                throw TransportFailure(.other, "a tls listener needs a certificate (TLS support)")
            }
            let channel: any Channel
            do {
                channel = try await bind(endpoint, address: address, security: security)
            } catch {
                await stop()
                throw TransportFailure(bindError: error, transport: endpoint.transport, address: address)
            }
            channels.append(channel)
            bound.append(ResponderEndpoint(transport: endpoint.transport, host: endpoint.host, port: channel.localAddress?.port ?? endpoint.port))
        }
        return bound
    }

    private func bind(_ endpoint: ResponderEndpoint, address: SocketAddress, security: StreamConnection.SecurityLayer?) async throws -> any Channel {
        switch endpoint.transport {
        case .udp:
            return try await DatagramBootstrap(group: group)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: UDPConnection.datagramCapacity))
                .channelInitializer { [state, logger] channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ResponderDatagramHandler(state: state, logger: logger))
                    }
                }
                .bind(to: address).get()
        case .tcp, .tls:
            let layer = endpoint.transport == .tls ? security : nil
            let limits = limits
            let census = census
            return try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelOption(.backlog, value: Int32(clamping: limits.backlog))
                // At the descriptor limit accept(2) fails with EMFILE at once, every time: the backoff stops
                // accepting for a while instead of spinning a core, and UDP is answered meanwhile.
                .serverChannelInitializer { [logger] server in
                    server.eventLoop.makeCompletedFuture {
                        try server.pipeline.syncOperations.addHandler(ResponderAcceptBackoff(logger: logger))
                    }
                }
                .childChannelInitializer { [state, logger] child in
                    child.eventLoop.makeCompletedFuture {
                        let activity = ConnectionActivity()
                        // In front of TLS, so a handshake that never completes is idle too.
                        try child.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: TimeAmount(limits.idleTimeout)))
                        try child.pipeline.syncOperations.addHandler(
                            ResponderConnectionGuard(census: census, limits: limits, activity: activity, logger: logger))
                        try layer?(child)
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPStreamFramer()))
                        try child.pipeline.syncOperations.addHandler(
                            ResponderStreamHandler(state: state, transport: endpoint.transport, activity: activity, logger: logger))
                    }
                }
                .bind(to: address).get()
        }
    }

    /// Closes every listener.
    public func stop() async {
        for channel in channels.all() { try? await channel.close().get() }
    }

    /// Completes when every listener has closed.
    public func waitUntilClosed() async {
        for channel in channels.all() { try? await channel.closeFuture.get() }
    }
}

/// The responder's listening channels, behind a lock (the responder is shared across tasks).
final class ListenerChannels: Sendable {
    private let box = NIOLockedValueBox<[any Channel]>([])
    func append(_ c: any Channel) { box.withLockedValue { $0.append(c) } }
    func all() -> [any Channel] { box.withLockedValue { $0 } }
}

final class ResponderDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    private let state: ResponderState
    private let logger: Logger

    init(state: ResponderState, logger: Logger) {
        self.state = state
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readBytes(length: envelope.data.readableBytes) ?? []
        guard case .request(let request)? = try? SIPMessage(parsing: bytes) else {
            logger.debug("ignored a datagram that is not a SIP request", metadata: ["from": "\(envelope.remoteAddress)"])
            return
        }
        let source = envelope.remoteAddress
        let local = context.channel.localAddress
        let reaction = state.handle(request, sourceHost: source.ipAddress, sourcePort: source.port,
                                    localHost: local?.ipAddress ?? "127.0.0.1", localPort: local?.port ?? 5060, transport: .udp)
        ResponderLog.log(logger, request: request, source: "\(source)", reaction: reaction)
        let channel = context.channel
        // RFC 3581 §4: with rport (and always, for a responder behind no NAT), answer to the source address and port.
        let send: @Sendable (SIPResponse) -> Void = { response in
            guard let out = try? response.serialized() else { return }
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: source, data: channel.allocator.buffer(bytes: out)), promise: nil)
        }
        for response in reaction.responses { send(response) }
        if let delayed = reaction.delayed {
            let state = state
            let logger = logger
            channel.eventLoop.scheduleTask(in: TimeAmount(delayed.delay)) {
                if let final = state.takeDelayedFinal(key: delayed.key) {
                    logger.info("INVITE from \(source) → \(final.statusCode) (after the ring time)")
                    send(final)
                }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors for earlier answers must not stop the listener.
        logger.debug("udp listener error", metadata: ["error": "\(error)"])
    }
}

final class ResponderStreamHandler: ChannelInboundHandler {
    typealias InboundIn = [UInt8]
    typealias OutboundOut = ByteBuffer
    private let state: ResponderState
    private let transport: SIPTransportKind
    private let logger: Logger
    private let activity: ConnectionActivity

    init(state: ResponderState, transport: SIPTransportKind, activity: ConnectionActivity = ConnectionActivity(), logger: Logger) {
        self.state = state
        self.transport = transport
        self.activity = activity
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        activity.sawMessage = true
        guard case .request(let request)? = try? SIPMessage(parsing: bytes) else {
            logger.debug("ignored a stream message that is not a SIP request", metadata: ["from": "\(context.remoteAddress.map { "\($0)" } ?? "?")"])
            return
        }
        let source = context.remoteAddress
        let local = context.channel.localAddress
        let reaction = state.handle(request, sourceHost: source?.ipAddress, sourcePort: source?.port,
                                    localHost: local?.ipAddress ?? "127.0.0.1", localPort: local?.port ?? 5060, transport: transport)
        ResponderLog.log(logger, request: request, source: source.map { "\($0)" } ?? "?", reaction: reaction)
        let channel = context.channel
        // RFC 3261 §18.2.2: on a stream, responses go back on the connection the request came in on.
        let send: @Sendable (SIPResponse) -> Void = { response in
            guard let out = try? response.serialized() else { return }
            channel.writeAndFlush(channel.allocator.buffer(bytes: out), promise: nil)
        }
        for response in reaction.responses { send(response) }
        if let delayed = reaction.delayed {
            let state = state
            channel.eventLoop.scheduleTask(in: TimeAmount(delayed.delay)) {
                if let final = state.takeDelayedFinal(key: delayed.key) { send(final) }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Framing errors (bad Content-Length, oversized, garbage) cannot be resynchronised: close this
        // connection only; the listener and every other connection go on.
        logger.info("stream from \(context.remoteAddress.map { "\($0)" } ?? "?") closed: \(error)")
        context.close(promise: nil)
    }
}

/// One log line per request: method, source, what was sent and why. Never a credential.
enum ResponderLog {
    static func log(_ logger: Logger, request: SIPRequest, source: String, reaction: ResponderState.Reaction) {
        let codes = reaction.responses.map { String($0.statusCode) }.joined(separator: "+")
        let note = reaction.note.map { " (\($0))" } ?? ""
        logger.info("\(request.method) from \(source) → \(codes.isEmpty ? "no response" : codes)\(note)")
    }
}
