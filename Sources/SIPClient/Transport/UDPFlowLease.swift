import NIOConcurrencyHelpers
import NIOCore
import SIPCore

/// One probe's share of a pooled UDP socket (`UDPFlow`): a `SIPConnection` of its own for the probe's
/// transaction layer, sending on the shared socket and receiving the responses to its own transactions.
/// Closing it gives the socket back to the pool, which closes the socket once no lease has used it for a
/// while.
public final class UDPFlowLease: SIPConnection, @unchecked Sendable {
    let flow: UDPFlow
    private let pool: UDPFlowPool
    private let key: UDPFlowPool.Key
    private let generation: UInt64
    /// Plain stored properties behind `lock`, not a generic box (see `TransportEventSink`).
    private let lock = NIOLock()
    private var handler: (@Sendable (TransportEvent) -> Void)?
    private var closed = false

    init(flow: UDPFlow, pool: UDPFlowPool, key: UDPFlowPool.Key, generation: UInt64) {
        self.flow = flow
        self.pool = pool
        self.key = key
        self.generation = generation
    }

    public var eventLoop: any EventLoop { flow.eventLoop }
    public var transport: SIPTransportKind { .udp }
    public var localAddress: SocketAddress? { flow.connection.localAddress }
    public var remoteAddress: SocketAddress { flow.connection.remoteAddress }

    public var eventHandler: (@Sendable (TransportEvent) -> Void)? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return handler
        }
        set {
            lock.lock()
            handler = newValue
            lock.unlock()
        }
    }

    func deliver(_ event: TransportEvent) {
        eventHandler?(event)
    }

    private var isClosed: Bool {
        lock.lock()
        defer { lock.unlock() }
        return closed
    }

    public func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        if isClosed { return eventLoop.makeFailedFuture(ChannelError.ioOnClosedChannel) }
        return flow.send(bytes)
    }

    public func transactionStarted(branch: String) { flow.claim(branch, for: self) }
    public func transactionEnded(branch: String) { flow.release(branch, for: self) }

    /// Gives the socket back; the socket itself stays open for the other leases.
    public func close() -> EventLoopFuture<Void> {
        lock.lock()
        let first = !closed
        closed = true
        lock.unlock()
        if first {
            flow.detach(self)
            // Dropped so the layer (which holds this lease) and the lease do not keep each other alive.
            eventHandler = nil
            pool.release(key, generation: generation)
        }
        return eventLoop.makeSucceededVoidFuture()
    }
}
