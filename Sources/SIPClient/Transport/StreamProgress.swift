import NIOConcurrencyHelpers
import NIOCore

/// How much of a stream has arrived and how much of it made whole SIP messages. What is left over is a
/// message still arriving when the deadline comes (a peer that sends byte by byte, a truncated message,
/// a Content-Length larger than the body, RFC 3261 §18.3), which a report can then name instead of
/// calling it silence.
public final class StreamProgress: Sendable {
    private let counts = NIOLockedValueBox((received: 0, framed: 0))

    public init() {}

    /// Bytes received that are not part of a complete message. Keep-alive CRLFs (RFC 5626 §3.5.1) are
    /// skipped by the framer and stay counted here, so a few bytes mean nothing: see `incompleteMessage`.
    public var pendingBytes: Int { counts.withLockedValue { max(0, $0.received - $0.framed) } }

    /// The bytes of a message that had begun to arrive, or nil: at least a start line's worth
    /// (`SIP/2.0 `) beyond the framed messages.
    public var incompleteMessage: Int? {
        let pending = pendingBytes
        return pending >= 8 ? pending : nil
    }

    func received(_ count: Int) { counts.withLockedValue { $0.received += count } }
    func framed(_ count: Int) { counts.withLockedValue { $0.framed += count } }

    /// Counts the bytes on their way to the framer (after TLS, so plaintext).
    final class Counter: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = ByteBuffer
        typealias InboundOut = ByteBuffer
        private let progress: StreamProgress

        init(_ progress: StreamProgress) { self.progress = progress }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            progress.received(unwrapInboundIn(data).readableBytes)
            context.fireChannelRead(data)
        }
    }
}
