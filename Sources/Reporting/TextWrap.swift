import SIPCore

/// Folds report lines to a terminal's width at spaces, continuing under the line's own indentation.
enum TextWrap {
    static let width = 80

    /// A word is never cut and a command never folded: a URI, an address or a command (see `words`) that is
    /// longer than the room left stands alone on its line, whole, so it still copies and pastes (the only way
    /// a line exceeds the width).
    static func wrap(_ line: String, width: Int = width, continuation extra: Int = 2) -> [String] {
        guard line.count > width else { return [line] }
        let leading = String(line.prefix(while: { $0 == " " }))
        let indent = String(repeating: " ", count: min(valueColumn(line) ?? leading.count + extra, width / 2))
        var out: [String] = []
        var current = leading
        for (gap, word) in words(String(line.dropFirst(leading.count))) {
            // The spaces between words are kept as written (a report's columns), and dropped at a fold.
            let candidate = current.allSatisfy({ $0 == " " }) ? current + word : current + gap + word
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

    /// A report line laid out as `  label       value` continues under its value, so the label column stays
    /// clear; nil for other lines.
    static func valueColumn(_ line: String) -> Int? {
        let characters = Array(line)
        var i = characters.prefix(while: { $0 == " " }).count
        let labelStart = i
        while i < characters.count, characters[i] != " " { i += 1 }
        guard i > labelStart, i + 1 < characters.count, characters[i + 1] == " " else { return nil }
        while i < characters.count, characters[i] == " " { i += 1 }
        return i < characters.count ? i : nil
    }

    /// The subcommands that mark `trunkprobe WORD` in a hint or fix as a command to run (not prose such as
    /// "trunkprobe cancelled the call").
    static let subcommands: Set<String> = [
        "options", "invite", "failover", "check", "smoke", "provision", "teardown", "api", "sandbox", "responder",
        "doctor", "diagnose", "serve",
    ]

    /// The line's words with the spaces before each, split at spaces, except that a command is one word: a span
    /// in backticks, or `trunkprobe SUBCOMMAND ...` up to the end of the line, a closing parenthesis (when
    /// it opened with one), or a word ending in `;` or `,`. Folding inside a command would turn one command
    /// into two when it is pasted into a shell.
    static func words(_ text: String) -> [(gap: String, word: String)] {
        var pieces: [(gap: String, word: String)] = []
        var gap = ""
        var word = ""
        for character in text {
            if character == " " {
                if !word.isEmpty { pieces.append((gap, word)); gap = ""; word = "" }
                gap.append(character)
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { pieces.append((gap, word)) }
        var out: [(gap: String, word: String)] = []
        var span: [(gap: String, word: String)] = []
        var closes: (String) -> Bool = { _ in false }
        func flush() {
            guard let first = span.first else { return }
            out.append((first.gap, first.word + span.dropFirst().map { $0.gap + $0.word }.joined()))
            span = []
        }
        for (index, piece) in pieces.enumerated() {
            if !span.isEmpty {
                span.append(piece)
                if closes(piece.word) { flush() }
                continue
            }
            let next = index + 1 < pieces.count ? pieces[index + 1].word : ""
            if piece.word.filter({ $0 == "`" }).count % 2 == 1 {
                span = [piece]
                closes = { $0.contains("`") }
            } else if ["trunkprobe", "(trunkprobe"].contains(piece.word), subcommands.contains(next) {
                span = [piece]
                let parenthesised = piece.word.hasPrefix("(")
                closes = { parenthesised ? $0.hasSuffix(")") : ($0.hasSuffix(";") || $0.hasSuffix(",")) }
            } else {
                out.append(piece)
            }
        }
        flush()
        return out
    }

    /// Every line is escaped for the terminal before it is folded: remote text (Server, reason phrase,
    /// Warning, echoed messages) reaches these lines, and a peer's escape sequence or line break must
    /// neither drive the terminal nor forge a line of the report.
    static func wrapAll(_ lines: [String]) -> String {
        lines.flatMap { wrap($0.terminalSafe()) }.joined(separator: "\n")
    }
}
