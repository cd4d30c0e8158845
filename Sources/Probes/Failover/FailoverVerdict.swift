/// The one verdict of `trunkprobe failover`: would calls to an inbound trunk with a primary and a fallback
/// URI be carried (RFC 3263 §4.3; docs/failover.md has the table).
public enum FailoverVerdict: String, Sendable, Codable, CaseIterable {
    /// The primary answers and so does the fallback: nothing to do.
    case healthy
    /// The primary fails with a cause that triggers failover and the fallback answers: calls are carried,
    /// by the fallback.
    case degradedFailover = "degraded_failover"
    /// The primary answers but the fallback is missing or fails: no safety net.
    case noFallback = "no_fallback"
    /// Neither would carry a call: nothing answers, or the primary fails in a way failover does not cover.
    case down

    /// Exit status (monitoring-plugins convention): only `healthy` is OK.
    public var status: ProbeStatus {
        switch self {
        case .healthy: .ok
        case .degradedFailover, .noFallback: .warning
        case .down: .critical
        }
    }
}
