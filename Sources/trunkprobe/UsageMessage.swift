import Foundation

/// Turns argument-parser's "The value 'x' is invalid for '--flag <name>'…" into the one line every bad value
/// gets here: `--flag must be …, got 'x'`. Other messages pass unchanged. The reason comes from a
/// `CheckedArgument` (via `@Option(transform:)`) or from the choices of an enumerated option.
enum UsageMessage {
    static func oneLine(_ message: String) -> String {
        let prefix = "The value '"
        guard message.hasPrefix(prefix), let invalid = message.range(of: "' is invalid for '") else { return message }
        let value = String(message[message.index(message.startIndex, offsetBy: prefix.count)..<invalid.lowerBound])
        let rest = message[invalid.upperBound...]
        guard let close = rest.firstIndex(of: "'") else { return message }
        let synopsis = rest[..<close]
        // "--timeout <seconds>" → "--timeout"; a positional "<target>" keeps its angle brackets.
        let flag = synopsis.hasPrefix("-") ? String(synopsis.split(separator: " ").first ?? synopsis) : String(synopsis)
        let tail = rest[rest.index(after: close)...]
        if tail.hasPrefix(": ") {
            let reason = String(tail.dropFirst(2))
            if reason.hasPrefix(flag) { return reason }
            if reason.hasPrefix("must ") { return "\(flag) \(reason), got '\(value)'" }
            return "\(flag) '\(value)': \(reason)"
        }
        if tail.contains("Please provide one of") {
            return "\(flag) must be one of \(choices(in: String(tail))), got '\(value)'"
        }
        return "\(flag) '\(value)' is not a valid value (see --help)"
    }

    /// The quoted choices of ". Please provide one of 'a', 'b' or 'c'." or of its bulleted form.
    private static func choices(in text: String) -> String {
        var values: [String] = []
        if text.contains("\n") {
            values = text.split(separator: "\n").compactMap { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                return t.hasPrefix("- ") ? String(t.dropFirst(2)) : nil
            }
        } else {
            let parts = text.split(separator: "'", omittingEmptySubsequences: false)
            values = stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
        }
        return values.joined(separator: ", ")
    }
}
