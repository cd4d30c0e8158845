extension DoctorReport {
    /// For a person: the status line first, then each finding worst first, each with its fix.
    public func text() -> String {
        let label = ["OK", "WARNING", "CRITICAL"][Int(exitCode)]
        let critical = findings.filter { $0.severity == .critical }.count
        let warnings = findings.filter { $0.severity == .warning }.count
        let read = ["trunks", "uris", "credentials", "ip_acls", "numbers"].map { "\(counts[$0] ?? 0) \($0.replacingOccurrences(of: "_", with: " "))" }
        var lines = ["\(label): doctor: \(critical) critical, \(warnings) warning(s)"
                     + (platform.map { " for \($0)" } ?? "") + " (\(read.joined(separator: ", ")))"]
        for finding in findings {
            lines.append("\(finding.severity.rawValue.uppercased()) \(finding.rule.rawValue): \(finding.resource): \(finding.message)")
            lines.append("  fix: \(finding.fix)")
        }
        if !probes.isEmpty {
            lines.append("probes:")
            for report in probes {
                lines.append("  \(report.status.label) \(report.target): \(report.verdict.rawValue)"
                             + (report.statusCode.map { " (\($0))" } ?? "") + (report.rttMs.map { " \(Int($0)) ms" } ?? ""))
            }
        }
        return lines.joined(separator: "\n")
    }
}
