/// What a DNS query answered: records, or one of the two negative answers (RFC 2308 §1–2).
public enum DNSLookupResult<Record: Sendable & Equatable>: Sendable, Equatable {
    /// At least one record of the asked type.
    case records([Record])
    /// RCODE 3: the name does not exist.
    case nxdomain
    /// RCODE 0 but no record of the asked type ("NODATA").
    case noData

    /// The records, or an empty list for either negative answer.
    public var recordsOrEmpty: [Record] {
        if case .records(let r) = self { return r }
        return []
    }
}
