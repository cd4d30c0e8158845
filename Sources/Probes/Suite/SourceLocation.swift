/// A place in a suite file: the file and 1-based line (and the key, when one is to blame).
public struct SourceLocation: Sendable, Equatable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int?

    public init(file: String, line: Int?) {
        self.file = file
        self.line = line
    }

    public var description: String { line.map { "\(file):\($0)" } ?? file }
}
