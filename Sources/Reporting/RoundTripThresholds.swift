import Foundation
import Probes

/// `--warning` / `--critical` round-trip thresholds in milliseconds (monitoring-plugins ranges). A check
/// whose round trip alerts is raised to WARNING or CRITICAL; the explanation says why.
public struct RoundTripThresholds: Sendable, Equatable {
    public var warning: NagiosRange?
    public var critical: NagiosRange?

    public init(warning: NagiosRange? = nil, critical: NagiosRange? = nil) {
        self.warning = warning
        self.critical = critical
    }

    public func apply(to result: CheckResult) -> CheckResult {
        guard let rtt = result.rttMs else { return result }
        var out = result
        if let critical, critical.alerts(rtt), out.status < .critical {
            out.status = .critical
            out.explanation += "; round trip \(FixedPoint.format(rtt, digits: 2)) ms is outside --critical \(critical.text)"
            out.hint = "the far end answers slowly: look at its load, or at the network between"
        } else if let warning, warning.alerts(rtt), out.status < .warning {
            out.status = .warning
            out.explanation += "; round trip \(FixedPoint.format(rtt, digits: 2)) ms is outside --warning \(warning.text)"
            out.hint = "the far end answers slowly: look at its load, or at the network between"
        }
        return out
    }
}
