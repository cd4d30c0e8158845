/// How an attempt ended below SIP, before any response: the transport outcomes a verdict and the
/// RFC 3263 §4.3 fail-over decision are made from.
public enum TransportOutcome: String, Sendable, Codable, CaseIterable {
    /// The deadline passed in some stage (see `EndpointStage`).
    case timeout
    /// ICMP port unreachable (UDP) or a TCP RST in answer to SYN.
    case refused
    /// The transport broke (reset, closed, unreachable, cannot bind).
    case transportError = "transport_error"
    /// The TLS handshake or certificate verification failed.
    case tlsFailed = "tls_failed"
    /// Server location failed: the name does not resolve.
    case dnsFailed = "dns_failed"
}
