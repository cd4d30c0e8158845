/// The DNS RR types this resolver asks for or follows (RFC 1035 §3.2.2, RFC 3596, RFC 2782, RFC 3403, RFC 6891).
public enum DNSRecordType: UInt16, Sendable, Equatable, CustomStringConvertible {
    case a = 1
    case cname = 5
    case soa = 6
    case aaaa = 28
    case srv = 33
    case naptr = 35
    case opt = 41

    public var description: String {
        switch self {
        case .a: return "A"
        case .cname: return "CNAME"
        case .soa: return "SOA"
        case .aaaa: return "AAAA"
        case .srv: return "SRV"
        case .naptr: return "NAPTR"
        case .opt: return "OPT"
        }
    }
}
