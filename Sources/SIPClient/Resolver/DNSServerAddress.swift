import Foundation
import SIPCore

/// The DNS server to query: `--dns-server HOST[:PORT]`, or the first `nameserver` of /etc/resolv.conf.
///
/// HOST must be a numeric IPv4 or IPv6 address (resolving the resolver's own name would need a
/// resolver); IPv6 with a port is bracketed (`[::1]:5353`). PORT defaults to 53.
public struct DNSServerAddress: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case notNumeric(String)
        case invalidPort(String)
        case noNameserver(path: String)

        public var description: String {
            switch self {
            case .notNumeric(let s): return "--dns-server '\(s)': expected a numeric IPv4 or IPv6 address, optionally with :PORT ([v6]:PORT)"
            case .invalidPort(let s): return "--dns-server '\(s)': the port must be 1–65535"
            case .noNameserver(let path): return "no nameserver line in \(path); pass --dns-server HOST[:PORT]"
            }
        }
    }

    /// Numeric, without brackets or scope.
    public var host: String
    public var port: Int

    public init(host: String, port: Int = 53) {
        self.host = host
        self.port = port
    }

    /// Parses `1.2.3.4`, `1.2.3.4:5353`, `::1`, `[::1]`, `[::1]:5353`.
    public init(parsing text: String) throws(ParseError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        var host = t
        var port = 53
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]") else { throw .notNumeric(text) }
            host = String(t[t.index(after: t.startIndex)..<close])
            let rest = t[t.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":"), let p = Int(rest.dropFirst()), (1...65535).contains(p) else { throw .invalidPort(text) }
                port = p
            }
        } else if t.filter({ $0 == ":" }).count == 1, let colon = t.firstIndex(of: ":") {
            host = String(t[..<colon])
            guard let p = Int(t[t.index(after: colon)...]), (1...65535).contains(p) else { throw .invalidPort(text) }
            port = p
        }
        guard DNSServerAddress.isNumeric(host) else { throw .notNumeric(text) }
        self.init(host: host, port: port)
    }

    /// The first `nameserver` in a resolv.conf(5) file. A link-local scope (`fe80::1%eth0`) is dropped,
    /// which loses the interface: pass `--dns-server` for such a server.
    public static func fromResolvConf(path: String = "/etc/resolv.conf") throws(ParseError) -> DNSServerAddress {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw .noNameserver(path: path) }
        return try fromResolvConf(contents: text, path: path)
    }

    public static func fromResolvConf(contents: String, path: String = "/etc/resolv.conf") throws(ParseError) -> DNSServerAddress {
        for line in contents.split(whereSeparator: \.isNewline) {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 2, fields[0] == "nameserver" else { continue }
            var host = String(fields[1])
            if let pct = host.firstIndex(of: "%") { host = String(host[..<pct]) }
            if isNumeric(host) { return DNSServerAddress(host: host, port: 53) }
        }
        throw .noNameserver(path: path)
    }

    public var isIPv6: Bool { host.contains(":") }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    static func isNumeric(_ s: String) -> Bool {
        ServerLocationRequest(host: s).hostIsNumeric && !s.hasPrefix("[")
    }
}
