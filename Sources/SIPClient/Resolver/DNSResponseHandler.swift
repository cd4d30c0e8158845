import NIOCore

/// Receives datagrams on a query's own socket and completes the query's promise with the first one that
/// comes from the server and carries the query id (RFC 1035 §7.3: match id and source; anything else is
/// dropped, as a stray or spoofed answer would be).
final class DNSResponseHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let server: SocketAddress
    private let id: UInt16
    private let promise: EventLoopPromise<[UInt8]>

    init(server: SocketAddress, id: UInt16, promise: EventLoopPromise<[UInt8]>) {
        self.server = server
        self.id = id
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard envelope.remoteAddress == server else { return }
        var buffer = envelope.data
        guard let bytes = buffer.readBytes(length: buffer.readableBytes), bytes.count >= 2,
              UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == id else { return }
        promise.succeed(bytes)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP errors (ECONNREFUSED on some stacks) and read errors end the attempt at once.
        promise.fail(error)
    }
}
