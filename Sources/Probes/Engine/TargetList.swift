import SIPCore

/// The targets of a `--targets-file`: one target per line, in any form `ProbeTarget` accepts. Blank lines
/// are skipped; `#` starts a comment when it begins a line or follows white space (a `#` inside a
/// target, as in an escaped user part, is left alone).
public enum TargetList {
    /// One line that is not a target, named by its line number so the user can find it.
    public struct LineError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }
    }

    /// The target texts with their line numbers, comments and blank lines removed.
    public static func lines(_ text: String) -> [(line: Int, text: String)] {
        var out: [(line: Int, text: String)] = []
        var number = 0
        // A byte order mark (Windows editors and spreadsheets save UTF-8 with one) is not part of line 1.
        let text = text.first == "\u{FEFF}" ? Substring(text.dropFirst()) : Substring(text)
        // "\r\n" is one Character in Swift, so it is a separator of its own.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = Substring(raw)
            if let hash = commentStart(line) { line = line[..<hash] }
            let trimmed = trim(line)
            if !trimmed.isEmpty { out.append((number, trimmed)) }
        }
        return out
    }

    /// Parses every target line; the first bad line is the error (one clear line for the user).
    public static func parse(_ text: String, transport: SIPTransportKind? = nil) throws(LineError) -> [ProbeTarget] {
        var targets: [ProbeTarget] = []
        for (line, target) in lines(text) {
            do {
                targets.append(try ProbeTarget(parsing: target, transport: transport))
            } catch {
                throw LineError(line: line, message: "bad target '\(target)': \(error.message)")
            }
        }
        return targets
    }

    private static func trim(_ line: Substring) -> String {
        let blank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = line.firstIndex(where: { !blank($0) }), let last = line.lastIndex(where: { !blank($0) }) else { return "" }
        return String(line[first...last])
    }

    private static func commentStart(_ line: Substring) -> Substring.Index? {
        var previous: Character?
        for index in line.indices {
            let c = line[index]
            if c == "#", previous == nil || previous == " " || previous == "\t" { return index }
            previous = c
        }
        return nil
    }
}
