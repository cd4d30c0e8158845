import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPCore

/// A small UAS on the same core as the probes: the demo's target and a peer for inbound checks.
public final class SIPResponder: Sendable {
    public let behaviour: ResponderBehaviour
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channels: ListenerChannels

    public init(behaviour: ResponderBehaviour = ResponderBehaviour(), group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger) {
        self.behaviour = behaviour
        self.group = group
        self.logger = logger
        self.channels = ListenerChannels()
    }

    /// Binds every endpoint; returns them with the ports actually bound (port 0 → the kernel's choice).
    /// `security` adds TLS to accepted connections of `tls` endpoints.
    public func start(_ endpoints: [ResponderEndpoint], security: StreamConnection.SecurityLayer? = nil) async throws -> [ResponderEndpoint] {
        var bound: [ResponderEndpoint] = []
        for endpoint in endpoints {
            let address = try SocketAddress(ipAddress: endpoint.host, port: endpoint.port)
            let channel: any Channel
            switch endpoint.transport {
            case .udp:
                channel = try await DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelInitializer { [behaviour, logger] channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(ResponderDatagramHandler(behaviour: behaviour, logger: logger))
                        }
                    }
                    .bind(to: address).get()
            case .tcp, .tls:
                if endpoint.transport == .tls && security == nil {
                    throw TransportFailure(.other, "a tls listener needs a certificate (TLS support)")
                }
                let layer = endpoint.transport == .tls ? security : nil
                channel = try await ServerBootstrap(group: group)
                    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                    .childChannelInitializer { [behaviour, logger] child in
                        child.eventLoop.makeCompletedFuture {
                            try layer?(child)
                            try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(SIPStreamFramer()))
                            try child.pipeline.syncOperations.addHandler(ResponderStreamHandler(behaviour: behaviour, logger: logger))
                        }
                    }
                    .bind(to: address).get()
            }
            channels.append(channel)
            bound.append(ResponderEndpoint(transport: endpoint.transport, host: endpoint.host, port: channel.localAddress?.port ?? endpoint.port))
        }
        return bound
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
    private let behaviour: ResponderBehaviour
    private let logger: Logger

    init(behaviour: ResponderBehaviour, logger: Logger) {
        self.behaviour = behaviour
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
        guard let response = behaviour.respond(to: request, sourceHost: source.ipAddress, sourcePort: source.port),
              let out = try? response.serialized()
        else { return }
        logger.info("\(request.method) from \(source) → \(response.statusCode)")
        // RFC 3581: with rport, answer to the source address and port.
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: source, data: context.channel.allocator.buffer(bytes: out))),
                              promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors for earlier answers must not stop the listener.
        logger.debug("udp listener error", metadata: ["error": "\(error)"])
    }
}

final class ResponderStreamHandler: ChannelInboundHandler {
    typealias InboundIn = [UInt8]
    typealias OutboundOut = ByteBuffer
    private let behaviour: ResponderBehaviour
    private let logger: Logger

    init(behaviour: ResponderBehaviour, logger: Logger) {
        self.behaviour = behaviour
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        guard case .request(let request)? = try? SIPMessage(parsing: bytes) else { return }
        let source = context.remoteAddress
        guard let response = behaviour.respond(to: request, sourceHost: source?.ipAddress, sourcePort: source?.port),
              let out = try? response.serialized()
        else { return }
        logger.info("\(request.method) from \(source.map { "\($0)" } ?? "?") → \(response.statusCode)")
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: out)), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("stream error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }
}
