/// `host[:port]` with bracketed IPv6 (RFC 3261 §25.1 hostport; RFC 5118 for IPv6 references).
public enum HostPort {
    /// Splits `host`, `host:port`, `[v6]`, `[v6]:port`. The returned host has no brackets.
    public static func split(_ text: String) throws(SIPParseError) -> (host: String, port: Int?) {
        let text = text.trimmingWhitespace()
        guard !text.isEmpty else { throw SIPParseError(.malformedURI, "empty host") }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw SIPParseError(.malformedURI, "unterminated IPv6 reference in '\(text)'")
            }
            let host = String(text[text.index(after: text.startIndex)..<close])
            guard IPAddressText.isIPv6(host) else {
                throw SIPParseError(.malformedURI, "'\(host)' is not an IPv6 address")
            }
            let after = text[text.index(after: close)...]
            if after.isEmpty { return (host, nil) }
            guard after.hasPrefix(":") else { throw SIPParseError(.malformedURI, "unexpected text after ']' in '\(text)'") }
            return (host, try port(String(after.dropFirst()), in: text))
        }
        let colons = text.filter { $0 == ":" }.count
        if colons > 1 {
            // A bare IPv6 literal is accepted where it is unambiguous (no port possible).
            guard IPAddressText.isIPv6(text) else { throw SIPParseError(.malformedURI, "'\(text)' is not a valid host") }
            return (text, nil)
        }
        if colons == 1 {
            let idx = text.firstIndex(of: ":")!
            let host = String(text[..<idx])
            try validateHost(host)
            return (host, try port(String(text[text.index(after: idx)...]), in: text))
        }
        try validateHost(text)
        return (text, nil)
    }

    /// Joins a host and port, bracketing IPv6 literals.
    public static func join(host: String, port: Int?) -> String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(h):\($0)" } ?? h
    }

    private static func port(_ text: String, in whole: String) throws(SIPParseError) -> Int {
        guard let p = Int(text), (1...65535).contains(p) else {
            throw SIPParseError(.malformedURI, "bad port '\(text)' in '\(whole)' (1–65535)")
        }
        return p
    }

    /// RFC 3261 hostname: labels of alphanumerics and hyphens, or an IPv4 literal.
    static func validateHost(_ host: String) throws(SIPParseError) {
        guard !host.isEmpty else { throw SIPParseError(.malformedURI, "empty host") }
        if IPAddressText.isIPv4(host) { return }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
        guard host.allSatisfy({ allowed.contains($0) }), !host.hasPrefix("."), !host.hasPrefix("-"),
              !host.contains("..")
        else {
            throw SIPParseError(.malformedURI, "'\(host)' is not a valid host name or address")
        }
        // A dotted string of digits that is not a valid IPv4 address (e.g. 300.1.1.1) is a typo, not a name.
        if host.split(separator: ".").allSatisfy({ $0.allSatisfy(\.isNumber) }) {
            throw SIPParseError(.malformedURI, "'\(host)' is not a valid IPv4 address")
        }
    }
}
