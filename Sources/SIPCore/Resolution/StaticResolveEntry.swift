/// A `--resolve HOST:PORT:ADDRESS[,ADDRESS…]` override, curl's convention: connections to HOST on PORT
/// go to ADDRESS instead of what A/AAAA would say.
///
/// It replaces the A/AAAA step only: NAPTR and SRV still run, and an SRV target (or the URI host with
/// its explicit or default port) that matches an entry uses the entry's addresses. IPv6 addresses may
/// be bracketed (`example.com:5061:[2001:db8::1]`). curl's `+` prefix is accepted and ignored; its `-`
/// (remove) form is not supported.
///
/// Two additions for pointing probes at a local stand-in (the sandbox's SIP edge):
/// - a wildcard host `*.DOMAIN` matches every name under DOMAIN (not DOMAIN itself), and such a name is
///   pinned outright: NAPTR and SRV are skipped for it, as there is no DNS behind the stand-in's names;
/// - the address may carry a port (`127.0.0.1:25090`, `[::1]:25090`): connections go to that port instead
///   of PORT (curl's `--connect-to` idea, in `--resolve`'s shape).
public struct StaticResolveEntry: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case wrongShape(String)
        case emptyHost(String)
        case invalidPort(String, entry: String)
        case invalidAddress(String, entry: String)
        case unsupported(String, entry: String)

        public var description: String {
            switch self {
            case .wrongShape(let e): return "--resolve '\(e)': expected HOST:PORT:ADDRESS[,ADDRESS…]"
            case .emptyHost(let e): return "--resolve '\(e)': the host is empty"
            case .invalidPort(let p, let e): return "--resolve '\(e)': '\(p)' is not a port (1–65535)"
            case .invalidAddress(let a, let e): return "--resolve '\(e)': '\(a)' is not a numeric IPv4 or IPv6 address"
            case .unsupported(let what, let e): return "--resolve '\(e)': \(what) is not supported"
            }
        }
    }

    /// Lowercased, without a trailing dot.
    public var host: String
    public var port: Int
    /// Numeric addresses without brackets, in the order given (tried in that order).
    public var addresses: [String]
    /// The port to connect to instead of `port`; nil: `port`.
    public var connectPort: Int?

    public init(host: String, port: Int, addresses: [String], connectPort: Int? = nil) {
        self.host = StaticResolveEntry.normalize(host)
        self.port = port
        self.addresses = addresses.map(IPAddressText.stripBrackets)
        self.connectPort = connectPort
    }

    /// True for a `*.DOMAIN` entry.
    public var isWildcard: Bool { host.hasPrefix("*.") }

    /// True when this entry pins every name under its domain (a wildcard), whatever the port.
    public func pins(host: String) -> Bool {
        isWildcard && StaticResolveEntry.normalize(host).hasSuffix(self.host.dropFirst())
    }

    /// Parses `HOST:PORT:ADDRESS[,ADDRESS…]`.
    public init(parsing text: String) throws(ParseError) {
        var body = Substring(text.trimmingCharacters(in: " \t"))
        if body.hasPrefix("+") { body = body.dropFirst() }
        if body.hasPrefix("-") { throw .unsupported("removing an entry ('-')", entry: text) }
        // Split on the first two colons only: the address list may be unbracketed IPv6.
        guard let c1 = body.firstIndex(of: ":") else { throw .wrongShape(text) }
        let host = body[..<c1]
        let rest = body[body.index(after: c1)...]
        guard let c2 = rest.firstIndex(of: ":") else { throw .wrongShape(text) }
        let portText = rest[..<c2]
        let addressText = rest[rest.index(after: c2)...]
        guard !host.isEmpty else { throw .emptyHost(text) }
        if host.contains("*") && !(host.hasPrefix("*.") && host.count > 2 && !host.dropFirst().contains("*")) {
            throw .unsupported("a '*' other than a leading '*.DOMAIN'", entry: text)
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidPort(String(portText), entry: text)
        }
        var addresses = addressText.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: " \t") }
        guard !addresses.isEmpty, !(addresses.count == 1 && addresses[0].isEmpty) else { throw .wrongShape(text) }
        // One address with a port: `a.b.c.d:PORT` or `[v6]:PORT` (an unbracketed IPv6 has no port).
        var connectPort: Int?
        if addresses.count == 1, let split = StaticResolveEntry.addressAndPort(addresses[0]) {
            guard let p = Int(split.port), (1...65535).contains(p) else { throw .invalidPort(split.port, entry: text) }
            addresses = [split.address]
            connectPort = p
        }
        for a in addresses where !IPAddressText.isNumeric(a) { throw .invalidAddress(a, entry: text) }
        self.init(host: String(host), port: port, addresses: addresses, connectPort: connectPort)
    }

    /// True when this entry overrides `host` on `port` (host compared case-insensitively).
    public func matches(host: String, port: Int) -> Bool {
        self.port == port && (self.host == StaticResolveEntry.normalize(host) || pins(host: host))
    }

    public var description: String {
        let list = addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
        return "\(host):\(port):" + list + (connectPort.map { ":\($0)" } ?? "")
    }

    /// `192.0.2.1:5080` → ("192.0.2.1", "5080"); `[2001:db8::1]:5080` → ("2001:db8::1", "5080"); else nil.
    static func addressAndPort(_ text: String) -> (address: String, port: String)? {
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            return (String(text[text.index(after: text.startIndex)..<close]), String(after.dropFirst()))
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        return (String(parts[0]), String(parts[1]))
    }

    static func normalize(_ host: String) -> String {
        let h = host.lowercased()
        return h.hasSuffix(".") && h.count > 1 ? String(h.dropLast()) : h
    }
}

extension String {
    /// Trims the given ASCII characters at both ends (no Foundation in SIPCore's pure code).
    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s = s.dropFirst() }
        while let l = s.last, set.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
