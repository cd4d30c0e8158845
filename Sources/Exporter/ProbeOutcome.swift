import Foundation
import Probes

/// What one run of a module against a target produced: the report(s), whether it counts as success, and
/// the probe's own log for `debug=true`. Kept by `ProbePacing` to answer scrapes that come too soon.
public struct ProbeOutcome: Sendable {
    public enum Result: Sendable {
        /// An OPTIONS or INVITE probe.
        case single(ProbeReport)
        /// A fail-over check over a primary and a fallback URI.
        case failover(FailoverReport)
        /// No probe was sent: the concurrency limit left no slot before the deadline.
        case notRun(reason: String)
    }

    public var result: Result
    public var success: Bool
    /// Wall time of the probe, from the start of the check to its last answer.
    public var duration: Duration
    /// The deadline this probe had.
    public var timeout: Duration
    /// When the probe finished; a cached answer reports its age from here.
    public var finished: Date
    /// The probe's log records, for `debug=true`.
    public var log: [String]

    /// The metric label for `trunkprobe_exporter_probes_total{result}`.
    var resultLabel: String {
        if case .notRun = result { return "concurrency_limited" }
        return success ? "success" : "failure"
    }
}
