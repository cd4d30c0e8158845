import SIPClient

/// The TLS lines of a text report, saying what matters: an expired certificate says how long ago, an unknown
/// issuer says so, a name mismatch names the expected name and the names the certificate carries (RFC 5922
/// §7.1 counts dNSName and `sip:` URI SANs; the CN only when there are none).
enum TLSTextLines {
    static func lines(_ tls: TLSSessionReport, failure: TLSFailure?, expectedName: String?) -> [String] {
        var lines: [String] = []
        if tls.insecure {
            lines.append("WARNING: --insecure: the certificate chain and name were NOT verified (OpenSSL says: \(tls.verifyResult))")
        }
        lines.append("TLS \(tls.protocolVersion), \(tls.cipher)" + (tls.serverName.map { ", SNI \($0)" } ?? ""))
        if let c = tls.peerCertificate {
            lines.append("certificate \(c.subject), issued by \(c.issuer)")
            let names = certificateNames(c)
            if !names.isEmpty { lines.append("names \(names.joined(separator: ", "))") }
            lines.append(validity(c))
        } else {
            lines.append("no peer certificate")
        }
        switch tls.chainVerification {
        case .verified: lines.append("chain verified")
        case .notVerifiedInsecure, .notApplicable: break
        case .failed:
            // Name the failure in trunkprobe's words first (unknown issuer, expired, ...); OpenSSL's own text
            // ("unable to get local issuer certificate") follows for searching.
            if let failure, failure != .nameMismatch {
                lines.append("chain NOT verified: \(failure.rawValue.replacingOccurrences(of: "_", with: " ")) (OpenSSL says: \(tls.verifyResult))")
            } else {
                lines.append("chain NOT verified: \(tls.verifyResult)")
            }
        }
        if let m = tls.nameMatch {
            lines.append("name \(m.expectedName) matched \(m.matched) (\(m.source.rawValue))")
            if let note = m.note { lines.append("note: \(note)") }
        } else if failure == .nameMismatch {
            let expected = expectedName ?? tls.serverName ?? "the target's host"
            let names = tls.peerCertificate.map(certificateNames) ?? []
            lines.append("name mismatch: expected \(expected), the certificate names "
                         + (names.isEmpty ? "nothing usable" : names.joined(separator: ", ")))
        }
        if tls.clientCertificateRequested || tls.clientCertificateSent {
            lines.append("client certificate " + (tls.clientCertificateSent ? "sent" : "requested but not sent"))
        }
        return lines
    }

    static func certificateNames(_ c: TLSSessionReport.Certificate) -> [String] {
        let sans = c.dnsNames.map { "DNS:\($0)" } + c.uris.map { "URI:\($0)" } + c.ipAddresses.map { "IP:\($0)" }
        if sans.isEmpty, let cn = c.commonName { return ["CN:\(cn)"] }
        return sans
    }

    static func validity(_ c: TLSSessionReport.Certificate) -> String {
        let range = "valid \(c.notBefore) to \(c.notAfter)"
        switch c.daysLeft {
        case ..<0: return "\(range): EXPIRED \(-c.daysLeft) day\(c.daysLeft == -1 ? "" : "s") ago"
        case 0: return "\(range): expires today"
        case ..<TLSSessionReport.expiryWarningDays:
            return "\(range): expires in \(c.daysLeft) day\(c.daysLeft == 1 ? "" : "s") (WARNING)"
        default: return "\(range) (\(c.daysLeft) days left)"
        }
    }
}
