import Probes

/// What a planned probe brought back.
public enum ProbeOutcome: Sendable {
    case report(ProbeReport)
    case failover(FailoverReport)
    /// It could not run (no network, probes disabled); the reason is said in the diagnosis.
    case notRun(String)

    /// The probe reports it produced (a fail-over gives one per URI).
    var reports: [ProbeReport] {
        switch self {
        case .report(let r): return [r]
        case .failover(let f): return [f.primary] + (f.fallback.map { [$0] } ?? [])
        case .notRun: return []
        }
    }
}
