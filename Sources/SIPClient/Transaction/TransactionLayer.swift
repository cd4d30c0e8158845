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
    /// What arrived and could not be used, for the report: the first `listLimit` in full, then how many
    /// more (a peer flooding the socket must not grow the report, or memory, without bound).
    public var ignored: [String] {
        listedIgnored + (unlistedIgnored > 0 ? ["\(unlistedIgnored) more ignored messages not listed"] : [])
    }
    private var listedIgnored: [String] = []
    private var unlistedIgnored = 0
    /// Provisional responses recorded in the exchange; past `listLimit` they still reach their
    /// transaction but are no longer recorded (each keeps its whole text for --trace).
    private var provisionalsRecorded = 0

    /// How many ignored messages, and how many provisional responses, the report lists in full.
    public static let listLimit = 50

    /// How many ignored messages `ignored` stands for: its lines, the "N more" line counted as N.
    public static func ignoredCount(_ lines: [String]) -> Int {
        lines.reduce(0) { total, line in
            if line.hasSuffix(" more ignored messages not listed"), let n = Int(line.prefix { $0.isNumber }) { return total + n }
            return total + 1
        }
    }
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

    private func ignore(_ line: String) {
        if listedIgnored.count < Self.listLimit { listedIgnored.append(line) } else { unlistedIgnored += 1 }
    }

    /// Records a received response in the exchange; provisionals only up to `listLimit` (then one line
    /// says the rest are not listed), so a peer repeating 100 Trying cannot grow the report without bound.
    private func record(_ response: SIPResponse, method: String) {
        if response.statusCode < 200 {
            provisionalsRecorded += 1
            if provisionalsRecorded > Self.listLimit {
                if provisionalsRecorded == Self.listLimit + 1 {
                    exchange.append(Exchange(direction: .received, summary: "1xx (\(method)): further provisional responses not listed",
                                             at: elapsed))
                }
                return
            }
        }
        exchange.append(Exchange(direction: .received, summary: "\(response.statusCode) \(response.reason) (\(method))", at: elapsed,
                                 text: (try? response.serialized()).map { String(decoding: $0, as: UTF8.self) }))
    }

    private func handle(_ event: TransportEvent) {
        switch event {
        case .message(.response(let response), let source):
            guard let branch = response.topVia?.branch, let method = response.cseq?.method,
                  let delivery = transactions[Key(branch: branch, method: method)]
            else {
                ignore("response \(response.statusCode) for another transaction ignored (branch or CSeq mismatch)")
                return
            }
            record(response, method: method)
            delivery.response(response, source)
        case .message(.request(let other), _):
            ignore("request \(other.method) from the peer ignored")
        case .unparsable(let reason, _):
            ignore("unparsable message ignored: \(reason)")
        case .failure(let failure):
            for delivery in transactions.values { delivery.failure(failure) }
        }
    }
}
