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
