/// What a voice-AI platform is known to need from a Zentrunk trunk and how it behaves towards probes.
public struct PlatformProfile: Sendable, Codable, Equatable {
    /// How a platform authenticates its outbound calls (its INVITEs to the trunk domain).
    public enum OutboundAuth: String, Sendable, Codable {
        case credential
        case ipACL = "ip_acl"
        case either
    }

    public var id: String
    public var name: String
    /// The origination URI's form, as the platform documents it.
    public var inboundURIForm: String
    /// Transports the platform listens on for inbound calls (`udp`, `tcp`, `tls`).
    public var inboundTransports: [String]
    public var outboundAuth: OutboundAuth
    /// Addresses its outbound calls come from (CIDR), when published.
    public var publishedAddresses: [String]
    /// It answers every OPTIONS with 200 whatever its trunks say: only an INVITE proves the inbound path.
    public var optionsAlways200: Bool
    /// It drops an INVITE from a source outside its allowed addresses without any answer.
    public var dropsUnlistedInvites: Bool
    public var notes: [String]
    public var source: String

    enum CodingKeys: String, CodingKey {
        case id, name, inboundURIForm = "inbound_uri_form", inboundTransports = "inbound_transports"
        case outboundAuth = "outbound_auth", publishedAddresses = "published_addresses"
        case optionsAlways200 = "options_always_200", dropsUnlistedInvites = "drops_unlisted_invites", notes, source
    }
}
