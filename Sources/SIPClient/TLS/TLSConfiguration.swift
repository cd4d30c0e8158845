/// How a TLS endpoint is set up; a value type the CLI builds from its options.
///
/// Client defaults follow the architecture's TLS row: TLS 1.2 minimum (RFC 8996 retired 1.0/1.1;
/// Zentrunk and the platforms it serves accept 1.2 and 1.3), the system trust store (the same store
/// and OpenSSL policy libcurl uses, so `--ca-file` behaves alike for the API and for SIP), chain and
/// name verified.
public struct TLSConfiguration: Sendable, Hashable {
    public enum Role: Sendable, Hashable { case client, server }

    /// Lowest or highest protocol version allowed.
    public enum ProtocolVersion: Sendable, Comparable, Hashable {
        case tls12, tls13
    }

    /// A certificate with its private key: PEM files, or PEM text (e.g. from `SelfSignedCertificate`).
    public enum Credentials: Sendable, Hashable {
        /// `certificate` may hold the leaf followed by its intermediates.
        case files(certificate: String, privateKey: String)
        case pem(certificate: String, privateKey: String)
    }

    public var role: Role
    /// PEM bundle of trusted CAs, replacing the system store (`--ca-file`). Client role; server role
    /// uses it to verify client certificates when `verifyClientCertificates` is set.
    public var caFile: String?
    /// Skip chain and name verification (`--insecure`). The handshake proceeds; the report says so.
    public var insecure: Bool
    /// Client role: the certificate sent when the server asks (`--cert`/`--key`, mutual TLS).
    /// Server role: the server's certificate (required).
    public var credentials: Credentials?
    public var minimumVersion: ProtocolVersion
    /// Upper bound, mostly for tests (forcing TLS 1.2 exercises the 1.2 alert paths); nil = library max.
    public var maximumVersion: ProtocolVersion?
    /// Server role: ask for a client certificate and require a valid one (against `caFile`).
    public var verifyClientCertificates: Bool

    public init(role: Role, caFile: String? = nil, insecure: Bool = false, credentials: Credentials? = nil,
                minimumVersion: ProtocolVersion = .tls12, maximumVersion: ProtocolVersion? = nil,
                verifyClientCertificates: Bool = false) {
        self.role = role; self.caFile = caFile; self.insecure = insecure; self.credentials = credentials
        self.minimumVersion = minimumVersion; self.maximumVersion = maximumVersion
        self.verifyClientCertificates = verifyClientCertificates
    }

    /// A client: `--ca-file`, `--insecure`, `--cert`/`--key`.
    public static func client(caFile: String? = nil, insecure: Bool = false,
                              certificateFile: String? = nil, privateKeyFile: String? = nil) -> TLSConfiguration {
        var creds: Credentials?
        if let c = certificateFile { creds = .files(certificate: c, privateKey: privateKeyFile ?? c) }
        return TLSConfiguration(role: .client, caFile: caFile, insecure: insecure, credentials: creds)
    }

    /// A server (the responder) with `--cert`/`--key` files.
    public static func server(certificateFile: String, privateKeyFile: String) -> TLSConfiguration {
        TLSConfiguration(role: .server, credentials: .files(certificate: certificateFile, privateKey: privateKeyFile))
    }

    /// A server with an in-memory certificate, e.g. `SelfSignedCertificate` when no `--cert` is given.
    public static func server(_ certificate: SelfSignedCertificate) -> TLSConfiguration {
        TLSConfiguration(role: .server,
                         credentials: .pem(certificate: certificate.certificatePEM, privateKey: certificate.privateKeyPEM))
    }
}
