/// A NAPTR resource record (RFC 3403 §4.1), as RFC 3263 §4.1 uses it to pick a SIP transport.
public struct NAPTRRecord: Sendable, Equatable, Hashable {
    public var order: UInt16
    public var preference: UInt16
    /// `s` for SIP (RFC 3263 §4.1: the next lookup is SRV on `replacement`).
    public var flags: String
    /// `SIP+D2U`, `SIP+D2T`, `SIPS+D2T`, `SIP+D2S`…
    public var service: String
    /// Always empty for SIP (RFC 3263 §4.1: resolution uses `replacement`).
    public var regexp: String
    /// The domain name for the SRV query, without a trailing dot.
    public var replacement: String
    public var ttl: UInt32

    public init(order: UInt16, preference: UInt16, flags: String, service: String, regexp: String = "",
                replacement: String, ttl: UInt32) {
        self.order = order
        self.preference = preference
        self.flags = flags
        self.service = service
        self.regexp = regexp
        self.replacement = replacement
        self.ttl = ttl
    }

    /// Presentation format (RFC 3403 §4.1): `10 50 "s" "SIP+D2U" "" _sip._udp.example.com.`
    public var presentation: String {
        "\(order) \(preference) \"\(flags)\" \"\(service)\" \"\(regexp)\" \(replacement)."
    }
}
