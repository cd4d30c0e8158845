/// A suite that cannot be loaded or run, said in one line: `FILE:LINE: KEY: problem`.
public struct SuiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation?
    public var key: String?
    public var message: String

    public init(_ location: SourceLocation?, key: String?, _ message: String) {
        self.location = location
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = ""
        if let location { text += "\(location): " }
        if let key { text += "\(key): " }
        return text + message
    }
}
