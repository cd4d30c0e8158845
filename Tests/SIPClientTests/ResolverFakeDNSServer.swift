import Foundation
import NIOCore
import NIOPosix

/// A scriptable UDP DNS responder on 127.0.0.1 for id-matching, TC and malformed-answer tests.
/// `behaviour(query, attemptNumber)` returns the datagram to send back, or nil to stay silent.
final class FakeDNSServer: @unchecked Sendable {
    private let lock = NSLock()
    private var _behaviour: @Sendable ([UInt8], Int) -> [UInt8]? = { _, _ in nil }
    private var _queries = 0
    private var channel: (any Channel)!
    var port: Int { channel.localAddress?.port ?? 0 }

    var behaviour: @Sendable ([UInt8], Int) -> [UInt8]? {
        get { lock.lock(); defer { lock.unlock() }; return _behaviour }
        set { lock.lock(); _behaviour = newValue; lock.unlock() }
    }
    var queries: Int { lock.lock(); defer { lock.unlock() }; return _queries }

    init() throws {
        channel = try DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { [unowned self] ch in
                ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(Handler(server: self)) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func stop() { try? channel.close().wait() }

    fileprivate func respond(to query: [UInt8]) -> [UInt8]? {
        lock.lock()
        _queries += 1
        let n = _queries
        let b = _behaviour
        lock.unlock()
        return b(query, n)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        unowned let server: FakeDNSServer
        init(server: FakeDNSServer) { self.server = server }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let env = unwrapInboundIn(data)
            var buf = env.data
            guard let bytes = buf.readBytes(length: buf.readableBytes), let reply = server.respond(to: bytes) else { return }
            let out = context.channel.allocator.buffer(bytes: reply)
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: env.remoteAddress, data: out)), promise: nil)
        }
    }
}
