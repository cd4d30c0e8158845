import NIOConcurrencyHelpers
import NIOCore

/// Holds a connection's event handler so that pipeline handlers, created before the connection
/// object exists, can reach whatever handler the transaction layer installs later.
final class TransportEventSink: Sendable {
    private let handler = NIOLockedValueBox<(@Sendable (TransportEvent) -> Void)?>(nil)
    /// Events that arrive before a handler is installed (a fast RST, say) are kept, not lost.
    private let pending = NIOLockedValueBox<[TransportEvent]>([])

    var current: (@Sendable (TransportEvent) -> Void)? {
        get { handler.withLockedValue { $0 } }
        set {
            handler.withLockedValue { $0 = newValue }
            guard let newValue else { return }
            let backlog = pending.withLockedValue { events -> [TransportEvent] in
                defer { events.removeAll() }
                return events
            }
            backlog.forEach(newValue)
        }
    }

    func emit(_ event: TransportEvent) {
        if let h = current {
            h(event)
        } else {
            pending.withLockedValue { $0.append(event) }
        }
    }

    var delivery: SIPMessageDelivery { SIPMessageDelivery { [self] in self.emit($0) } }
}
