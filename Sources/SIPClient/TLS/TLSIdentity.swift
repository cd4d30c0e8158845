import Foundation

/// Matches the expected SIP domain against a certificate's identities.
///
/// Rules, per RFC 5922 §7.1 (SIP domain certificates) and RFC 6125 §6 (host name checks):
/// - `sip:` URI SANs and dNSName SANs are both identities; the URI's host part is compared.
/// - The subject CN is used only when the certificate has no dNSName and no URI SAN (RFC 6125 §6.4.4).
/// - An IP literal is compared with iPAddress SANs only.
/// - Comparison is case-insensitive and ignores one trailing dot.
///
/// - Note: RFC 5922 §7.2 forbids wildcard matches. Hosted platforms serve wildcard certificates
///   (LiveKit's `<project>.sip.livekit.cloud`), so a wildcard in the left-most label is accepted here,
///   one label deep (RFC 6125 §6.4.3), and the match carries a note that a strict peer would refuse it.
///   Partial-label wildcards ("f*.example.com") are not accepted.
enum TLSIdentity {
    static let wildcardNote =
        "matched through a wildcard certificate; strict RFC 5922 (§7.2) SIP peers refuse wildcard matches"

    static func match(expected rawExpected: String, in cert: TLSSessionReport.Certificate) -> TLSSessionReport.NameMatch? {
        let expected = normalise(rawExpected)
        guard !expected.isEmpty else { return nil }

        if isIPLiteral(expected) {
            let want = canonicalIP(expected)
            if let ip = cert.ipAddresses.first(where: { canonicalIP($0) == want }) {
                return .init(expectedName: rawExpected, matched: ip, source: .ipSAN, wildcard: false, note: nil)
            }
            return nil
        }

        // Exact matches win over wildcard ones, whatever their order in the certificate.
        for dns in cert.dnsNames where normalise(dns) == expected {
            return .init(expectedName: rawExpected, matched: dns, source: .dnsSAN, wildcard: false, note: nil)
        }
        for uri in cert.uris {
            if let host = sipURIHost(uri), host == expected {
                return .init(expectedName: rawExpected, matched: uri, source: .uriSAN, wildcard: false, note: nil)
            }
        }
        for dns in cert.dnsNames where wildcardMatches(pattern: normalise(dns), host: expected) {
            return .init(expectedName: rawExpected, matched: dns, source: .dnsSAN, wildcard: true, note: wildcardNote)
        }
        for uri in cert.uris {
            if let host = sipURIHost(uri), wildcardMatches(pattern: host, host: expected) {
                return .init(expectedName: rawExpected, matched: uri, source: .uriSAN, wildcard: true, note: wildcardNote)
            }
        }
        // RFC 6125 §6.4.4: CN only as a last resort, when no DNS-ID or URI-ID is present.
        if cert.dnsNames.isEmpty && cert.uris.isEmpty, let cn = cert.commonName {
            let n = normalise(cn)
            if n == expected {
                return .init(expectedName: rawExpected, matched: cn, source: .commonName, wildcard: false, note: nil)
            }
            if wildcardMatches(pattern: n, host: expected) {
                return .init(expectedName: rawExpected, matched: cn, source: .commonName, wildcard: true, note: wildcardNote)
            }
        }
        return nil
    }

    /// The host of a `sip:` URI SAN ("sip:example.com" → "example.com"). RFC 5922 §7.1: only the
    /// `sip` scheme is an identity, and a URI with a user part is not a domain identity.
    static func sipURIHost(_ uri: String) -> String? {
        let lower = uri.lowercased()
        guard lower.hasPrefix("sip:") else { return nil }
        var rest = Substring(lower.dropFirst(4))
        if rest.contains("@") { return nil }
        if let cut = rest.firstIndex(where: { $0 == ";" || $0 == "?" }) { rest = rest[..<cut] }
        if rest.hasPrefix("[") { return nil }          // an IPv6 reference is not a domain
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        let host = normalise(String(rest))
        return host.isEmpty ? nil : host
    }

    static func wildcardMatches(pattern: String, host: String) -> Bool {
        guard pattern.hasPrefix("*.") else { return false }
        let suffix = pattern.dropFirst(1)                  // ".example.com"
        // At least two labels under the wildcard: "*.com" never matches.
        guard suffix.dropFirst().contains(".") else { return false }
        guard host.hasSuffix(suffix) else { return false }
        let label = host.dropLast(suffix.count)
        return !label.isEmpty && !label.contains(".") && !isIPLiteral(host)
    }

    static func normalise(_ name: String) -> String {
        var n = name.lowercased()
        if n.hasSuffix(".") { n.removeLast() }
        return n
    }

    static func isIPLiteral(_ host: String) -> Bool {
        var h = host
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        if h.contains(":") { return h.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." } }
        let parts = h.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isNumber) && Int(p)! <= 255 }
    }

    /// The address in inet_ntop's canonical form ("2001:DB8:0::1" → "2001:db8::1"), so that
    /// differently written IPv6 literals compare equal.
    static func canonicalIP(_ ip: String) -> String {
        var h = ip.lowercased()
        if h.hasPrefix("[") && h.hasSuffix("]") { h = String(h.dropFirst().dropLast()) }
        let family = h.contains(":") ? AF_INET6 : AF_INET
        var bytes = [UInt8](repeating: 0, count: 16)
        guard inet_pton(family, h, &bytes) == 1 else { return h }
        return X509Inspector.ipString(Array(bytes.prefix(family == AF_INET ? 4 : 16))) ?? h
    }
}
