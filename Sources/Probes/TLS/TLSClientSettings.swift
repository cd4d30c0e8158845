import SIPClient

/// How a probe speaks TLS: trust, identity, and an optional client certificate (docs/tls.md).
public struct TLSClientSettings: Sendable {
    /// Which name the server's certificate must carry (RFC 5922 §7.2).
    public enum Identity: Sendable, Equatable {
        /// The SIP domain of the URI (the default, as RFC 5922 requires), not the SRV target.
        case domain
        /// The host an SRV record pointed to (what many providers actually certify).
        case target
        /// An explicit name (`--tls-server-name`).
        case name(String)
    }

    public var caFile: String?
    /// Probe anyway when nothing verifies; reports say loudly that nothing was verified.
    public var insecure: Bool
    public var identity: Identity
    public var certificateFile: String?
    public var privateKeyFile: String?

    public init(caFile: String? = nil, insecure: Bool = false, identity: Identity = .domain,
                certificateFile: String? = nil, privateKeyFile: String? = nil) {
        self.caFile = caFile
        self.insecure = insecure
        self.identity = identity
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
    }

    /// The OpenSSL context for these settings; throws `TLSConfigurationError` for unreadable files.
    public func makeContext() throws -> OpenSSLContext {
        try OpenSSLContext(configuration: configuration)
    }

    /// The name for SNI and for the certificate check: the SIP domain, the SRV target, or the override.
    public func expectedName(domain: String, target: String) -> String {
        switch identity {
        case .domain: return domain
        case .target: return target
        case .name(let name): return name
        }
    }
}

extension TLSClientSettings {
    /// The client configuration these settings stand for: the key the endpoint caches contexts by.
    public var configuration: TLSConfiguration {
        .client(caFile: caFile, insecure: insecure, certificateFile: certificateFile, privateKeyFile: privateKeyFile)
    }
}
