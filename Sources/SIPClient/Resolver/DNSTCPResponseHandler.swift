import NIOCore

/// Reads one length-prefixed DNS message from a TCP stream (RFC 1035 §4.2.2: a two-octet length, then
/// the message) and completes the query's promise with it if it carries the query id.
final class DNSTCPResponseHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    struct ConnectionClosed: Error, CustomStringConvertible {
        var description: String { "the server closed the TCP connection before a complete answer" }
    }

    private let id: UInt16
    private let promise: EventLoopPromise<[UInt8]>
    private var pending: ByteBuffer?

    init(id: UInt16, promise: EventLoopPromise<[UInt8]>) {
        self.id = id
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if pending == nil { pending = incoming } else { pending!.writeBuffer(&incoming) }
        guard var buffer = pending, let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length) else { return }
        buffer.moveReaderIndex(forwardBy: 2)
        guard let bytes = buffer.readBytes(length: Int(length)) else { return }
        pending = nil
        if bytes.count >= 2, UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id {
            promise.succeed(bytes)
        } else {
            // On a connection of our own a wrong id is not a stray packet but a broken server.
            promise.fail(ConnectionClosed())
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ConnectionClosed())
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }
}
