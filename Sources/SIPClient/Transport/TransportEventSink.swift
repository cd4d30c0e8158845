import NIOConcurrencyHelpers
import NIOCore

/// Holds a connection's event handler so that pipeline handlers, created before the connection
/// object exists, can reach whatever handler the transaction layer installs later.
///
/// The handler is kept in a stored property of its own type behind a plain lock, not in a generic box:
/// a closure read back out of a generic container comes wrapped in a reabstraction thunk, and on a socket
/// shared by thousands of transactions (`UDPFlow`) the profile showed those wrappers stacked over a
/// hundred deep on every datagram.
final class TransportEventSink: @unchecked Sendable {
    private let lock = NIOLock()
    private var handler: (@Sendable (TransportEvent) -> Void)?
    /// Events that arrive before a handler is installed (a fast RST, say) are kept, not lost.
    private var pending: [TransportEvent] = []

    var current: (@Sendable (TransportEvent) -> Void)? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return handler
        }
        set {
            lock.lock()
            handler = newValue
            let backlog = newValue == nil ? [] : pending
            if newValue != nil { pending.removeAll() }
            lock.unlock()
            guard let newValue else { return }
            backlog.forEach(newValue)
        }
    }

    func emit(_ event: TransportEvent) {
        lock.lock()
        guard let h = handler else {
            pending.append(event)
            lock.unlock()
            return
        }
        lock.unlock()
        h(event)
    }

    var delivery: SIPMessageDelivery { SIPMessageDelivery { [self] in self.emit($0) } }
}
