import SIPCore

/// Folds report lines to a terminal's width at spaces, continuing under the line's own indentation.
enum TextWrap {
    static let width = 80

    static func wrap(_ line: String, width: Int = width, continuation extra: Int = 2) -> [String] {
        guard line.count > width else { return [line] }
        let leading = String(line.prefix(while: { $0 == " " }))
        let indent = String(repeating: " ", count: min(leading.count + extra, width / 2))
        var out: [String] = []
        var current = leading
        for word in line.dropFirst(leading.count).split(separator: " ") {
            let candidate = current.allSatisfy({ $0 == " " }) ? current + word : current + " " + word
            if candidate.count > width, current.contains(where: { $0 != " " }) {
                out.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { out.append(current) }
        // Words longer than the width (a long URI) are cut, so no line exceeds it.
        return out.flatMap { piece -> [String] in
            guard piece.count > width else { return [piece] }
            var rest = Substring(piece)
            var parts: [String] = []
            while rest.count > width {
                parts.append(String(rest.prefix(width)))
                rest = Substring(indent + rest.dropFirst(width))
            }
            parts.append(String(rest))
            return parts
        }
    }

    /// Every line is escaped for the terminal before it is folded: remote text (Server, reason phrase,
    /// Warning, echoed messages) reaches these lines, and a peer's escape sequence or line break must
    /// neither drive the terminal nor forge a line of the report.
    static func wrapAll(_ lines: [String]) -> String {
        lines.flatMap { wrap($0.terminalSafe()) }.joined(separator: "\n")
    }
}
