import Foundation

/// An error from the Zentrunk API or from reaching it.
///
/// Extensible in the style of NIO's `FileSystemError`: `Code` wraps a private enum behind static
/// members so kinds can be added without breaking callers. Carries the API's own message and request id; never a
/// secret (the client builds it only from the response body, status and headers).
public struct ZentrunkError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: String, Hashable, Sendable {
            case validation, authentication, forbidden, notFound, methodNotAllowed, conflict, rateLimited
            case server, unexpectedStatus, transport, decoding
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// 400 or 422: a parameter the API rejected.
        public static var validation: Self { Self(.validation) }
        /// 401: wrong auth id or token.
        public static var authentication: Self { Self(.authentication) }
        /// 403: SIP trunking not enabled on the account, or geo permissions.
        public static var forbidden: Self { Self(.forbidden) }
        public static var notFound: Self { Self(.notFound) }
        public static var methodNotAllowed: Self { Self(.methodNotAllowed) }
        public static var conflict: Self { Self(.conflict) }
        /// 429: over the account's 300 requests per 5 s.
        public static var rateLimited: Self { Self(.rateLimited) }
        /// 5xx.
        public static var server: Self { Self(.server) }
        /// Any other non-2xx status.
        public static var unexpectedStatus: Self { Self(.unexpectedStatus) }
        /// No HTTP response: DNS, connect, TLS, timeout, a body cut short.
        public static var transport: Self { Self(.transport) }
        /// A 2xx whose body is not the JSON expected.
        public static var decoding: Self { Self(.decoding) }

        public var description: String { kind.rawValue }

        /// Maps an HTTP status to a code, following the Plivo SDKs' classification (docs/api.md).
        public static func forStatus(_ status: Int) -> Self {
            switch status {
            case 400, 422: .validation
            case 401: .authentication
            case 403: .forbidden
            case 404: .notFound
            case 405: .methodNotAllowed
            case 409: .conflict
            case 429: .rateLimited
            case 500...599: .server
            default: .unexpectedStatus
            }
        }
    }

    public var code: Code
    /// The API's message (`error`, then `message`), or a description of the local failure.
    public var message: String
    /// HTTP status, when a response arrived.
    public var status: Int?
    /// `api_id` from the body, else the `X-Request-ID` header.
    public var requestID: String?
    /// Method and path (no host, no query, no credentials) of the request that failed.
    public var request: String?

    public init(code: Code, message: String, status: Int? = nil, requestID: String? = nil, request: String? = nil) {
        self.code = code
        self.message = message
        self.status = status
        self.requestID = requestID
        self.request = request
    }

    public var description: String {
        var text = ""
        if let status { text += "HTTP \(status) (\(code))" } else { text += "\(code) error" }
        if let request { text += " on \(request)" }
        text += ": \(message)"
        if let requestID { text += " [request id \(requestID)]" }
        return text
    }
}
