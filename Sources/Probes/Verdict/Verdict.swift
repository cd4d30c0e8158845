/// The closed set of probe outcomes. Each has a one-line explanation and a hint; `ProbeStatus` is derived
/// from it by `VerdictPolicy` (docs/verdicts.md has the table).
public enum Verdict: String, Sendable, Codable, CaseIterable {
    /// A 2xx response.
    case ok
    /// A response other than 2xx that still proves a SIP server is there (403, 404, 405, 481, 501…).
    case reachable
    /// 408, 5xx other than 501, 6xx: a server is there but reports a failure.
    case errorResponse = "error_response"
    /// Nothing before the deadline.
    case timeout
    /// ICMP port unreachable (UDP) or a TCP reset: nothing listens there.
    case refused
    /// The host name did not resolve.
    case dnsFailed = "dns_failed"
    /// The TLS handshake or certificate verification failed.
    case tlsFailed = "tls_failed"
    /// The transport broke after it was established (reset, closed, unreachable).
    case transportError = "transport_error"
    /// After credentials the server moved on: a provisional other than 100, or a final other than 401/407/403.
    case authOK = "auth_ok"
    /// Challenged again, or 403, after credentials.
    case authRejected = "auth_rejected"
    /// Accepted with no authentication at all.
    case noChallenge = "no_challenge"
    /// 403 without a challenge: this source address is not in the trunk's IP ACL.
    case aclRejected = "acl_rejected"
    /// Credentials were given but the challenge cannot be answered (an unknown algorithm, qop=auth-int only,
    /// no realm or nonce, a scheme other than Digest, or stale=true again after the one retry): the
    /// credentials were never tested.
    case authUnsupported = "auth_unsupported"
    /// A 2xx set up a call that trunkprobe could not end cleanly: its Contact was unusable for the ACK and
    /// BYE (RFC 3261 §12.1.2), or the BYE was refused (e.g. 481) or got no answer. A call may still be up.
    case hangupFailed = "hangup_failed"
}
