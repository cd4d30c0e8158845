import NIOCore
import SIPCore

/// Turns raw message bytes into `TransportEvent`s; shared by the datagram and stream handlers.
struct SIPMessageDelivery: Sendable {
    let deliver: @Sendable (TransportEvent) -> Void

    func bytes(_ bytes: [UInt8], from source: SocketAddress?) {
        // A lone CRLF(CRLF) datagram is a keep-alive, not a message (RFC 5626 §4.4.1).
        if bytes.allSatisfy({ $0 == 13 || $0 == 10 }) { return }
        do {
            deliver(.message(try SIPMessage(parsing: bytes), from: source))
        } catch {
            deliver(.unparsable(error.message, from: source))
        }
    }

    func error(_ error: any Error, remote: SocketAddress?) {
        if error is SIPStreamFramer.Oversized {
            deliver(.unparsable("\(error)", from: remote))
            deliver(.failure(TransportFailure(.other, "peer sent a message larger than \(SIPMessage.maximumSize) bytes")))
            return
        }
        if let malformed = error as? SIPStreamFramer.Malformed {
            // The stream cannot be resynchronised: classified, then the connection is closed.
            deliver(.unparsable(malformed.description, from: remote))
            deliver(.failure(TransportFailure(.other, "peer sent bytes that cannot be framed: \(malformed.description)")))
            return
        }
        if let decoderError = error as? ByteToMessageDecoderError, case .leftoverDataWhenDone = decoderError { return }
        deliver(.failure(TransportFailure(error: error)))
    }
}

/// Last handler of a stream (TCP/TLS) pipeline, after `SIPStreamFramer`.
final class SIPStreamInboundHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = [UInt8]
    private let delivery: SIPMessageDelivery
    private let progress: StreamProgress?

    init(delivery: SIPMessageDelivery, progress: StreamProgress? = nil) {
        self.delivery = delivery
        self.progress = progress
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        progress?.framed(bytes.count)
        delivery.bytes(bytes, from: context.remoteAddress)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        delivery.error(error, remote: context.remoteAddress)
        if error is SIPStreamFramer.Oversized || error is SIPStreamFramer.Malformed { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        delivery.deliver(.failure(TransportFailure(.closed, "connection closed by peer")))
        context.fireChannelInactive()
    }
}

/// Last handler of a UDP pipeline.
final class SIPDatagramInboundHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let delivery: SIPMessageDelivery

    init(delivery: SIPMessageDelivery) { self.delivery = delivery }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readBytes(length: envelope.data.readableBytes) ?? []
        delivery.bytes(bytes, from: envelope.remoteAddress)
    }

    /// On a connected UDP socket Linux reports ICMP port unreachable as ECONNREFUSED on the next
    /// read or write; NIO surfaces it here without closing the channel.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        delivery.error(error, remote: context.remoteAddress)
    }
}
