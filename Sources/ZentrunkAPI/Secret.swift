/// A password or token. Its description is always redacted, so it cannot leak through string interpolation,
/// `dump`, logs or error messages; only the request body builder reads `value`.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

extension Secret {
    /// The first line of a password file or of standard input, without its line end. "\r\n" is one Swift
    /// `Character`, so splitting on "\n" alone would keep a Windows line end inside the password (and the
    /// server would reject it); `isNewline` covers LF, CRLF and CR.
    public static func firstLine(of text: String) -> String {
        String(text.split(maxSplits: 1, omittingEmptySubsequences: false, whereSeparator: \.isNewline).first ?? "")
    }
}

