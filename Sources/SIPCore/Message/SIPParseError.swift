/// Why bytes could not be turned into a SIP message or a message into bytes.
public struct SIPParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Reason: String, Sendable {
        case empty
        case tooLarge = "too_large"
        case malformedStartLine = "malformed_start_line"
        case malformedHeader = "malformed_header"
        case missingHeader = "missing_header"
        case malformedURI = "malformed_uri"
        case parserFailure = "parser_failure"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
