#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises IP literals in text with the C library's own parser (inet_pton), so what we call an
/// address is exactly what the socket layer will accept. No DNS, never blocks.
public enum IPAddressText {
    public enum Family: Sendable { case v4, v6 }

    public static func isIPv4(_ text: String) -> Bool {
        var addr = in_addr()
        return inet_pton(AF_INET, text, &addr) == 1
    }

    public static func isIPv6(_ text: String) -> Bool {
        var addr = in6_addr()
        return inet_pton(AF_INET6, text, &addr) == 1
    }

    /// The family of a numeric address, accepting IPv6 in brackets (`[::1]`, RFC 3261 §19.1.1 `IPv6reference`).
    public static func family(of text: String) -> Family? {
        let bare = stripBrackets(text)
        if isIPv4(bare) { return .v4 }
        if isIPv6(bare) { return .v6 }
        return nil
    }

    public static func isNumeric(_ text: String) -> Bool { family(of: text) != nil }

    /// `[2001:db8::1]` → `2001:db8::1`; anything else unchanged.
    public static func stripBrackets(_ text: String) -> String {
        if text.hasPrefix("["), text.hasSuffix("]"), text.count >= 2 {
            return String(text.dropFirst().dropLast())
        }
        return text
    }
}
