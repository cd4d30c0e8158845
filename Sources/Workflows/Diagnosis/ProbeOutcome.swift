import Probes

/// What a planned probe brought back.
public enum ProbeOutcome: Sendable {
    case report(ProbeReport)
    case failover(FailoverReport)
    /// It could not run (no network, probes disabled); the reason is said in the diagnosis.
    case notRun(String)

    /// The same outcome with every report's full SIP messages kept (`--trace`), when `enabled`.
    func tracing(_ enabled: Bool) -> ProbeOutcome {
        guard enabled else { return self }
        switch self {
        case .report(var r):
            r.includeTrace()
            return .report(r)
        case .failover(var f):
            f.primary.includeTrace()
            f.fallback?.includeTrace()
            return .failover(f)
        case .notRun:
            return self
        }
    }

    /// The probe reports it produced (a fail-over gives one per URI).
    var reports: [ProbeReport] {
        switch self {
        case .report(let r): return [r]
        case .failover(let f): return [f.primary] + (f.fallback.map { [$0] } ?? [])
        case .notRun: return []
        }
    }
}
