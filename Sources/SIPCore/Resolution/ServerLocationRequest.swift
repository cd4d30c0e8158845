/// What RFC 3263 needs to know about a SIP URI to locate its server (§4): the scheme, the host
/// (or maddr), an explicit port and an explicit `transport=` parameter.
///
/// The caller extracts these from its own URI type; keeping this a plain value keeps server location
/// independent of the message model.
public struct ServerLocationRequest: Sendable, Equatable {
    public enum Scheme: String, Sendable, Equatable {
        case sip
        case sips
    }

    public var scheme: Scheme
    /// The TARGET (RFC 3263 §4: the `maddr` parameter if present, else the host part). IPv6 without brackets.
    public var host: String
    /// The port written in the URI, if any. An explicit port skips NAPTR and SRV (§4.1, §4.2).
    public var port: Int?
    /// The `transport=` parameter, if any. It wins over NAPTR (§4.1).
    public var transport: SIPTransportKind?
    /// True when `host` is a numeric IPv4 or IPv6 address: no DNS at all (§4.1, §4.2).
    public var hostIsNumeric: Bool

    /// - Parameter hostIsNumeric: nil detects it from `host` (inet_pton, brackets allowed).
    public init(scheme: Scheme = .sip, host: String, port: Int? = nil, transport: SIPTransportKind? = nil,
                hostIsNumeric: Bool? = nil) {
        self.scheme = scheme
        let bare = IPAddressText.stripBrackets(host)
        // DNS names compare case-insensitively; a trailing dot (absolute name) adds nothing here.
        self.host = bare.hasSuffix(".") && bare.count > 1 ? String(bare.dropLast()) : bare
        self.port = port
        self.transport = transport
        self.hostIsNumeric = hostIsNumeric ?? IPAddressText.isNumeric(bare)
    }
}
