/// A Zentrunk trunk (docs/api.md). Ids stay strings: they are 14–18 digit numbers.
public struct Trunk: Sendable, Equatable, Codable {
    public var trunkID: String
    /// `<trunk_id>.zt.plivo.com`, the domain a platform dials. Only returned on reads.
    public var trunkDomain: String?
    public var name: String?
    public var trunkStatus: String?
    public var trunkDirection: String?
    public var secure: Bool?
    public var ipaclUUID: String?
    public var credentialUUID: String?
    public var primaryURIUUID: String?
    public var fallbackURIUUID: String?
    /// Undocumented; seen in live GETs (docs/api.md).
    public var createdAt: String?
    public var updatedAt: String?

    public init(trunkID: String, trunkDomain: String? = nil, name: String? = nil, trunkStatus: String? = nil,
                trunkDirection: String? = nil, secure: Bool? = nil, ipaclUUID: String? = nil,
                credentialUUID: String? = nil, primaryURIUUID: String? = nil, fallbackURIUUID: String? = nil,
                createdAt: String? = nil, updatedAt: String? = nil) {
        self.trunkID = trunkID; self.trunkDomain = trunkDomain; self.name = name; self.trunkStatus = trunkStatus
        self.trunkDirection = trunkDirection; self.secure = secure; self.ipaclUUID = ipaclUUID
        self.credentialUUID = credentialUUID; self.primaryURIUUID = primaryURIUUID
        self.fallbackURIUUID = fallbackURIUUID; self.createdAt = createdAt; self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case trunkID = "trunk_id", trunkDomain = "trunk_domain", name, trunkStatus = "trunk_status"
        case trunkDirection = "trunk_direction", secure, ipaclUUID = "ipacl_uuid", credentialUUID = "credential_uuid"
        case primaryURIUUID = "primary_uri_uuid", fallbackURIUUID = "fallback_uri_uuid"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        trunkID = try c.decodeLenientString(.trunkID)
        trunkDomain = try c.decodeIfPresent(String.self, forKey: .trunkDomain)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        trunkStatus = try c.decodeIfPresent(String.self, forKey: .trunkStatus)
        trunkDirection = try c.decodeIfPresent(String.self, forKey: .trunkDirection)
        secure = try c.decodeLenientBool(.secure)
        ipaclUUID = try c.decodeIfPresent(String.self, forKey: .ipaclUUID)
        credentialUUID = try c.decodeIfPresent(String.self, forKey: .credentialUUID)
        primaryURIUUID = try c.decodeIfPresent(String.self, forKey: .primaryURIUUID)
        fallbackURIUUID = try c.decodeIfPresent(String.self, forKey: .fallbackURIUUID)
        createdAt = try c.decodeIfPresent(String.self, forKey: .createdAt)
        updatedAt = try c.decodeIfPresent(String.self, forKey: .updatedAt)
    }
}
