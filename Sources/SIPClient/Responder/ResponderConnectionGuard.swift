import Logging
import NIOConcurrencyHelpers
import NIOCore

/// First handler of every accepted stream connection: enforces `ResponderLimits`.
///
/// - counts the connection against `maximumConnections` (shared by all stream listeners) and closes it at
///   once when the cap is reached;
/// - closes it when nothing was read for `idleTimeout` (an `IdleStateHandler` in front of it fires the event);
/// - closes it when no complete SIP message arrived within `idleTimeout` of opening, so a TLS handshake or
///   header section trickled one byte at a time cannot hold it open either.
final class ResponderConnectionGuard: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    /// Open stream connections, shared by every listener of one responder.
    final class Census: Sendable {
        private let open = NIOLockedValueBox(0)
        /// Takes a slot; false when `limit` are taken already.
        func admit(limit: Int) -> Bool {
            open.withLockedValue { n in
                guard n < limit else { return false }
                n += 1
                return true
            }
        }
        func release() { open.withLockedValue { $0 -= 1 } }
        var count: Int { open.withLockedValue { $0 } }
    }

    private let census: Census
    private let limits: ResponderLimits
    private let logger: Logger
    private let activity: ConnectionActivity
    private var admitted = false
    private var firstMessageDeadline: Scheduled<Void>?

    init(census: Census, limits: ResponderLimits, activity: ConnectionActivity, logger: Logger) {
        self.census = census
        self.limits = limits
        self.activity = activity
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        let remote = context.remoteAddress.map { "\($0)" } ?? "?"
        guard census.admit(limit: limits.maximumConnections) else {
            logger.warning("connection from \(remote) closed: \(limits.maximumConnections) connections open already")
            context.close(promise: nil)
            return
        }
        admitted = true
        let channel = context.channel
        let activity = activity
        let logger = logger
        firstMessageDeadline = context.eventLoop.scheduleTask(in: TimeAmount(limits.idleTimeout)) {
            guard !activity.sawMessage else { return }
            logger.info("connection from \(remote) closed: no complete SIP message within the idle timeout")
            channel.close(promise: nil)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted {
            admitted = false
            census.release()
        }
        firstMessageDeadline?.cancel()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read {
            logger.info("connection from \(context.remoteAddress.map { "\($0)" } ?? "?") closed: idle for \(limits.idleTimeout)")
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

/// Whether a connection has delivered a complete SIP message yet; written by the last handler, read by
/// the guard's deadline, both on the connection's event loop.
final class ConnectionActivity: @unchecked Sendable {
    var sawMessage = false
}
