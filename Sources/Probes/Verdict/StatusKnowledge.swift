import SIPClient
import SIPCore

/// The one table of what a SIP status or a transport outcome means, what to do about it, and whether it
/// moves a sender to the next server. `VerdictPolicy` (verdicts, wording), the endpoint's RFC 3263 §4.3
/// fail-over (`OptionsProbe`, `InviteProbe`) and `FailoverPolicy` (primary and fallback URIs) all read it;
/// docs/verdicts.md prints it.
///
/// Fail-over (RFC 3263 §4.3): a client moves to the next server after a transaction timeout, a transport
/// failure of any kind (refused, reset, a TLS handshake that fails: all "transport errors" to §4.3), or a
/// 503 (RFC 3261 §21.5.4). A DNS failure leaves no server list to move along within one URI, but for a
/// trunk with a fallback URI it is the same as the primary being unreachable, so it counts as a fail-over
/// trigger there.
public enum StatusKnowledge {
    public struct Entry: Sendable, Equatable {
        public var verdict: Verdict
        /// What it means, as the end of "the target answered CODE REASON: a SIP server is there; …" for
        /// statuses, or a whole sentence for transport outcomes.
        public var meaning: String
        public var hint: String
        /// RFC 3263 §4.3: the next server is tried.
        public var failsOver: Bool
    }

    /// The entry for a final response's status code: the code's own row, else its class's.
    public static func status(_ code: Int) -> Entry {
        if let entry = codes[code] { return entry }
        switch code {
        case 200..<300: return Entry(verdict: .ok, meaning: "a SIP server is there and accepts the request", hint: "nothing to do", failsOver: false)
        case 300..<400: return Entry(verdict: .reachable, meaning: "it redirects elsewhere", hint: alive, failsOver: false)
        case 400..<500: return Entry(verdict: .reachable, meaning: "it answered with a non-2xx status", hint: alive, failsOver: false)
        case 500..<600: return Entry(verdict: .errorResponse, meaning: "the server reports a failure", hint: logs, failsOver: false)
        case 600..<700: return Entry(verdict: .errorResponse, meaning: "the server reports a global failure", hint: logs, failsOver: false)
        default: return Entry(verdict: .errorResponse, meaning: "the status code is outside 100-699", hint: logs, failsOver: false)
        }
    }

    /// The entry for an attempt that ended below SIP; the wording depends on the transport.
    public static func transport(_ outcome: TransportOutcome, over transport: SIPTransportKind) -> Entry {
        let udp = transport == .udp
        switch outcome {
        case .timeout:
            return Entry(
                verdict: .timeout,
                meaning: udp
                    ? "no response before the deadline; over UDP, silence often means a firewall or the host drops requests from unknown sources"
                    : "no response before the deadline, although the connection was established",
                hint: udp
                    ? "try --transport tcp to tell a firewall from a dead host; allow this address on the far end; a server that answers from another address (asymmetric) is dropped by a connected UDP socket"
                    : "check that the far end serves SIP on this port; raise --timeout if the path is slow",
                failsOver: true)
        case .refused:
            return Entry(
                verdict: .refused,
                meaning: udp
                    ? "the host answered with ICMP port unreachable: nothing listens on that UDP port"
                    : "the connection was refused (TCP reset): nothing listens on that port",
                hint: "check the port and transport (5060 UDP/TCP, 5061 TLS) and that the SIP service runs", failsOver: true)
        case .transportError:
            return Entry(verdict: .transportError, meaning: "the connection failed after it was established",
                         hint: "the far end closed or reset the connection; check its logs and connection limits", failsOver: true)
        case .tlsFailed:
            return Entry(verdict: .tlsFailed, meaning: "the TLS handshake or certificate verification failed",
                         hint: "see the TLS failure reason; docs/tls.md lists what to change", failsOver: true)
        case .dnsFailed:
            return Entry(verdict: .dnsFailed, meaning: "the host name did not resolve",
                         hint: "check the spelling of the host and your resolver; a Zentrunk trunk domain has the form <trunk_id>.zt.plivo.com",
                         failsOver: true)
        }
    }

    /// The transport outcome a verdict stands for, if it is one.
    public static func transportOutcome(of verdict: Verdict) -> TransportOutcome? {
        TransportOutcome(rawValue: verdict.rawValue)
    }

    /// Whether a probe that ended in `verdict` (with `statusCode`, if a response came) moves the sender
    /// to the next server (RFC 3263 §4.3), optionally with extra status codes a carrier fails over on.
    ///
    /// `inviteProceeding`: an INVITE that got a provisional (a 100 Trying is enough) and then no final by
    /// the deadline. Its `timeout` is the probe's deadline, not a transaction timeout: Timer B runs only in
    /// the Calling state (RFC 3261 §17.1.1.2), so a sender in Proceeding never times out and never fails
    /// over; trying the next server would also place a second call.
    public static func failsOver(verdict: Verdict, statusCode: Int?, extraCodes: Set<Int> = [], inviteProceeding: Bool = false) -> Bool {
        if inviteProceeding, verdict == .timeout { return false }
        if let code = statusCode, extraCodes.contains(code) || status(code).failsOver { return true }
        if let outcome = transportOutcome(of: verdict) { return transport(outcome, over: .udp).failsOver }
        return false
    }

    private static let alive = "the server is up; whether this status is acceptable depends on what you probe"
    private static let logs = "check the server's logs for this Call-ID"

    /// Codes with something specific to say.
    private static let codes: [Int: Entry] = [
        401: Entry(verdict: .reachable, meaning: "it requires authentication for OPTIONS",
                   hint: "give credentials (--username with --password-env) to test authentication", failsOver: false),
        403: Entry(verdict: .reachable, meaning: "it refuses this source (often an IP ACL or a policy)",
                   hint: "if this is a Zentrunk trunk or a platform with an IP ACL, add this probe's public address to the allowed list",
                   failsOver: false),
        404: Entry(verdict: .reachable, meaning: "it does not know the Request-URI user or domain",
                   hint: "check the user part and domain of the URI; a trunk domain probe may still be healthy", failsOver: false),
        405: Entry(verdict: .reachable, meaning: "it does not allow OPTIONS", hint: alive, failsOver: false),
        407: Entry(verdict: .reachable, meaning: "it requires authentication for OPTIONS",
                   hint: "give credentials (--username with --password-env) to test authentication", failsOver: false),
        // 408 never counts as alive: proxies generate it locally on a downstream timeout (RFC 4320),
        // so whitelisting it would hide a dead next hop.
        408: Entry(verdict: .errorResponse, meaning: "a proxy on the path timed out waiting for the next hop", hint: logs, failsOver: false),
        480: Entry(verdict: .reachable, meaning: "the destination is temporarily unavailable", hint: alive, failsOver: false),
        481: Entry(verdict: .reachable, meaning: "it matched no dialog or transaction", hint: alive, failsOver: false),
        483: Entry(verdict: .reachable, meaning: "too many hops", hint: alive, failsOver: false),
        484: Entry(verdict: .reachable, meaning: "the address is incomplete", hint: alive, failsOver: false),
        486: Entry(verdict: .reachable, meaning: "it is busy", hint: alive, failsOver: false),
        488: Entry(verdict: .reachable, meaning: "it does not accept the offer", hint: alive, failsOver: false),
        // OPTIONS not implemented: a SIP server is there.
        501: Entry(verdict: .reachable, meaning: "it does not implement OPTIONS", hint: alive, failsOver: false),
        // RFC 3263 §4.3 and RFC 3261 §21.5.4: the one response that moves a client to the next server.
        503: Entry(verdict: .errorResponse, meaning: "the server is overloaded or in maintenance (a failover trigger)",
                   hint: "retry later or check the server's capacity; a Zentrunk inbound trunk would fail over to its fallback URI",
                   failsOver: true),
    ]
}
