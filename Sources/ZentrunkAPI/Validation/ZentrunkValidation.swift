#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Local checks that mirror what the API enforces (docs/api.md), run before any request is sent.
///
/// Rules the API is the judge of (character sets the API reference and published examples disagree on) produce warnings, never refusals.
public enum ZentrunkValidation {
    public static let trunkDirections: Set<String> = ["inbound", "outbound"]
    public static let trunkStatuses: Set<String> = ["enabled", "disabled"]
    public static let transports: Set<String> = ["udp", "tcp", "tls"]

    /// Credential username: 5–20 characters, enforced; the Plivo-authored rule "alphanumeric" only warns, because
    /// a published integration example (`elevenlabs_user`) breaks it (docs/api.md).
    public static func checkUsername(_ username: String, field: String = "username") throws -> [String] {
        guard (5...20).contains(username.count) else {
            throw ZentrunkInputError(field: field, message: "must be 5 to 20 characters (got \(username.count))")
        }
        if !username.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
            return ["\(field) '\(username)' is not purely alphanumeric; Plivo documents 5-20 alphanumerics and may reject it"]
        }
        return []
    }

    /// Credential password: 5–20 characters, enforced; the character-class rule only warns. Never echoes the value.
    public static func checkPassword(_ password: Secret, field: String = "password") throws -> [String] {
        let text = password.value
        guard (5...20).contains(text.count) else {
            throw ZentrunkInputError(field: field, message: "must be 5 to 20 characters (got \(text.count))")
        }
        let specials = Set("~!@#$%^&*()_+")
        var warnings: [String] = []
        if !text.contains(where: { specials.contains($0) }) {
            warnings.append("\(field) has no special character from ~!@#$%^&*()_+; Plivo may reject it")
        }
        if !text.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || specials.contains($0) }) {
            warnings.append("\(field) has characters outside alphanumerics and ~!@#$%^&*()_+; Plivo may reject it")
        }
        return warnings
    }

    /// One IP ACL entry: an IPv4 or IPv6 address, optionally with a CIDR prefix. Warns on `/0`..`/7` (IPv4).
    public static func checkACLEntry(_ entry: String, field: String = "ip_addresses") throws -> [String] {
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = parts.first.map(String.init), !address.isEmpty else {
            throw ZentrunkInputError(field: field, message: "'\(entry)' is not an IP address or CIDR block")
        }
        let isV4 = isIPv4(address), isV6 = isIPv6(address)
        guard isV4 || isV6 else {
            throw ZentrunkInputError(field: field, message: "'\(entry)' is not a valid IPv4 or IPv6 address")
        }
        guard parts.count == 2 else { return [] }
        let maxPrefix = isV4 ? 32 : 128
        guard let prefix = Int(parts[1]), (0...maxPrefix).contains(prefix), parts[1].allSatisfy(\.isNumber) else {
            throw ZentrunkInputError(field: field, message: "'\(entry)' has an invalid prefix length (0-\(maxPrefix))")
        }
        if isV4 && prefix < 8 || isV6 && prefix < 16 {
            return ["ACL entry \(entry) admits a very wide range of addresses"]
        }
        return []
    }

    public static func isIPv4(_ text: String) -> Bool {
        var storage = in_addr()
        return text.withCString { inet_pton(AF_INET, $0, &storage) } == 1
    }

    public static func isIPv6(_ text: String) -> Bool {
        var storage = in6_addr()
        return text.withCString { inet_pton(AF_INET6, $0, &storage) } == 1
    }

    /// An origination URI in a documented form (`host`, `host:port`, `IP`, `[IPv6]:port`, `sip:user@host`) with an
    /// optional `;transport=udp|tcp|tls` (plivo-cli's rules, docs/api.md). A missing transport only warns:
    /// Plivo does not document its default.
    public static func checkURI(_ uri: String, field: String = "uri") throws -> [String] {
        func fail(_ why: String) -> ZentrunkInputError { ZentrunkInputError(field: field, message: "'\(uri)' \(why)") }
        guard !uri.isEmpty, !uri.contains(where: \.isWhitespace) else { throw fail("must be non-empty with no spaces") }
        guard !uri.contains("://") else { throw fail("is a URL; give host[:port][;transport=...] or sip:user@host") }
        var rest = Substring(uri)
        var scheme: String?
        for prefix in ["sips:", "sip:"] where rest.lowercased().hasPrefix(prefix) {
            scheme = String(prefix.dropLast()); rest = rest.dropFirst(prefix.count); break
        }
        let pieces = rest.split(separator: ";", omittingEmptySubsequences: false)
        var hostPort = pieces[0]
        var transport: String?
        for param in pieces.dropFirst() {
            let kv = param.split(separator: "=", maxSplits: 1).map(String.init)
            if kv.first?.lowercased() == "transport" {
                guard kv.count == 2, transports.contains(kv[1].lowercased()) else {
                    throw fail("has an unknown transport (use udp, tcp or tls)")
                }
                transport = kv[1].lowercased()
            }
        }
        if let at = hostPort.lastIndex(of: "@") {
            guard scheme != nil else { throw fail("has a user part without a sip: scheme") }
            hostPort = hostPort[hostPort.index(after: at)...]
        }
        var host = String(hostPort)
        var port: String?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("has an unterminated IPv6 literal") }
            host = String(hostPort[hostPort.index(after: hostPort.startIndex)..<close])
            guard isIPv6(host) else { throw fail("has an invalid IPv6 literal") }
            let after = hostPort[hostPort.index(after: close)...]
            if after.hasPrefix(":") { port = String(after.dropFirst()) } else if !after.isEmpty { throw fail("is malformed after the IPv6 literal") }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = String(hostPort[..<colon]); port = String(hostPort[hostPort.index(after: colon)...])
        }
        if let port {
            guard let number = Int(port), (1...65535).contains(number) else { throw fail("has an invalid port (1-65535)") }
        }
        let isAddress = isIPv4(host) || isIPv6(host)
        if !isAddress {
            let labels = host.split(separator: ".", omittingEmptySubsequences: false)
            let validLabel: (Substring) -> Bool = { label in
                !label.isEmpty && label.count <= 63 && label.first != "-" && label.last != "-"
                    && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
            }
            guard !host.isEmpty, labels.allSatisfy(validLabel) else { throw fail("does not have a valid host name or IP address") }
        }
        if scheme == "sips" && transport == "udp" { throw fail("uses sips: with transport=udp") }
        if transport == nil && scheme != "sips" {
            return ["uri '\(uri)' has no ;transport= parameter; Plivo does not document its default, so set one"]
        }
        return []
    }

    public static func checkDirection(_ direction: String, field: String = "trunk_direction") throws {
        guard trunkDirections.contains(direction) else {
            throw ZentrunkInputError(field: field, message: "must be inbound or outbound (got '\(direction)')")
        }
    }

    public static func checkStatus(_ status: String, field: String = "trunk_status") throws {
        guard trunkStatuses.contains(status) else {
            throw ZentrunkInputError(field: field, message: "must be enabled or disabled (got '\(status)')")
        }
    }

    /// Page size: the API accepts 1–20.
    public static func checkLimit(_ limit: Int?) throws {
        if let limit, !(1...20).contains(limit) {
            throw ZentrunkInputError(field: "limit", message: "must be between 1 and 20 (got \(limit))")
        }
    }

    public static func checkOffset(_ offset: Int?) throws {
        if let offset, offset < 0 { throw ZentrunkInputError(field: "offset", message: "must be 0 or more") }
    }

    /// Phone number for the Number API and CDR filters: digits only, no `+` (docs/api.md).
    public static func checkNumber(_ number: String, field: String) throws {
        guard !number.isEmpty else { throw ZentrunkInputError(field: field, message: "must not be empty") }
        guard !number.hasPrefix("+") else {
            throw ZentrunkInputError(field: field, message: "drop the leading '+': Plivo matches digits only")
        }
        guard number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ZentrunkInputError(field: field, message: "must be digits only (got '\(number)')")
        }
    }
}
