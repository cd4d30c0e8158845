import Foundation
import Probes

extension ReportTextRenderer {
    /// `summary(_:)` from a tally, for runs that do not keep their reports (`trunkprobe options --count`).
    public static func summary(_ tally: ProbeTally) -> String {
        var line = "\(tally.worst.label): \(tally.count) sent, \(tally.answered) answered"
        let lost = tally.count - tally.answered
        line += ", \(FixedPoint.format(tally.isEmpty ? 0 : Double(lost) * 100 / Double(tally.count), digits: 0))% without response"
        line += "\n--- \(tally.first?.requestURI ?? "") ---"
        if let min = tally.rttMinMs, let max = tally.rttMaxMs, let avg = tally.rttAvgMs {
            line += "\nrtt min/avg/max = \(FixedPoint.format(min, digits: 3))/\(FixedPoint.format(avg, digits: 3))/\(FixedPoint.format(max, digits: 3)) ms"
        }
        return line.terminalSafe(keepingNewlines: true)
    }

    /// `runSummary(_:)` from a tally: probes and targets counted, then the count per status.
    public static func runSummary(_ tally: ProbeTally) -> String {
        let order: [ProbeStatus] = [.ok, .warning, .critical, .unknown]
        let parts = order.compactMap { status in tally.statuses[status].map { "\($0) \(status.label)" } }
        let targets = tally.targets.count
        return "--- \(tally.count) probe\(tally.count == 1 ? "" : "s") to \(targets) target\(targets == 1 ? "" : "s") ---\n"
            + parts.joined(separator: ", ") + "; worst \(tally.worst.label)"
    }
}
