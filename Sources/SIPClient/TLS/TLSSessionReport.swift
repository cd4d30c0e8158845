/// What a TLS handshake established, for the probe report's `tls` object.
///
/// Encodes with snake_case keys whatever the encoder's key strategy. Dates are ISO 8601 strings (UTC).
public struct TLSSessionReport: Sendable, Codable, Equatable {
    /// Which side of the connection this handler was.
    public enum Role: String, Sendable, Codable { case client, server }

    /// The peer's leaf certificate, as received.
    public struct Certificate: Sendable, Codable, Equatable {
        /// Subject distinguished name, RFC 2253 form ("CN=trunk.test,O=Example").
        public var subject: String
        /// Issuer distinguished name, RFC 2253 form.
        public var issuer: String
        /// The subject's CN, if any (used for name checks only when there are no DNS or URI SANs).
        public var commonName: String?
        /// subjectAltName dNSName entries.
        public var dnsNames: [String]
        /// subjectAltName URI entries (`sip:` URIs count as identities, RFC 5922 §7.1).
        public var uris: [String]
        /// subjectAltName iPAddress entries, textual.
        public var ipAddresses: [String]
        /// notBefore, ISO 8601 UTC.
        public var notBefore: String
        /// notAfter, ISO 8601 UTC.
        public var notAfter: String
        /// Whole days from the handshake until notAfter; negative once expired.
        public var daysLeft: Int
        /// Serial number, hex.
        public var serialNumber: String

        public init(subject: String, issuer: String, commonName: String?, dnsNames: [String], uris: [String],
                    ipAddresses: [String], notBefore: String, notAfter: String, daysLeft: Int, serialNumber: String) {
            self.subject = subject; self.issuer = issuer; self.commonName = commonName
            self.dnsNames = dnsNames; self.uris = uris; self.ipAddresses = ipAddresses
            self.notBefore = notBefore; self.notAfter = notAfter; self.daysLeft = daysLeft
            self.serialNumber = serialNumber
        }

        enum CodingKeys: String, CodingKey {
            case subject, issuer, uris
            case commonName = "common_name"
            case dnsNames = "dns_names"
            case ipAddresses = "ip_addresses"
            case notBefore = "not_before"
            case notAfter = "not_after"
            case daysLeft = "days_left"
            case serialNumber = "serial_number"
        }
    }

    /// The result of chain verification against the trust store or `--ca-file`.
    public enum ChainVerification: String, Sendable, Codable {
        /// The chain verified (signatures, validity dates, trust anchor).
        case verified
        /// Nothing was checked: `--insecure`.
        case notVerifiedInsecure = "not_verified_insecure"
        /// Server role: the client sent no certificate, or client certificates are not verified.
        case notApplicable = "not_applicable"
        /// The chain did not verify (only seen in the report carried by a `TLSError`).
        case failed
    }

    /// How the expected name was found in the certificate (RFC 5922 §7.1, RFC 6125 §6).
    public struct NameMatch: Sendable, Codable, Equatable {
        public enum Source: String, Sendable, Codable {
            case dnsSAN = "dns_san", uriSAN = "uri_san", ipSAN = "ip_san", commonName = "common_name"
        }
        /// The name that was looked for: the SIP domain, or `--tls-server-name`.
        public var expectedName: String
        /// The certificate entry that matched, as written in the certificate (e.g. "*.sip.example.com").
        public var matched: String
        public var source: Source
        /// Whether the match was through a wildcard ("*.example.com").
        public var wildcard: Bool
        /// Set when the match is acceptable here but not to every SIP peer.
        public var note: String?

        public init(expectedName: String, matched: String, source: Source, wildcard: Bool, note: String?) {
            self.expectedName = expectedName; self.matched = matched; self.source = source
            self.wildcard = wildcard; self.note = note
        }

        enum CodingKeys: String, CodingKey {
            case matched, source, wildcard, note
            case expectedName = "expected_name"
        }
    }

    /// Days before notAfter under which a certificate is reported as expiring soon (a warning, exit 1).
    public static let expiryWarningDays = 14

    public var role: Role
    /// Negotiated protocol, as OpenSSL names it ("TLSv1.3").
    public var protocolVersion: String
    /// Negotiated cipher suite, OpenSSL name ("TLS_AES_256_GCM_SHA384").
    public var cipher: String
    /// The SNI sent (client role), or received (server role). Never an IP literal (RFC 6066 §3).
    public var serverName: String?
    /// The peer's leaf certificate; nil when the peer sent none (a client without a certificate).
    public var peerCertificate: Certificate?
    public var chainVerification: ChainVerification
    /// OpenSSL's verify result text ("ok", "certificate has expired", …). Computed by OpenSSL even
    /// with `--insecure`, so the report can say what verification would have found.
    public var verifyResult: String
    /// Which certificate entry matched the expected name; nil when not checked (`--insecure`, server role) or no match.
    public var nameMatch: NameMatch?
    /// Client role: the server sent a CertificateRequest. Server role: always false.
    public var clientCertificateRequested: Bool
    /// Client role: a client certificate was sent. Server role: the client presented one.
    public var clientCertificateSent: Bool
    /// Verification was off (`--insecure`): nothing about the peer's identity was checked.
    public var insecure: Bool

    public init(role: Role, protocolVersion: String, cipher: String, serverName: String?, peerCertificate: Certificate?,
                chainVerification: ChainVerification, verifyResult: String, nameMatch: NameMatch?,
                clientCertificateRequested: Bool, clientCertificateSent: Bool, insecure: Bool) {
        self.role = role; self.protocolVersion = protocolVersion; self.cipher = cipher
        self.serverName = serverName; self.peerCertificate = peerCertificate
        self.chainVerification = chainVerification; self.verifyResult = verifyResult
        self.nameMatch = nameMatch; self.clientCertificateRequested = clientCertificateRequested
        self.clientCertificateSent = clientCertificateSent; self.insecure = insecure
    }

    /// The peer's certificate expires within `expiryWarningDays` days (or already has): a warning even when all else is fine.
    public var expiresSoon: Bool {
        guard let days = peerCertificate?.daysLeft else { return false }
        return days < Self.expiryWarningDays
    }

    enum CodingKeys: String, CodingKey {
        case role, cipher, insecure
        case protocolVersion = "protocol_version"
        case serverName = "server_name"
        case peerCertificate = "peer_certificate"
        case chainVerification = "chain_verification"
        case verifyResult = "verify_result"
        case nameMatch = "name_match"
        case clientCertificateRequested = "client_certificate_requested"
        case clientCertificateSent = "client_certificate_sent"
    }

    private enum DerivedKeys: String, CodingKey { case expiresSoon = "expires_soon" }

    /// Encodes the stored fields plus the derived `expires_soon`, so JSON readers need not redo the arithmetic.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(role, forKey: .role)
        try c.encode(protocolVersion, forKey: .protocolVersion)
        try c.encode(cipher, forKey: .cipher)
        try c.encodeIfPresent(serverName, forKey: .serverName)
        try c.encodeIfPresent(peerCertificate, forKey: .peerCertificate)
        try c.encode(chainVerification, forKey: .chainVerification)
        try c.encode(verifyResult, forKey: .verifyResult)
        try c.encodeIfPresent(nameMatch, forKey: .nameMatch)
        try c.encode(clientCertificateRequested, forKey: .clientCertificateRequested)
        try c.encode(clientCertificateSent, forKey: .clientCertificateSent)
        try c.encode(insecure, forKey: .insecure)
        var d = encoder.container(keyedBy: DerivedKeys.self)
        try d.encode(expiresSoon, forKey: .expiresSoon)
    }
}
