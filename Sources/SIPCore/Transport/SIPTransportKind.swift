/// A SIP transport as named in the Via header and the `transport` URI parameter (RFC 3261 §18, §19.1.1).
public enum SIPTransportKind: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case udp
    case tcp
    case tls

    /// The token used in the Via sent-protocol (`SIP/2.0/UDP`).
    public var viaToken: String { rawValue.uppercased() }

    /// Reliable transports get no retransmissions and zero Timer K/D (RFC 3261 §17.1.1.2, §17.1.2.2).
    public var isReliable: Bool { self != .udp }

    /// Default port per RFC 3261 §19.1.2 / RFC 3263 §4.2: 5060, or 5061 for TLS.
    public var defaultPort: Int { self == .tls ? 5061 : 5060 }

    public var description: String { rawValue }

    /// Parses `udp`, `TCP`, `tls`… case-insensitively.
    public init?(token: String) {
        self.init(rawValue: token.lowercased())
    }
}
