import SIPClient

extension ProbeReport {
    /// Folds TLS facts into the verdict's wording and status, the same way for every probe:
    /// a TLS failure names its reason and the fix; `--insecure` is said loudly; a certificate that
    /// expires within 14 days turns an otherwise OK result into a WARNING.
    mutating func applyTLSFacts() {
        if verdict == .tlsFailed, let failure = tlsFailure {
            explanation = "TLS failed (\(failure.rawValue)): \(failure.explanation)"
            hint = failure.hint
        }
        guard let tls else { return }
        if tls.insecure {
            explanation += "; WARNING: --insecure was given, the server's certificate was NOT verified"
        }
        if tls.expiresSoon, status < .warning {
            status = .warning
            let days = tls.peerCertificate?.daysLeft ?? 0
            explanation += days < 0
                ? "; its TLS certificate expired \(-days) day\(days == -1 ? "" : "s") ago"
                : "; its TLS certificate expires in \(days) day\(days == 1 ? "" : "s")"
            hint = "renew the server's certificate before it expires; every TLS call will fail after that"
        }
    }
}
