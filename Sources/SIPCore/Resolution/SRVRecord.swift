/// An SRV resource record (RFC 2782).
public struct SRVRecord: Sendable, Equatable, Hashable {
    public var priority: UInt16
    public var weight: UInt16
    public var port: UInt16
    /// The target host, without a trailing dot. `"."` in DNS (here `""`) means "service decidedly not available".
    public var target: String
    public var ttl: UInt32

    public init(priority: UInt16, weight: UInt16, port: UInt16, target: String, ttl: UInt32) {
        self.priority = priority
        self.weight = weight
        self.port = port
        self.target = target
        self.ttl = ttl
    }

    /// RFC 2782: "A Target of "." means that the service is decidedly not available at this domain."
    public var isServiceUnavailable: Bool { target.isEmpty || target == "." }

    /// Presentation format: `10 60 5060 sip1.example.com.`
    public var presentation: String { "\(priority) \(weight) \(port) \(isServiceUnavailable ? "" : target)." }
}
