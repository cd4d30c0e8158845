import Workflows

/// `diagnose` for a person: the status line first, then the evidence, the probes that did not run, and
/// the fix, folded to 80 columns.
public enum DiagnosisTextRenderer {
    public static func render(_ diagnosis: CallDiagnosis) -> String {
        let label = ["OK", "WARNING", "CRITICAL", "UNKNOWN"][Int(min(max(diagnosis.exitCode, 0), 3))]
        var lines = ["\(label): call \(diagnosis.callUUID): \(diagnosis.cause.rawValue): \(diagnosis.summary)"]
        var facts: [String] = []
        if let code = diagnosis.hangupCode {
            facts.append("hangup \(code) \(diagnosis.hangupCause ?? "")".trimmingCharacters(in: .whitespaces))
        }
        if let source = diagnosis.hangupSource { facts.append("by \(source)") }
        if let direction = diagnosis.direction { facts.append(direction) }
        if !facts.isEmpty { lines.append("  " + facts.joined(separator: ", ")) }
        lines.append("evidence:")
        for item in diagnosis.evidence {
            lines.append("  [\(item.source)] \(item.item): \(item.value)" + (item.note.map { " — \($0)" } ?? ""))
        }
        if !diagnosis.probesNotRun.isEmpty {
            lines.append("not run:")
            lines += diagnosis.probesNotRun.map { "  \($0)" }
        }
        lines.append("fix: \(diagnosis.fix)")
        return TextWrap.wrapAll(lines)
    }
}
