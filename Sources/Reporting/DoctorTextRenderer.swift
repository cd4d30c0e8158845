import Workflows

/// `doctor` for a person: the status line first, then each finding (worst first) with its fix, then the
/// probes' one-line results, folded to 80 columns.
public enum DoctorTextRenderer {
    public static func render(_ report: DoctorReport) -> String {
        let label = ["OK", "WARNING", "CRITICAL"][Int(report.exitCode)]
        let critical = report.findings.filter { $0.severity == .critical }.count
        let warnings = report.findings.filter { $0.severity == .warning }.count
        let read = ["trunks", "uris", "credentials", "ip_acls", "numbers"].map {
            "\(report.counts[$0] ?? 0) \($0.replacingOccurrences(of: "_", with: " "))"
        }
        var lines = ["\(label): doctor: \(critical) critical, \(warnings) warning(s)"
                     + (report.platform.map { " for \($0)" } ?? "") + " (\(read.joined(separator: ", ")))"]
        for finding in report.findings {
            lines.append("\(finding.severity.rawValue.uppercased()) \(finding.rule.rawValue): \(finding.resource): \(finding.message)")
            lines.append("  fix: \(finding.fix)")
        }
        if !report.probes.isEmpty {
            lines.append("probes:")
            for probe in report.probes {
                lines.append("  \(probe.status.label) \(probe.target): \(probe.verdict.rawValue)"
                             + (probe.statusCode.map { " (\($0))" } ?? "") + (probe.rttMs.map { " \(Int($0)) ms" } ?? ""))
            }
        }
        return TextWrap.wrapAll(lines)
    }
}
