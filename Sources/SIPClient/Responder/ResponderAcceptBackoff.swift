#if canImport(Glibc)
import Glibc
#endif
import Logging
import NIOCore

/// On a stream listener: when accept(2) fails because descriptors or buffers ran out (EMFILE, ENFILE,
/// ENOBUFS, ENOMEM), stop accepting for `delay`, then try again.
///
/// Why not NIO's `AcceptBackoffHandler` alone: the failed accept leaves the server channel's read pending,
/// so the listening socket stays registered for readability and the event loop wakes at once, again and
/// again (thousands of failed accepts a second, a core spent). Turning `autoRead` off unregisters it;
/// turning it back on after the delay registers it again. UDP listeners and open connections are
/// unaffected meanwhile, and a connection freed in between is accepted on the next try.
final class ResponderAcceptBackoff: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    private let delay: TimeAmount
    private let logger: Logger
    private var paused = false

    init(delay: TimeAmount = .seconds(1), logger: Logger) {
        self.delay = delay
        self.logger = logger
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let io = error as? IOError, [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(io.errnoCode) else {
            context.fireErrorCaught(error)
            return
        }
        guard !paused, let options = context.channel.syncOptions else { return }
        paused = true
        logger.warning("cannot accept a connection (\(io.description)): pausing TCP/TLS accepts for \(delay.nanoseconds / 1_000_000) ms; UDP is still answered")
        try? options.setOption(.autoRead, value: false)
        let channel = context.channel
        context.eventLoop.assumeIsolated().scheduleTask(in: delay) {
            self.paused = false
            try? channel.syncOptions?.setOption(.autoRead, value: true)
        }
    }
}
