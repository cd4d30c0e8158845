#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Recognises IP literals in text with the C library's own parser (inet_pton), so what we call an
/// address is exactly what the socket layer will accept.
public enum IPAddressText {
    public static func isIPv4(_ text: String) -> Bool {
        var addr = in_addr()
        return inet_pton(AF_INET, text, &addr) == 1
    }

    public static func isIPv6(_ text: String) -> Bool {
        var addr = in6_addr()
        return inet_pton(AF_INET6, text, &addr) == 1
    }

    public static func isNumeric(_ text: String) -> Bool { isIPv4(text) || isIPv6(text) }
}
