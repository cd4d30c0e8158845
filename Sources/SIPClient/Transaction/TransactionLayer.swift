import NIOCore
import SIPCore

/// The client transactions of one connection: sends their requests, routes each response to the
/// transaction it belongs to (RFC 3261 §17.1.3: top Via branch plus CSeq method, so an INVITE and its
/// CANCEL, which share a branch, stay apart), and keeps the whole exchange in order for the report.
///
/// Confined to the connection's event loop.
public final class TransactionLayer: @unchecked Sendable {
    public struct Key: Hashable, Sendable {
        public var branch: String
        public var method: String
    }

    /// One line of the exchange: what was sent or received, and when (since the layer started).
    public struct Exchange: Sendable, Equatable {
        public enum Direction: String, Sendable, Codable { case sent, received }
        public var direction: Direction
        public var summary: String
        public var at: TimeAmount
        /// The whole message as sent or as parsed on receipt, for `--trace`.
        public var text: String? = nil
    }

    public struct Delivery {
        var response: (SIPResponse, SocketAddress?) -> Void
        var failure: (TransportFailure) -> Void
    }

    public let connection: any SIPConnection
    public var eventLoop: any EventLoop { connection.eventLoop }
    public private(set) var exchange: [Exchange] = []
    public private(set) var ignored: [String] = []
    private var transactions: [Key: Delivery] = [:]
    private let startedAt: NIODeadline

    public init(connection: any SIPConnection) {
        self.connection = connection
        self.startedAt = connection.eventLoop.now
        // Weak: the connection holds this handler, and the layer holds the connection; a strong capture
        // kept both alive after close (a leak per attempt).
        let loop = connection.eventLoop
        connection.eventHandler = { [weak self] event in
            // The sink may call from another thread; all state lives on the loop.
            if loop.inEventLoop { self?.handle(event) } else { loop.execute { self?.handle(event) } }
        }
    }

    public var elapsed: TimeAmount { eventLoop.now - startedAt }

    func register(_ key: Key, _ delivery: Delivery) {
        if !transactions.keys.contains(where: { $0.branch == key.branch }) { connection.transactionStarted(branch: key.branch) }
        transactions[key] = delivery
    }

    func unregister(_ key: Key) {
        guard transactions.removeValue(forKey: key) != nil else { return }
        // An INVITE and its CANCEL share a branch (§9.1): the branch is free only when both have ended.
        if !transactions.keys.contains(where: { $0.branch == key.branch }) { connection.transactionEnded(branch: key.branch) }
    }

    /// Sends a serialized request and records it in the exchange.
    public func send(_ bytes: [UInt8], summary: String) -> EventLoopFuture<Void> {
        exchange.append(Exchange(direction: .sent, summary: summary, at: elapsed, text: String(decoding: bytes, as: UTF8.self)))
        return connection.send(bytes)
    }

    /// Sends a request that is not a transaction of its own (the ACK for a 2xx, §13.2.2.4).
    public func sendStateless(_ request: SIPRequest) {
        guard let bytes = try? request.serialized() else { return }
        _ = send(bytes, summary: request.method)
    }

    private func handle(_ event: TransportEvent) {
        switch event {
        case .message(.response(let response), let source):
            guard let branch = response.topVia?.branch, let method = response.cseq?.method,
                  let delivery = transactions[Key(branch: branch, method: method)]
            else {
                ignored.append("response \(response.statusCode) for another transaction ignored (branch or CSeq mismatch)")
                return
            }
            exchange.append(Exchange(direction: .received, summary: "\(response.statusCode) \(response.reason) (\(method))", at: elapsed,
                                     text: (try? response.serialized()).map { String(decoding: $0, as: UTF8.self) }))
            delivery.response(response, source)
        case .message(.request(let other), _):
            ignored.append("request \(other.method) from the peer ignored")
        case .unparsable(let reason, _):
            ignored.append("unparsable message ignored: \(reason)")
        case .failure(let failure):
            for delivery in transactions.values { delivery.failure(failure) }
        }
    }
}
