/// One link of the chain that led to a target, for the report: which record, of which name, said what,
/// and for how long it may be cached (docs/resolution.md: the report shows the resolution chain with TTLs).
public struct ResolutionStep: Sendable, Equatable, Hashable, CustomStringConvertible {
    public enum RecordType: String, Sendable, Equatable, Hashable {
        case naptr = "NAPTR"
        case srv = "SRV"
        case a = "A"
        case aaaa = "AAAA"
        /// The URI's host was a numeric address: no DNS.
        case numeric = "IP"
        /// A `--resolve HOST:PORT:ADDRESS` entry replaced the A/AAAA lookup.
        case staticEntry = "RESOLVE"
    }

    public var type: RecordType
    /// The owner name queried (`example.com`, `_sip._udp.example.com`).
    public var name: String
    /// The record's data in presentation form.
    public var value: String
    /// The record's TTL in seconds; nil for `numeric` and `staticEntry`.
    public var ttl: UInt32?

    public init(type: RecordType, name: String, value: String, ttl: UInt32?) {
        self.type = type
        self.name = name
        self.value = value
        self.ttl = ttl
    }

    /// `SRV _sip._udp.example.com → 10 60 5060 sip1.example.com. (ttl 300)`
    public var description: String {
        "\(type.rawValue) \(name) → \(value)" + (ttl.map { " (ttl \($0))" } ?? "")
    }
}
