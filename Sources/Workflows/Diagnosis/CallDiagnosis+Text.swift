import Probes

extension CallDiagnosis {
    /// For a person: the status line first, then cause, evidence, fix and the probes' one-line results.
    public func text() -> String {
        let label = ["OK", "WARNING", "CRITICAL", "UNKNOWN"][Int(min(max(exitCode, 0), 3))]
        var lines = ["\(label): call \(callUUID): \(cause.rawValue): \(summary)"]
        var facts: [String] = []
        if let hangupCode { facts.append("hangup \(hangupCode) \(hangupCause ?? "")".trimmingCharacters(in: .whitespaces)) }
        if let hangupSource { facts.append("by \(hangupSource)") }
        if let direction { facts.append(direction) }
        if !facts.isEmpty { lines.append("  " + facts.joined(separator: ", ")) }
        lines.append("evidence:")
        for item in evidence {
            lines.append("  [\(item.source)] \(item.item): \(item.value)" + (item.note.map { " — \($0)" } ?? ""))
        }
        if !probesNotRun.isEmpty {
            lines.append("not run:")
            lines += probesNotRun.map { "  \($0)" }
        }
        lines.append("fix: \(fix)")
        return lines.joined(separator: "\n")
    }
}
