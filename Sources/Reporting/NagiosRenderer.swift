import Foundation
import Probes
import SIPCore

/// Output as monitoring plugins write it (Nagios plugin development guidelines): a first line
/// `TRUNKPROBE STATUS - summary | perfdata`, then one line per check (long output). Perfdata per check is
/// `'label'=value[UOM];warn;crit;min;max`: the round-trip time in ms and the check's status.
public enum NagiosRenderer {
    public static func render(_ results: [CheckResult], thresholds: RoundTripThresholds = RoundTripThresholds()) -> String {
        let worst = results.map(\.status).max() ?? .unknown
        let failed = results.filter { $0.status != .ok }
        var summary = "\(results.count - failed.count) of \(results.count) check\(results.count == 1 ? "" : "s") OK"
        if !failed.isEmpty {
            summary += "; " + failed.prefix(3).map { "\($0.name): \($0.verdict)" }.joined(separator: ", ")
            if failed.count > 3 { summary += ", and \(failed.count - 3) more" }
        }
        var perf: [String] = []
        for result in results {
            // `U`: the value could not be determined (nothing answered); it takes no unit.
            let rtt = result.rttMs.map { "\(FixedPoint.format($0, digits: 3))ms" } ?? "U"
            perf.append("\(label(result.name + " rtt"))=\(rtt);\(thresholds.warning?.text ?? "");\(thresholds.critical?.text ?? "");0;")
            perf.append("\(label(result.name + " status"))=\(result.status.rawValue);1;2;0;3")
        }
        var lines = ["TRUNKPROBE \(worst.label) - \(clean(summary)) | \(perf.joined(separator: " "))"]
        for result in results {
            lines.append(clean("\(result.status.label) \(result.name): \(result.verdict) - \(result.explanation)"))
        }
        return lines.joined(separator: "\n")
    }

    /// A perfdata label: quoted, a quote doubled; `=` is not allowed in labels even quoted, and `|` would
    /// end the text part for the monitoring system.
    static func label(_ text: String) -> String {
        let safe = text.replacingOccurrences(of: "=", with: "-").replacingOccurrences(of: "|", with: "/")
        return "'" + safe.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `|` separates text from perfdata: it must not appear in the text.
    static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ").terminalSafe()
    }
}
