import SIPCore

/// One `--listen transport:address:port` of the responder.
public struct ResponderEndpoint: Sendable, Equatable, CustomStringConvertible {
    public var transport: SIPTransportKind
    public var host: String
    public var port: Int

    public init(transport: SIPTransportKind, host: String, port: Int) {
        self.transport = transport
        self.host = host
        self.port = port
    }

    /// Parses `udp:127.0.0.1:5060`, `tcp:[::1]:5060`, `tls:0.0.0.0:5061`; the port may be 0 (any).
    public init(parsing text: String) throws(SIPParseError) {
        guard let colon = text.firstIndex(of: ":") else {
            throw SIPParseError(.malformedURI, "listen address '\(text)' must be TRANSPORT:ADDRESS:PORT, e.g. udp:127.0.0.1:5060")
        }
        guard let transport = SIPTransportKind(token: String(text[..<colon])) else {
            throw SIPParseError(.malformedURI, "unknown transport '\(text[..<colon])' in '\(text)' (udp, tcp or tls)")
        }
        let rest = String(text[text.index(after: colon)...])
        let (host, port) = try HostPort.split(rest.replacingPortZero())
        guard IPAddressText.isNumeric(host) else {
            throw SIPParseError(.malformedURI, "listen address '\(host)' must be an IP address")
        }
        self.init(transport: transport, host: host, port: rest.hasSuffix(":0") ? 0 : (port ?? transport.defaultPort))
    }

    public var description: String { "\(transport.rawValue):\(HostPort.join(host: host, port: port))" }
}

private extension String {
    /// HostPort rejects port 0 (never valid in a URI); a listener may ask for it.
    func replacingPortZero() -> String { hasSuffix(":0") ? String(dropLast(2)) : self }
}
