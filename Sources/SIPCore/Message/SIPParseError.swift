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
        /// Content-Length not a number, out of range, or two that disagree (RFC 3261 §20.14).
        case badContentLength = "bad_content_length"
        /// Fewer body bytes than Content-Length declares in a datagram (RFC 3261 §18.3: discarded).
        case truncatedBody = "truncated_body"
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { message }
}
