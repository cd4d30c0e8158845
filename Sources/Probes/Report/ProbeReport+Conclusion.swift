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
        r.applyTLSFacts()
        return r
    }
}
