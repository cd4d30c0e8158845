/// An A (RFC 1035 §3.4.1) or AAAA (RFC 3596) record: one address in presentation form with its TTL.
public struct AddressRecord: Sendable, Equatable, Hashable {
    /// `192.0.2.1` or `2001:db8::1`.
    public var address: String
    public var ttl: UInt32

    public init(address: String, ttl: UInt32) {
        self.address = address
        self.ttl = ttl
    }
}
