/// Timers of the client transactions of RFC 3261 §17.1 (Table 4).
public enum ClientTransactionTimer: Sendable, Equatable, Hashable {
    /// INVITE retransmission (§17.1.1.2), unreliable transports only; doubles without a cap.
    case a
    /// INVITE transaction timeout, 64·T1.
    case b
    /// Wait for retransmitted finals after a non-2xx to INVITE.
    case d
    /// Non-INVITE retransmission (§17.1.2.2), unreliable transports only; doubles up to T2.
    case e
    /// Non-INVITE transaction timeout, 64·T1.
    case f
    /// Wait for retransmitted finals after a non-INVITE final.
    case k
}

/// How a client transaction ended, as the transaction user sees it.
public enum ClientTransactionOutcome: Sendable, Equatable {
    /// A final response (200–699) arrived.
    case response(SIPResponse)
    /// Timer B or F fired with no final response (§17.1.1.2, §17.1.2.2: inform the TU of a timeout).
    case timeout
    /// The probe's overall deadline passed first; not an RFC event, but probes must not wait 32 s.
    case deadline
    /// The transport reported a failure (§17.1.4): ICMP unreachable, reset, closed.
    case transportError(String)
}

/// What a state machine asks its driver to do.
public enum ClientTransactionAction: Sendable, Equatable {
    case send
    case retransmit
    /// Send the ACK the transaction itself owes for a non-2xx final to INVITE (§17.1.1.3).
    case sendAck(SIPResponse)
    case startTimer(ClientTransactionTimer, Duration)
    case cancelTimer(ClientTransactionTimer)
    case provisional(SIPResponse)
    case finished(ClientTransactionOutcome)
    case terminate
}

/// A pure client transaction state machine (INVITE or non-INVITE): events in, actions out, no I/O, no clock.
public protocol ClientTransactionStateMachine: Sendable {
    init(reliable: Bool, timers: SIPTimers)
    mutating func start() -> [ClientTransactionAction]
    mutating func timerFired(_ timer: ClientTransactionTimer) -> [ClientTransactionAction]
    mutating func received(_ response: SIPResponse) -> [ClientTransactionAction]
    mutating func transportFailed(_ reason: String) -> [ClientTransactionAction]
    mutating func deadlineReached() -> [ClientTransactionAction]
    var retransmissions: Int { get }
    /// True until a final response, a timeout or a failure.
    var awaitingFinal: Bool { get }
}
