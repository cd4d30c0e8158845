/// A parsed SIP message: a request or a response.
public enum SIPMessage: Sendable, Equatable {
    case request(SIPRequest)
    case response(SIPResponse)

    /// The largest message trunkprobe accepts (RFC 3261 §18.1.1 keeps UDP messages far below this);
    /// anything bigger is dropped before it reaches the parser.
    public static let maximumSize = 65_536

    /// Parses one complete message through libosip2, after cheap sanity checks on untrusted bytes
    /// (siproxd's security_check_raw lesson: old parsers crashed on degenerate start lines).
    public init(parsing bytes: [UInt8]) throws(SIPParseError) {
        self = try OSIPMessage.parse(bytes)
    }

    public var headers: SIPHeaders {
        switch self {
        case .request(let r): r.headers
        case .response(let r): r.headers
        }
    }
}
