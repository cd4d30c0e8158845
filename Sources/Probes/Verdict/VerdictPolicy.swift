import Foundation
import SIPCore

/// Which responses count as alive and at what status, written down in docs/verdicts.md; what each status
/// and transport outcome means comes from `StatusKnowledge`.
public struct VerdictPolicy: Sendable {
    public init() {}

    public static let `default` = VerdictPolicy()

    /// Classifies a final response to OPTIONS (the table in `StatusKnowledge`).
    public func verdict(forStatus code: Int) -> Verdict {
        StatusKnowledge.status(code).verdict
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
            let meaning = StatusKnowledge.status(code).meaning
            return "the target answered \(code) \(reason ?? ""): a SIP server is there; \(meaning)"
        case .errorResponse:
            let code = statusCode ?? 0
            if code == 408 { return "408 Request Timeout: \(StatusKnowledge.status(408).meaning)" }
            if code == 503 { return "503 Service Unavailable: \(StatusKnowledge.status(503).meaning)" }
            return "the target answered \(code) \(reason ?? ""): the server reports a failure"
        case .timeout, .refused, .dnsFailed, .tlsFailed, .transportError:
            return StatusKnowledge.transport(StatusKnowledge.transportOutcome(of: verdict)!, over: transport).meaning
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
        case .reachable, .errorResponse:
            return StatusKnowledge.status(statusCode ?? 0).hint
        case .timeout, .refused, .dnsFailed, .tlsFailed, .transportError:
            return StatusKnowledge.transport(StatusKnowledge.transportOutcome(of: verdict)!, over: transport).hint
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
