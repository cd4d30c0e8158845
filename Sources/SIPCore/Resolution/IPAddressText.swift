#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Numeric IP literals: detection and canonical text, via inet_pton/inet_ntop (no DNS, never blocks).
enum IPAddressText {
    enum Family: Sendable { case v4, v6 }

    /// The family of a numeric address, accepting IPv6 in brackets (`[::1]`, RFC 3261 §19.1.1 `IPv6reference`).
    static func family(of text: String) -> Family? {
        let bare = stripBrackets(text)
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return .v4 }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, bare, &v6) == 1 { return .v6 }
        return nil
    }

    static func isNumeric(_ text: String) -> Bool { family(of: text) != nil }

    /// `[2001:db8::1]` → `2001:db8::1`; anything else unchanged.
    static func stripBrackets(_ text: String) -> String {
        if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
