/// Why a TLS connection to a SIP peer failed: a closed set, one per verdict reason of `tls_failed`.
///
/// Each reason carries a one-line explanation and a hint written for a Plivo Zentrunk trunk
/// (`secure: true` on the trunk, the platform's certificate). docs/tls.md expands on each.
public enum TLSFailure: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The chain does not lead to a trusted CA (self-signed, private CA not given, missing intermediate).
    case unknownIssuer = "unknown_issuer"
    /// The chain verifies but the certificate names neither the SIP domain nor the `--tls-server-name`.
    case nameMismatch = "name_mismatch"
    /// The peer's certificate (or one in its chain) is past its notAfter.
    case expired
    /// The peer's certificate (or one in its chain) is before its notBefore (often a clock problem).
    case notYetValid = "not_yet_valid"
    /// TLS was spoken but no session could be agreed (no shared version or cipher, handshake alert).
    case handshakeFailed = "handshake_failed"
    /// The peer asked for a client certificate and refused the connection without one (mutual TLS).
    case clientCertificateRequired = "client_certificate_required"
    /// The peer did not speak TLS: it closed during the handshake or sent something that is not a TLS record.
    case protocolError = "protocol_error"

    public var description: String { rawValue }

    /// One line for a human: what happened.
    public var explanation: String {
        switch self {
        case .unknownIssuer:
            return "the peer's certificate is not signed by a CA this machine trusts (self-signed, private CA, or missing intermediate)"
        case .nameMismatch:
            return "the peer's certificate is valid but does not name the host the probe expected"
        case .expired:
            return "the peer's certificate has expired"
        case .notYetValid:
            return "the peer's certificate is not valid yet (its notBefore is in the future, or this machine's clock is wrong)"
        case .handshakeFailed:
            return "the TLS handshake failed: no TLS version or cipher suite in common, or the peer aborted the handshake"
        case .clientCertificateRequired:
            return "the peer requires a client certificate (mutual TLS) and none was sent, or it rejected the one sent"
        case .protocolError:
            return "the peer does not speak TLS on this port: it closed the connection or sent non-TLS data during the handshake"
        }
    }

    /// What to change, for a Plivo Zentrunk trunk.
    public var hint: String {
        switch self {
        case .unknownIssuer:
            return "a Zentrunk trunk with secure: true presents the platform's publicly trusted certificate; if this peer is yours (an origination URI), install a certificate from a public CA with its full chain, or pass --ca-file with your private CA"
        case .nameMismatch:
            return "probe the trunk by its Zentrunk trunk domain, not an IP or alias; for your own origination URI, put its host name in the certificate's SAN, or pass --tls-server-name with the name the certificate carries"
        case .expired:
            return "renew the certificate on the peer; Zentrunk refuses TLS calls to an origination URI whose certificate has expired"
        case .notYetValid:
            return "check this machine's clock (NTP); if it is right, the peer installed a certificate too early or with a wrong notBefore"
        case .handshakeFailed:
            return "the peer must offer TLS 1.2 or 1.3 with a modern cipher suite; check that the port is the TLS port (5061) and that secure: true is set on the trunk"
        case .clientCertificateRequired:
            return "pass --cert and --key with the client certificate the peer trusts, or turn off client certificate verification on your SBC for Zentrunk's addresses"
        case .protocolError:
            return "check that the URI uses the TLS port (5061 by default, ;transport=tls or sips:) and that the trunk has secure: true; a plain TCP or UDP listener answers like this"
        }
    }
}

/// A failed TLS connection: the classified reason plus OpenSSL's own error text.
///
/// Fired by `TLSHandler` through `errorCaught` (and used to fail its handshake promise) just
/// before it closes the channel.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    public var failure: TLSFailure
    /// OpenSSL's error queue and verify result, rendered (e.g. "certificate verify failed: unable to get local issuer certificate").
    public var openSSLError: String
    /// What was learnt about the peer before the failure (its certificate facts, when one was received).
    public var report: TLSSessionReport?

    public init(failure: TLSFailure, openSSLError: String, report: TLSSessionReport? = nil) {
        self.failure = failure
        self.openSSLError = openSSLError
        self.report = report
    }

    public var description: String {
        openSSLError.isEmpty ? "TLS \(failure): \(failure.explanation)"
            : "TLS \(failure): \(failure.explanation) (\(openSSLError))"
    }
}

/// A TLS configuration that cannot be used: unreadable or mismatched certificate or key, bad CA file.
/// Raised before any connection is made; the CLI reports it as a usage error, not a probe verdict.
public struct TLSConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
