import SIPCore

/// Folds report lines to a terminal's width at spaces, continuing under the line's own indentation.
enum TextWrap {
    static let width = 80

    /// A word is never cut: a URI, an address or a `command` in backticks that is longer than the room left
    /// stands alone on its line, whole, so it still copies and pastes (the only way a line exceeds the width).
    static func wrap(_ line: String, width: Int = width, continuation extra: Int = 2) -> [String] {
        guard line.count > width else { return [line] }
        let leading = String(line.prefix(while: { $0 == " " }))
        let indent = String(repeating: " ", count: min(leading.count + extra, width / 2))
        var out: [String] = []
        var current = leading
        for word in words(String(line.dropFirst(leading.count)), room: width - indent.count) {
            let candidate = current.allSatisfy({ $0 == " " }) ? current + word : current + " " + word
            if candidate.count > width, current.contains(where: { $0 != " " }) {
                out.append(current)
                current = indent + word
            } else {
                current = candidate
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// The line's words, split at spaces, except that a span in backticks (a command to run) is kept as one
    /// word when it fits on a continuation line, so a command is not folded in the middle.
    static func words(_ text: String, room: Int) -> [String] {
        var words: [String] = []
        var span: [Substring] = []
        for word in text.split(separator: " ") {
            if span.isEmpty {
                let ticks = word.filter { $0 == "`" }.count
                if ticks % 2 == 1 { span = [word] } else { words.append(String(word)) }
            } else {
                span.append(word)
                if word.contains("`") {
                    words += joined(span, room: room)
                    span = []
                }
            }
        }
        words += joined(span, room: room)
        return words
    }

    private static func joined(_ span: [Substring], room: Int) -> [String] {
        guard !span.isEmpty else { return [] }
        let whole = span.joined(separator: " ")
        return whole.count <= room ? [whole] : span.map(String.init)
    }

    /// Every line is escaped for the terminal before it is folded: remote text (Server, reason phrase,
    /// Warning, echoed messages) reaches these lines, and a peer's escape sequence or line break must
    /// neither drive the terminal nor forge a line of the report.
    static func wrapAll(_ lines: [String]) -> String {
        lines.flatMap { wrap($0.terminalSafe()) }.joined(separator: "\n")
    }
}
