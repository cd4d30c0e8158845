import NIOCore
import SIPCore

/// Runs one non-INVITE client transaction over a connection: executes the pure state machine's actions
/// on the connection's event loop (sends, timers via `scheduleTask`) and matches responses to it.
public final class NonInviteTransactionRunner: @unchecked Sendable {
    /// One line of the exchange, in order: what was sent or received, and when.
    public struct Exchange: Sendable, Equatable {
        public enum Direction: String, Sendable, Codable { case sent, received }
        public var direction: Direction
        public var summary: String
        public var at: TimeAmount
    }

    public struct Result: Sendable {
        public var outcome: NonInviteClientTransaction.Outcome
        public var provisionals: [SIPResponse]
        public var retransmissions: Int
        /// From the first send to the outcome.
        public var elapsed: TimeAmount
        public var exchange: [Exchange]
        /// Where the final response came from.
        public var responseSource: SocketAddress?
        /// The final response came from an address other than the one probed (RFC 3261 §18.1.2 expects
        /// responses from where requests went); reported, not silently trusted.
        public var asymmetric: Bool
        /// Datagrams or messages that were not ours or not SIP: ignored, but listed.
        public var ignored: [String]
        /// The transport failure behind a `.transportError` outcome, classified.
        public var transportFailure: TransportFailure?
    }

    private let eventLoop: any EventLoop
    private let connection: any SIPConnection
    private let request: SIPRequest
    private let branch: String?
    private let deadline: TimeAmount?
    private var fsm: NonInviteClientTransaction
    private var timers: [NonInviteClientTransaction.Timer: Scheduled<Void>] = [:]
    private var deadlineTask: Scheduled<Void>?
    private var bytes: [UInt8] = []
    private var startedAt = NIODeadline.uptimeNanoseconds(0)
    private var provisionals: [SIPResponse] = []
    private var exchange: [Exchange] = []
    private var ignored: [String] = []
    private var promise: EventLoopPromise<Result>?

    /// - Parameters:
    ///   - deadline: the probe's bound on this attempt; the transaction ends as `.deadline` when it passes.
    public init(request: SIPRequest, connection: any SIPConnection, timers: SIPTimers = .rfc3261, deadline: TimeAmount?) {
        self.eventLoop = connection.eventLoop
        self.connection = connection
        self.request = request
        self.branch = request.topViaBranch
        self.deadline = deadline
        self.fsm = NonInviteClientTransaction(reliable: connection.transport.isReliable, timers: timers)
    }

    /// Sends the request and completes when the transaction has an outcome.
    public func run() -> EventLoopFuture<Result> {
        eventLoop.flatSubmit { self.start() }
    }

    /// Stops timers still running after the outcome (Timer K) and detaches from the connection.
    public func shutdown() {
        eventLoop.execute {
            self.cancelAll()
            self.connection.eventHandler = nil
        }
    }

    private func start() -> EventLoopFuture<Result> {
        let promise = eventLoop.makePromise(of: Result.self)
        self.promise = promise
        do {
            bytes = try request.serialized()
        } catch {
            promise.fail(error)
            return promise.futureResult
        }
        connection.eventHandler = { [self] event in
            // Events can come from any thread the sink is called on; the state lives on the loop.
            if eventLoop.inEventLoop { handle(event) } else { eventLoop.execute { self.handle(event) } }
        }
        startedAt = eventLoop.now
        if let deadline {
            deadlineTask = eventLoop.scheduleTask(in: deadline) { [self] in perform(fsm.deadlineReached()) }
        }
        perform(fsm.start())
        return promise.futureResult
    }

    private var elapsed: TimeAmount { eventLoop.now - startedAt }

    private func perform(_ actions: [NonInviteClientTransaction.Action]) {
        for action in actions {
            switch action {
            case .send, .retransmit:
                exchange.append(Exchange(direction: .sent, summary: request.method + (action == .retransmit ? " (retransmission)" : ""), at: elapsed))
                connection.send(bytes).whenFailure { [self] error in
                    failed(TransportFailure(error: error))
                }
            case .startTimer(let timer, let duration):
                timers[timer]?.cancel()
                timers[timer] = eventLoop.scheduleTask(in: TimeAmount(duration)) { [self] in
                    timers[timer] = nil
                    perform(fsm.timerFired(timer))
                }
            case .cancelTimer(let timer):
                timers.removeValue(forKey: timer)?.cancel()
            case .provisional(let response):
                provisionals.append(response)
            case .finished(let outcome):
                deadlineTask?.cancel()
                deadlineTask = nil
                finish(outcome)
            case .terminate:
                cancelAll()
            }
        }
    }

    private var lastSource: SocketAddress?

    private func finish(_ outcome: NonInviteClientTransaction.Outcome) {
        var asymmetric = false
        if case .response = outcome, let source = lastSource, !Self.sameEndpoint(source, connection.remoteAddress) {
            asymmetric = true
        }
        let result = Result(
            outcome: outcome, provisionals: provisionals, retransmissions: fsm.retransmissions,
            elapsed: elapsed, exchange: exchange, responseSource: lastSource, asymmetric: asymmetric, ignored: ignored,
            transportFailure: transportFailure)
        promise?.succeed(result)
        promise = nil
    }

    private func cancelAll() {
        timers.values.forEach { $0.cancel() }
        timers.removeAll()
        deadlineTask?.cancel()
        deadlineTask = nil
    }

    private func handle(_ event: TransportEvent) {
        switch event {
        case .message(.response(let response), let source):
            // RFC 3261 §17.1.3: the top Via branch and the CSeq method identify the transaction.
            guard let via = response.topVia, via.branch == branch, response.cseq?.method == request.method else {
                ignored.append("response \(response.statusCode) for another transaction ignored (branch or CSeq mismatch)")
                return
            }
            lastSource = source
            exchange.append(Exchange(direction: .received, summary: "\(response.statusCode) \(response.reason)", at: elapsed))
            perform(fsm.received(response))
        case .message(.request(let other), _):
            ignored.append("request \(other.method) from the peer ignored")
        case .unparsable(let reason, _):
            ignored.append("unparsable message ignored: \(reason)")
        case .failure(let failure):
            failed(failure)
        }
    }

    private var transportFailure: TransportFailure?

    private func failed(_ failure: TransportFailure) {
        // Only the first failure of a live transaction counts; a close after the outcome is routine.
        guard fsm.state == .trying || fsm.state == .proceeding else { return }
        transportFailure = failure
        perform(fsm.transportFailed(failure.message))
    }

    static func sameEndpoint(_ a: SocketAddress, _ b: SocketAddress) -> Bool {
        a.ipAddress == b.ipAddress && a.port == b.port
    }
}
