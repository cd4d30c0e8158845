/// RFC 3261 timer values (Table 4), injected rather than global (sipgo's mutable globals are the anti-pattern).
public struct SIPTimers: Sendable, Equatable {
    /// RTT estimate, 500 ms by default.
    public var t1: Duration
    /// Maximum retransmit interval for non-INVITE requests and INVITE responses, 4 s by default.
    public var t2: Duration
    /// Maximum time a message stays in the network, 5 s by default.
    public var t4: Duration

    public init(t1: Duration = .milliseconds(500), t2: Duration = .seconds(4), t4: Duration = .seconds(5)) {
        self.t1 = t1
        self.t2 = t2
        self.t4 = t4
    }

    public static let rfc3261 = SIPTimers()

    /// Timer B and F: 64·T1 (§17.1.1.2, §17.1.2.2).
    public var transactionTimeout: Duration { t1 * 64 }

    /// Timer K: T4 on unreliable transports, zero on reliable ones (§17.1.2.2).
    public func timerK(reliable: Bool) -> Duration { reliable ? .zero : t4 }

    /// Timer D: at least 32 s on unreliable transports, zero on reliable ones (§17.1.1.2).
    public func timerD(reliable: Bool) -> Duration { reliable ? .zero : .seconds(32) }
}
