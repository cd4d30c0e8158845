/// The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6) as a pure state machine.
///
/// It performs no I/O and reads no clock: a driver feeds it events (timer fired, response received,
/// transport error, the probe's own deadline) and executes the `Action`s it returns. That keeps every
/// timer rule testable on virtual time.
public struct NonInviteClientTransaction: ClientTransactionStateMachine {
    public enum State: Sendable, Equatable { case idle, trying, proceeding, completed, terminated }

    public typealias Timer = ClientTransactionTimer
    public typealias Outcome = ClientTransactionOutcome
    public typealias Action = ClientTransactionAction

    public private(set) var state: State = .idle
    public private(set) var retransmissions = 0
    public let reliable: Bool
    public let timers: SIPTimers
    private var intervalE: Duration

    public var awaitingFinal: Bool { state == .trying || state == .proceeding }

    public init(reliable: Bool, timers: SIPTimers = .rfc3261) {
        self.reliable = reliable
        self.timers = timers
        self.intervalE = timers.t1
    }

    /// Sends the request and arms Timer F, and Timer E when the transport is unreliable.
    public mutating func start() -> [Action] {
        guard state == .idle else { return [] }
        state = .trying
        var actions: [Action] = [.send]
        if !reliable { actions.append(.startTimer(.e, intervalE)) }
        actions.append(.startTimer(.f, timers.transactionTimeout))
        return actions
    }

    public mutating func timerFired(_ timer: Timer) -> [Action] {
        switch (timer, state) {
        case (.e, .trying):
            // Doubles up to T2 (§17.1.2.2).
            retransmissions += 1
            intervalE = min(intervalE * 2, timers.t2)
            return [.retransmit, .startTimer(.e, intervalE)]
        case (.e, .proceeding):
            // After a provisional response the interval is T2.
            retransmissions += 1
            intervalE = timers.t2
            return [.retransmit, .startTimer(.e, intervalE)]
        case (.f, .trying), (.f, .proceeding):
            state = .terminated
            return [.cancelTimer(.e), .finished(.timeout), .terminate]
        case (.k, .completed):
            state = .terminated
            return [.terminate]
        default:
            return []
        }
    }

    public mutating func received(_ response: SIPResponse) -> [Action] {
        switch state {
        case .trying, .proceeding:
            if response.isProvisional {
                state = .proceeding
                return [.provisional(response)]
            }
            state = .completed
            var actions: [Action] = [.cancelTimer(.e), .cancelTimer(.f), .finished(.response(response))]
            let k = timers.timerK(reliable: reliable)
            if k == .zero {
                state = .terminated
                actions.append(.terminate)
            } else {
                actions.append(.startTimer(.k, k))
            }
            return actions
        default:
            // Retransmitted finals in Completed are absorbed (§17.1.2.2).
            return []
        }
    }

    public mutating func transportFailed(_ reason: String) -> [Action] {
        guard state == .trying || state == .proceeding else { return [] }
        state = .terminated
        return [.cancelTimer(.e), .cancelTimer(.f), .finished(.transportError(reason)), .terminate]
    }

    /// The probe's deadline: stops the transaction before Timer F when the user asked for less than 32 s.
    public mutating func deadlineReached() -> [Action] {
        switch state {
        case .trying, .proceeding:
            state = .terminated
            return [.cancelTimer(.e), .cancelTimer(.f), .finished(.deadline), .terminate]
        case .completed:
            state = .terminated
            return [.cancelTimer(.k), .terminate]
        default:
            return []
        }
    }
}
