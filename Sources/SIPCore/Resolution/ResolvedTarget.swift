/// One place to send the request: a transport, an address and a port, with how it was found.
/// `ServerLocator` returns these in the order to try them (RFC 3263 §4.3–4.4).
public struct ResolvedTarget: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var transport: SIPTransportKind
    /// The host name the address belongs to (the SRV target, or the URI host); for TLS the caller still
    /// verifies the certificate against the URI's domain by default (RFC 5922 §4).
    public var host: String
    public var port: Int
    /// A numeric IPv4 or IPv6 address, without brackets.
    public var address: String
    /// The records that led here, first to last (NAPTR, SRV, A/AAAA), with TTLs.
    public var chain: [ResolutionStep]

    public init(transport: SIPTransportKind, host: String, port: Int, address: String, chain: [ResolutionStep]) {
        self.transport = transport
        self.host = host
        self.port = port
        self.address = address
        self.chain = chain
    }

    public var isIPv6: Bool { address.contains(":") }

    /// `udp 192.0.2.10:5060 (sip1.example.com)`
    public var description: String {
        let hostPort = isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
        return "\(transport) \(hostPort)" + (host == address ? "" : " (\(host))")
    }
}
