import SIPClient
import SIPCore
extension ProbeReport {
    /// The report with its verdict, status, explanation and hint set, the same way for every probe:
    /// the policy's wording, the failure detail, an asymmetric source, then the TLS facts.
    func concluded(_ verdict: Verdict, detail: String?, policy: VerdictPolicy, credentialsGiven: Bool = false) -> ProbeReport {
        var r = self
        r.verdict = verdict
        r.status = policy.status(for: verdict, statusCode: r.statusCode, credentialsGiven: credentialsGiven)
        var explanation = policy.explanation(for: verdict, statusCode: r.statusCode, reason: r.reason, transport: r.transport)
        if let detail, ![.ok, .reachable, .refused].contains(verdict) { explanation += " (\(detail))" }
        if let source = r.asymmetricSource {
            explanation += "; the response came from \(source), not the address probed (asymmetric)"
        }
        r.explanation = explanation
        r.hint = policy.hint(for: verdict, statusCode: r.statusCode, transport: r.transport)
        if verdict == .timeout { r.describeTimeoutEvidence() }
        if verdict == .transportError, r.transport == .tcp, r.statusCode == nil {
            let tlsRecord = (detail?.contains(SIPStreamFramer.tlsRecordDescription) ?? false)
                || r.ignored.contains(SIPStreamFramer.tlsRecordDescription)
            let silentClose = !r.exchange.contains { $0.direction == "received" }
            if tlsRecord {
                // The evidence says which mistake it is: a TLS port probed over plain TCP.
                r.hint = "this port speaks TLS: probe it as \"HOST:PORT;transport=tls\" or sips: (5061 is the TLS port)"
            } else if silentClose {
                // A TLS server (OpenSSL, so Kamailio too) closes on a plaintext request without a byte.
                r.hint = "the far end closed the connection without answering the request: a TLS port (5061 by "
                    + "convention) probed over plain TCP does exactly this, so try \";transport=tls\"; otherwise check "
                    + "its logs and connection limits"
            }
        }
        if verdict == .dnsFailed, let detail,
           let rcode = [2, 5].first(where: { detail.contains("answered \(DNSError.rcodeName($0))") }) {
            // The server refused or failed the query (RFC 1035 §4.1.1): nothing says the name is misspelt.
            r.hint = "the DNS server answered \(DNSError.rcodeName(rcode)), so the name itself may be fine: check that this "
                + "resolver (--dns-server, or /etc/resolv.conf) serves this client and recursion, or try another one"
        }
        r.applyTLSFacts()
        return r
    }
}

extension ProbeReport {
    /// The first provisional response received, as the exchange shows it (`100 Trying (INVITE)`).
    var firstProvisionalLine: ExchangeLine? {
        exchange.first { $0.direction == "received" && $0.message.hasPrefix("1") }
    }

    /// Whether any provisional response came (for an INVITE: the transaction reached Proceeding).
    var receivedProvisional: Bool { firstProvisionalLine != nil }

    /// A timeout is worded as silence ("a firewall may drop it"); when the peer did say something, the
    /// explanation and hint say what instead, so a server stuck at 100 Trying or one answering with
    /// responses that match nothing is not mistaken for a dead host.
    mutating func describeTimeoutEvidence() {
        if let incomplete = ignored.first(where: { $0.hasPrefix(Self.incompletePrefix) }) {
            let bytes = incomplete.drop { !$0.isNumber }.prefix { $0.isNumber }
            explanation = "no complete response before the deadline: a message was still arriving (\(bytes) bytes so far); "
                + "the peer sends slowly, or its Content-Length promises more than it sent (RFC 3261 §18.3)"
            hint = "raise --timeout if the path is slow; otherwise check what the far end sends (its logs, or a capture: "
                + "--trace shows complete messages only)"
            return
        }
        if let provisional = firstProvisionalLine {
            // RFC 3261 §17.1.2.2 / §17.1.1.2: a provisional moves the transaction to Proceeding; only a final ends it.
            explanation = "no final response before the deadline, only provisional ones (\(provisional.message)): "
                + "a SIP server is there but did not finish the request"
            hint = "check the server's logs for this Call-ID (a next hop that never answers keeps it at 100 Trying); "
                + "raise --timeout if it is only slow"
            return
        }
        let unusable = ignored.filter { line in
            Self.unusableMessagePrefixes.contains { line.hasPrefix($0) } || line.hasSuffix(" more ignored messages not listed")
        }
        let count = TransactionLayer.ignoredCount(unusable)
        guard count > 0 else { return }
        explanation = "no usable response before the deadline: the peer sent \(count) message"
            + (count == 1 ? "" : "s") + " that could not be parsed or matched to this request (RFC 3261 §17.1.3; see ignored)"
        hint = "the far end answers, but not with a valid response to this request: see what it sends with --trace"
    }

    /// Over TCP or TLS, a message begun but not finished when the attempt ended is listed under `ignored`.
    mutating func noteIncompleteMessage(on connection: any SIPConnection) {
        guard let bytes = (connection as? StreamConnection)?.progress.incompleteMessage else { return }
        ignored.append("\(Self.incompletePrefix) at the deadline (\(bytes) bytes so far)")
    }

    static let incompletePrefix = "an incomplete message was still arriving"

    /// How the transaction layer words what it received and could not use (`TransactionLayer`).
    static let unusableMessagePrefixes = ["unparsable message ignored", "response ", "request "]
}
