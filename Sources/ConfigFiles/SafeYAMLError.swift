/// A configuration file that was refused before or while it was parsed: too big, not UTF-8, past a nesting,
/// scalar or alias limit, or not valid YAML. One line, naming the file and (when known) the line.
public struct SafeYAMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The path the text came from, or nil for text handed over in memory.
    public var file: String?
    /// 1-based line of the offending input, when the check knows it.
    public var line: Int?
    /// What is wrong, phrased for the user ("nesting deeper than 64 levels").
    public var message: String

    public init(file: String?, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, the form compilers use, so editors can jump to it.
    public var description: String {
        var prefix = ""
        if let file { prefix += "\(file):" }
        if let line { prefix += "\(line):" }
        return prefix.isEmpty ? message : "\(prefix) \(message)"
    }
}
