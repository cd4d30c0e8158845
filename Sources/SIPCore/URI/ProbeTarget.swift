/// What a user points trunkprobe at, in any of the forms users write, normalised to a SIP URI plus
/// the transport and port the probe will use.
///
/// Accepted forms: Zentrunk's origination-URI strings (`sip.example.com`, `sip.example.com:5060`,
/// `192.168.1.100`, `192.168.1.100:5060`, optionally followed by `;transport=tcp`), `sip:` and `sips:`
/// URIs with or without a user part, and bracketed IPv6 (`[2001:db8::1]:5060`).
public struct ProbeTarget: Sendable, Equatable, CustomStringConvertible {
    /// The text as the user gave it.
    public var input: String
    /// The normalised URI; its Request-URI form drops nothing the user wrote.
    public var uri: SIPURI
    /// The transport chosen by the rules below.
    public var transport: SIPTransportKind
    /// The port to connect to.
    public var port: Int
    /// Whether the transport was fixed by the user (flag or `transport=` parameter) rather than defaulted.
    public var transportIsExplicit: Bool

    public var host: String { uri.host }
    public var description: String { uri.description }

    /// Parses `input`, then chooses transport and port per RFC 3263 §4.1–4.2 for what this version covers
    /// (no NAPTR/SRV yet): `override` (the `--transport` flag) wins, then the URI's `transport` parameter,
    /// then `sips:` → TLS, else UDP; port: explicit, else 5061 for TLS and 5060 otherwise.
    ///
    /// - Note: RFC 3263 §4.1 would query NAPTR and SRV for a host name with no port or transport; until
    ///   that lands, such a target uses UDP 5060 (TLS 5061 for `sips:`), the same as §4.1's final fallback.
    public init(parsing input: String, transport override: SIPTransportKind? = nil) throws(SIPParseError) {
        let text = input.trimmingWhitespace()
        guard !text.isEmpty else { throw SIPParseError(.malformedURI, "empty target") }
        guard !text.contains(" ") else { throw SIPParseError(.malformedURI, "target '\(text)' contains a space") }
        let lower = text.lowercased()
        let uriText: String
        if lower.hasPrefix("sip:") || lower.hasPrefix("sips:") {
            uriText = text
        } else if let colon = text.firstIndex(of: ":"), !text.hasPrefix("["),
                  text[..<colon].allSatisfy({ $0.isLetter }), text[text.index(after: colon)...].first?.isNumber == false {
            // "tel:…", "http:…": a scheme we do not probe.
            throw SIPParseError(.malformedURI, "unsupported scheme '\(text[..<colon])' in '\(text)' (use sip:, sips: or host[:port])")
        } else {
            uriText = "sip:" + text
        }
        var uri = try SIPURI(parsing: uriText)
        var explicit = false
        let chosen: SIPTransportKind
        if let override {
            chosen = override
            explicit = true
        } else if let param = uri.transportParameter {
            guard let kind = SIPTransportKind(token: param) else {
                throw SIPParseError(.malformedURI, "unknown transport '\(param)' in '\(text)' (udp, tcp or tls)")
            }
            chosen = kind
            explicit = true
        } else {
            chosen = uri.scheme == .sips ? .tls : .udp
        }
        // RFC 3261 §26.2: a SIPS URI must be reached over TLS end to end.
        if uri.scheme == .sips && chosen != .tls {
            throw SIPParseError(.malformedURI, "a sips: URI requires TLS, not \(chosen.rawValue)")
        }
        // Keep the Request-URI consistent with the transport actually used.
        if override != nil, uri.transportParameter != nil {
            uri.parameters = uri.parameters.map { $0.name == "transport" ? ("transport", chosen.rawValue) : $0 }
        }
        self.input = text
        self.uri = uri
        self.transport = chosen
        self.port = uri.port ?? chosen.defaultPort
        self.transportIsExplicit = explicit
    }
}
