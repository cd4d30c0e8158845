/// Why a DNS query got no usable answer. NXDOMAIN and NODATA are answers, not errors (`DNSLookupResult`).
public enum DNSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No matching response within the timeout, after every attempt.
    case timeout(name: String, type: String, server: String, attempts: Int)
    /// The UDP response had the TC bit set (RFC 1035 §4.1.1) and no complete answer came over TCP.
    case truncated(name: String, type: String, server: String)
    /// The server answered with an error RCODE other than NXDOMAIN (1 FORMERR, 2 SERVFAIL, 4 NOTIMP, 5 REFUSED…).
    case serverFailure(name: String, type: String, server: String, rcode: Int)
    /// The response could not be decoded (bounds, compression loops, bad lengths…).
    case malformedResponse(name: String, type: String, server: String, reason: String)
    /// The query name is not a valid DNS name (label over 63 octets, name over 255, empty label).
    case invalidName(String, reason: String)
    /// The socket could not be opened or the query not sent.
    case transport(server: String, reason: String)
    /// No DNS server is configured (`--dns-server` absent and no `nameserver` in /etc/resolv.conf).
    case noServer(reason: String)

    public var description: String {
        switch self {
        case .timeout(let n, let t, let s, let a): return "DNS \(t) \(n): no answer from \(s) after \(a) attempt\(a == 1 ? "" : "s")"
        case .truncated(let n, let t, let s): return "DNS \(t) \(n): response from \(s) truncated (TC bit) and no complete answer over TCP"
        case .serverFailure(let n, let t, let s, let r): return "DNS \(t) \(n): \(s) answered \(DNSError.rcodeName(r))"
        case .malformedResponse(let n, let t, let s, let why): return "DNS \(t) \(n): malformed response from \(s): \(why)"
        case .invalidName(let n, let why): return "invalid DNS name '\(n)': \(why)"
        case .transport(let s, let why): return "DNS server \(s): \(why)"
        case .noServer(let why): return "no DNS server: \(why)"
        }
    }

    /// RFC 1035 §4.1.1 / RFC 6895 §2.3 names.
    public static func rcodeName(_ rcode: Int) -> String {
        switch rcode {
        case 1: return "FORMERR"
        case 2: return "SERVFAIL"
        case 3: return "NXDOMAIN"
        case 4: return "NOTIMP"
        case 5: return "REFUSED"
        default: return "RCODE \(rcode)"
        }
    }
}
