/// A `--resolve HOST:PORT:ADDRESS[,ADDRESS…]` override, curl's convention: connections to HOST on PORT
/// go to ADDRESS instead of what A/AAAA would say.
///
/// It replaces the A/AAAA step only: NAPTR and SRV still run, and an SRV target (or the URI host with
/// its explicit or default port) that matches an entry uses the entry's addresses. IPv6 addresses may
/// be bracketed (`example.com:5061:[2001:db8::1]`). curl's `+` prefix is accepted and ignored; its `-`
/// (remove) and `*` wildcard forms are not supported.
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

    public init(host: String, port: Int, addresses: [String]) {
        self.host = StaticResolveEntry.normalize(host)
        self.port = port
        self.addresses = addresses.map(IPAddressText.stripBrackets)
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
        if host == "*" { throw .unsupported("the '*' wildcard host", entry: text) }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidPort(String(portText), entry: text)
        }
        let addresses = addressText.split(separator: ",", omittingEmptySubsequences: false)
            .map { String($0).trimmingCharacters(in: " \t") }
        guard !addresses.isEmpty, !(addresses.count == 1 && addresses[0].isEmpty) else { throw .wrongShape(text) }
        for a in addresses where !IPAddressText.isNumeric(a) { throw .invalidAddress(a, entry: text) }
        self.init(host: String(host), port: port, addresses: addresses)
    }

    /// True when this entry overrides `host` on `port` (host compared case-insensitively).
    public func matches(host: String, port: Int) -> Bool {
        self.port == port && self.host == StaticResolveEntry.normalize(host)
    }

    public var description: String {
        "\(host):\(port):" + addresses.map { $0.contains(":") ? "[\($0)]" : $0 }.joined(separator: ",")
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
