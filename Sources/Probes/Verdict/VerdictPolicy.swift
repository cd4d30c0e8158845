import Foundation
import SIPCore

/// Which responses count as alive and at what status: the documented default of
/// reference/sip-probing.md §8.2, written down in docs/verdicts.md.
public struct VerdictPolicy: Sendable {
    public init() {}

    public static let `default` = VerdictPolicy()

    /// Classifies a final response to OPTIONS.
    public func verdict(forStatus code: Int) -> Verdict {
        switch code {
        case 200..<300: return .ok
        // 408 never counts as alive: proxies generate it locally on a downstream timeout (RFC 4320),
        // so whitelisting it would hide a dead next hop.
        case 408: return .errorResponse
        case 501: return .reachable  // OPTIONS not implemented: a SIP server is there
        case 500..<700: return .errorResponse
        case 300..<500: return .reachable
        default: return .errorResponse
        }
    }

    /// Exit status for a verdict; for `reachable`, per status code; for `no_challenge`, per whether
    /// credentials were given (then the trunk let an unauthenticated request through: WARNING).
    public func status(for verdict: Verdict, statusCode: Int?, credentialsGiven: Bool = false) -> ProbeStatus {
        switch verdict {
        case .ok, .authOK: return .ok
        case .noChallenge: return credentialsGiven ? .warning : .ok
        // auth_unsupported: credentials were given to be tested and were not; a CI credential check must
        // not pass on that, so it fails like a rejection. hangup_failed: a call may still be up (and billed).
        case .authRejected, .aclRejected, .authUnsupported, .hangupFailed: return .critical
        case .reachable:
            switch statusCode ?? 0 {
            // The server answered and says only that OPTIONS or this URI is not served: alive.
            case 401, 404, 405, 407, 480, 484, 501: return .ok
            // 403 (an ACL or policy refused us), 3xx (redirect), 481, 483, 486, 488…: alive, but look.
            default: return .warning
            }
        case .errorResponse, .timeout, .refused, .dnsFailed, .tlsFailed, .transportError:
            return .critical
        }
    }

    /// One line saying what the verdict means, specific to the status code where it helps.
    public func explanation(for verdict: Verdict, statusCode: Int?, reason: String?, transport: SIPTransportKind) -> String {
        switch verdict {
        case .ok:
            return "the target answered \(statusCode.map(String.init) ?? "2xx") \(reason ?? ""): a SIP server is there and accepts OPTIONS"
                .trimmingCharacters(in: .whitespaces)
        case .reachable:
            let code = statusCode ?? 0
            let meaning: String
            switch code {
            case 401, 407: meaning = "it requires authentication for OPTIONS"
            case 403: meaning = "it refuses this source (often an IP ACL or a policy)"
            case 404: meaning = "it does not know the Request-URI user or domain"
            case 405: meaning = "it does not allow OPTIONS"
            case 480: meaning = "the destination is temporarily unavailable"
            case 481: meaning = "it matched no dialog or transaction"
            case 483: meaning = "too many hops"
            case 484: meaning = "the address is incomplete"
            case 486: meaning = "it is busy"
            case 488: meaning = "it does not accept the offer"
            case 501: meaning = "it does not implement OPTIONS"
            case 300..<400: meaning = "it redirects elsewhere"
            default: meaning = "it answered with a non-2xx status"
            }
            return "the target answered \(code) \(reason ?? ""): a SIP server is there; \(meaning)"
        case .errorResponse:
            let code = statusCode ?? 0
            if code == 408 { return "408 Request Timeout: a proxy on the path timed out waiting for the next hop" }
            if code == 503 { return "503 Service Unavailable: the server is overloaded or in maintenance (a failover trigger)" }
            return "the target answered \(code) \(reason ?? ""): the server reports a failure"
        case .timeout:
            if transport == .udp {
                return "no response before the deadline; over UDP, silence often means a firewall or the host drops requests from unknown sources"
            }
            return "no response before the deadline, although the connection was established"
        case .refused:
            return transport == .udp
                ? "the host answered with ICMP port unreachable: nothing listens on that UDP port"
                : "the connection was refused (TCP reset): nothing listens on that port"
        case .dnsFailed:
            return "the host name did not resolve"
        case .tlsFailed:
            return "the TLS handshake or certificate verification failed"
        case .transportError:
            return "the connection failed after it was established"
        case .authOK:
            return "the credentials were accepted: after them the server answered \(statusCode.map(String.init) ?? "") \(reason ?? "")"
        case .authRejected:
            return "the credentials were rejected: the server answered \(statusCode.map(String.init) ?? "") \(reason ?? "") after them"
        case .noChallenge:
            return "the server accepted the request without asking for credentials (answered \(statusCode.map(String.init) ?? "") \(reason ?? ""))"
        case .aclRejected:
            return "403 without a challenge: the server refuses this source address before any authentication"
        case .authUnsupported:
            return "the server challenged (\(statusCode.map(String.init) ?? "401/407")) in a way trunkprobe cannot answer, so the credentials were not tested"
        case .hangupFailed:
            return "the server answered \(statusCode.map(String.init) ?? "2xx") \(reason ?? "") but trunkprobe could not end the call cleanly; a call may still be up"
        }
    }

    /// What to check or change next.
    public func hint(for verdict: Verdict, statusCode: Int?, transport: SIPTransportKind) -> String {
        switch verdict {
        case .ok:
            return "nothing to do"
        case .reachable:
            switch statusCode ?? 0 {
            case 403: return "if this is a Zentrunk trunk or a platform with an IP ACL, add this probe's public address to the allowed list"
            case 401, 407: return "give credentials (--username with --password-env) to test authentication"
            case 404: return "check the user part and domain of the URI; a trunk domain probe may still be healthy"
            default: return "the server is up; whether this status is acceptable depends on what you probe"
            }
        case .errorResponse:
            return statusCode == 503
                ? "retry later or check the server's capacity; a Zentrunk inbound trunk would fail over to its fallback URI"
                : "check the server's logs for this Call-ID"
        case .timeout:
            return transport == .udp
                ? "try --transport tcp to tell a firewall from a dead host; allow this address on the far end; a server that answers from another address (asymmetric) is dropped by a connected UDP socket"
                : "check that the far end serves SIP on this port; raise --timeout if the path is slow"
        case .refused:
            return "check the port and transport (5060 UDP/TCP, 5061 TLS) and that the SIP service runs"
        case .dnsFailed:
            return "check the spelling of the host and your resolver; a Zentrunk trunk domain has the form <trunk_id>.zt.plivo.com"
        case .tlsFailed:
            return "see the TLS failure reason; docs/tls.md lists what to change"
        case .transportError:
            return "the far end closed or reset the connection; check its logs and connection limits"
        case .authOK:
            return "nothing to do"
        case .authRejected:
            return "check the username and password: for a Zentrunk credential the platform needs the credential's username (not its name) and its password"
        case .noChallenge:
            return "if this trunk should require credentials, check its authentication settings (a Zentrunk outbound trunk authenticates by credential or by IP ACL)"
        case .aclRejected:
            return "add this probe's public address to the trunk's IP ACL (Zentrunk IPAccessControlList), or use credentials"
        case .authUnsupported:
            return "trunkprobe answers Digest with MD5, SHA-256 or SHA-512-256 (and -sess), qop=auth or no qop; configure the server to offer one of these"
        case .hangupFailed:
            return "check on the server that the call (this Call-ID) ended; a 2xx needs a usable Contact and the BYE a 200 (RFC 3261 §12.1.2, §15.1.2)"
        }
    }
}
