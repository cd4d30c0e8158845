import NIOCore
import SIPCore

/// Runs one client transaction: executes the pure state machine's actions on the connection's event
/// loop (sends through the transaction layer, timers via `scheduleTask`) and feeds it the responses the
/// layer routes to it.
public final class ClientTransactionRunner<Machine: ClientTransactionStateMachine>: @unchecked Sendable {
    public typealias Exchange = TransactionLayer.Exchange

    public struct Result: Sendable {
        public var outcome: ClientTransactionOutcome
        public var provisionals: [SIPResponse]
        public var retransmissions: Int
        /// From the first send to the outcome.
        public var elapsed: TimeAmount
        /// The connection's whole exchange so far (every transaction on it), in order.
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

    public let layer: TransactionLayer
    public let request: SIPRequest
    private var eventLoop: any EventLoop { layer.eventLoop }
    private let key: TransactionLayer.Key
    private let deadline: TimeAmount?
    private var machine: Machine
    private var timers: [ClientTransactionTimer: Scheduled<Void>] = [:]
    private var deadlineTask: Scheduled<Void>?
    private var bytes: [UInt8] = []
    private var startedAt = NIODeadline.uptimeNanoseconds(0)
    private var provisionals: [SIPResponse] = []
    private var promise: EventLoopPromise<Result>?
    private var lastSource: SocketAddress?
    private var transportFailure: TransportFailure?
    /// Called on the loop for each provisional response, so the transaction user can CANCEL.
    public var onProvisional: ((SIPResponse) -> Void)?

    /// - Parameters:
    ///   - deadline: the probe's bound on this transaction; it ends as `.deadline` when it passes. nil lets
    ///     the RFC timers (B, F) decide, or the transaction user (an INVITE in Proceeding waits for CANCEL).
    public init(request: SIPRequest, layer: TransactionLayer, timers: SIPTimers = .rfc3261, deadline: TimeAmount?) {
        self.layer = layer
        self.request = request
        // Our own Via: the branch alone is read, not the whole header (a full parse per request showed in profiles).
        self.key = TransactionLayer.Key(branch: request.headers.first("Via").flatMap(Via.branch(inHeaderValue:)) ?? "", method: request.method)
        self.deadline = deadline
        self.machine = Machine(reliable: layer.connection.transport.isReliable, timers: timers)
    }

    /// A transaction with a layer of its own, for a connection that carries only this transaction.
    public convenience init(request: SIPRequest, connection: any SIPConnection, timers: SIPTimers = .rfc3261, deadline: TimeAmount?) {
        self.init(request: request, layer: TransactionLayer(connection: connection), timers: timers, deadline: deadline)
    }

    /// Sends the request and completes when the transaction has an outcome.
    public func run() -> EventLoopFuture<Result> {
        eventLoop.flatSubmit { self.start() }
    }

    /// Must be called on the loop: the transaction user's own deadline (e.g. no provisional to CANCEL).
    public func abandon() {
        perform(machine.deadlineReached())
    }

    /// Stops timers still running after the outcome (Timer K or D) and leaves the layer. The provisional
    /// callback is dropped too: the transaction user that set it usually holds this runner, and the pair
    /// would otherwise keep each other alive after the call (a leak per INVITE, found under LeakSanitizer).
    public func shutdown() {
        eventLoop.execute {
            self.cancelAll()
            self.layer.unregister(self.key)
            self.onProvisional = nil
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
        layer.register(key, TransactionLayer.Delivery(
            response: { [self] response, source in
                if !response.isProvisional { lastSource = source }
                perform(machine.received(response))
            },
            failure: { [self] failure in failed(failure) }))
        startedAt = eventLoop.now
        if let deadline {
            deadlineTask = eventLoop.scheduleTask(in: deadline) { [self] in perform(machine.deadlineReached()) }
        }
        perform(machine.start())
        return promise.futureResult
    }

    private var elapsed: TimeAmount { eventLoop.now - startedAt }

    private func perform(_ actions: [ClientTransactionAction]) {
        for action in actions {
            switch action {
            case .send, .retransmit:
                let summary = request.method + (action == .retransmit ? " (retransmission)" : "")
                layer.send(bytes, summary: summary).whenFailure { [self] error in failed(TransportFailure(error: error)) }
            case .sendAck(let response):
                layer.sendStateless(request.ackForNon2xx(response))
            case .startTimer(let timer, let duration):
                timers[timer]?.cancel()
                timers[timer] = eventLoop.scheduleTask(in: TimeAmount(duration)) { [self] in
                    timers[timer] = nil
                    perform(machine.timerFired(timer))
                }
            case .cancelTimer(let timer):
                timers.removeValue(forKey: timer)?.cancel()
            case .provisional(let response):
                provisionals.append(response)
                onProvisional?(response)
            case .finished(let outcome):
                deadlineTask?.cancel()
                deadlineTask = nil
                finish(outcome)
            case .terminate:
                cancelAll()
            }
        }
    }

    private func finish(_ outcome: ClientTransactionOutcome) {
        var asymmetric = false
        if case .response = outcome, let source = lastSource, !Self.sameEndpoint(source, layer.connection.remoteAddress) {
            asymmetric = true
        }
        let result = Result(
            outcome: outcome, provisionals: provisionals, retransmissions: machine.retransmissions,
            elapsed: elapsed, exchange: layer.exchange, responseSource: lastSource, asymmetric: asymmetric,
            ignored: layer.ignored, transportFailure: transportFailure)
        promise?.succeed(result)
        promise = nil
    }

    private func cancelAll() {
        timers.values.forEach { $0.cancel() }
        timers.removeAll()
        deadlineTask?.cancel()
        deadlineTask = nil
    }

    private func failed(_ failure: TransportFailure) {
        // Only the first failure of a live transaction counts; a close after the outcome is routine.
        guard machine.awaitingFinal else { return }
        transportFailure = failure
        perform(machine.transportFailed(failure.message))
    }

    static func sameEndpoint(_ a: SocketAddress, _ b: SocketAddress) -> Bool {
        a.ipAddress == b.ipAddress && a.port == b.port
    }
}
