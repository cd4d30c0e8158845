/// The INVITE client transaction of RFC 3261 §17.1.1 (Figure 5) as a pure state machine.
///
/// Differences from non-INVITE that matter to a probe: Timer A doubles without the T2 cap; a provisional
/// stops retransmissions; Timer B only applies in Calling (in Proceeding the transaction user must CANCEL);
/// a non-2xx final is acknowledged by the transaction itself, on the INVITE's branch (§17.1.1.3), and again
/// for every retransmission of it; a 2xx ends the transaction and its ACK is the transaction user's job.
public struct InviteClientTransaction: ClientTransactionStateMachine {
    public enum State: Sendable, Equatable { case idle, calling, proceeding, completed, terminated }

    public private(set) var state: State = .idle
    public private(set) var retransmissions = 0
    public let reliable: Bool
    public let timers: SIPTimers
    private var intervalA: Duration

    public var awaitingFinal: Bool { state == .calling || state == .proceeding }

    public init(reliable: Bool, timers: SIPTimers = .rfc3261) {
        self.reliable = reliable
        self.timers = timers
        self.intervalA = timers.t1
    }

    public mutating func start() -> [ClientTransactionAction] {
        guard state == .idle else { return [] }
        state = .calling
        var actions: [ClientTransactionAction] = [.send]
        if !reliable { actions.append(.startTimer(.a, intervalA)) }
        actions.append(.startTimer(.b, timers.transactionTimeout))
        return actions
    }

    public mutating func timerFired(_ timer: ClientTransactionTimer) -> [ClientTransactionAction] {
        switch (timer, state) {
        case (.a, .calling):
            retransmissions += 1
            intervalA = intervalA * 2
            return [.retransmit, .startTimer(.a, intervalA)]
        case (.b, .calling):
            state = .terminated
            return [.cancelTimer(.a), .finished(.timeout), .terminate]
        case (.d, .completed):
            state = .terminated
            return [.terminate]
        default:
            return []
        }
    }

    public mutating func received(_ response: SIPResponse) -> [ClientTransactionAction] {
        switch state {
        case .calling, .proceeding:
            if response.isProvisional {
                state = .proceeding
                return [.cancelTimer(.a), .provisional(response)]
            }
            if (200..<300).contains(response.statusCode) {
                state = .terminated
                return [.cancelTimer(.a), .cancelTimer(.b), .finished(.response(response)), .terminate]
            }
            state = .completed
            var actions: [ClientTransactionAction] = [.cancelTimer(.a), .cancelTimer(.b), .sendAck(response), .finished(.response(response))]
            let d = timers.timerD(reliable: reliable)
            if d == .zero {
                state = .terminated
                actions.append(.terminate)
            } else {
                actions.append(.startTimer(.d, d))
            }
            return actions
        case .completed:
            // A retransmitted final: acknowledge it again, pass nothing up (§17.1.1.2).
            return response.statusCode >= 300 ? [.sendAck(response)] : []
        default:
            return []
        }
    }

    public mutating func transportFailed(_ reason: String) -> [ClientTransactionAction] {
        guard awaitingFinal else { return [] }
        state = .terminated
        return [.cancelTimer(.a), .cancelTimer(.b), .finished(.transportError(reason)), .terminate]
    }

    public mutating func deadlineReached() -> [ClientTransactionAction] {
        switch state {
        case .calling, .proceeding:
            state = .terminated
            return [.cancelTimer(.a), .cancelTimer(.b), .finished(.deadline), .terminate]
        case .completed:
            state = .terminated
            return [.cancelTimer(.d), .terminate]
        default:
            return []
        }
    }
}
