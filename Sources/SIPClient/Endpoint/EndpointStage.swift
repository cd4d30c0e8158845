/// The stage of "send this request to this URI" that was running when an attempt ended; when the
/// deadline ended it, this is the stage that stalled and the report names it.
public enum EndpointStage: String, Sendable, Codable, CaseIterable {
    /// RFC 3263 §4 server location (NAPTR, SRV, A/AAAA).
    case dns
    /// The TCP three-way handshake (TCP and TLS transports).
    case tcpConnect = "tcp_connect"
    /// The TLS handshake (RFC 8446 §4) on an established TCP connection.
    case tlsHandshake = "tls_handshake"
    /// The client transaction (RFC 3261 §17.1): waiting for a final response.
    case transaction
    /// Ending an INVITE attempt: CANCEL, ACK, BYE (RFC 3261 §9.1, §13.2.2.4, §15.1.1).
    case cleanup

    /// What a stall in this stage usually means, for the report.
    public var stallDetail: String {
        switch self {
        case .dns: return "name resolution did not finish before the deadline: the DNS server may not answer"
        case .tcpConnect: return "the TCP connection was not accepted before the deadline: a firewall may drop the SYN"
        case .tlsHandshake: return "TLS handshake did not complete: the port may not speak TLS, or the peer accepted and stays silent"
        case .transaction: return "no final response before the deadline"
        case .cleanup: return "the call clean-up (CANCEL/ACK/BYE) did not finish before the deadline"
        }
    }
}
