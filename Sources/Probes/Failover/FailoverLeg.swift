/// How one URI of a failover pair did, in the terms failover cares about.
public enum FailoverLeg: Sendable, Equatable {
    /// The probe got an answer that means a SIP server there would take calls (verdict ok or reachable).
    case answers
    /// A failure the sender fails over on (RFC 3263 §4.3: timeout, transport error, 503; plus
    /// `--failover-on` codes). `cause` is a verdict or a status code, for the explanation.
    case eligibleFailure(cause: String)
    /// A failure that does not trigger failover (e.g. 603 Decline, 500): calls fail with it.
    case otherFailure(cause: String)
    /// No URI was given.
    case missing

    public var answers: Bool { self == .answers }
}
