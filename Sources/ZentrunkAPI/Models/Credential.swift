/// A digest credential for outbound trunks (docs/api.md). The password is never returned.
public struct Credential: Sendable, Equatable, Codable {
    public var credentialUUID: String
    public var name: String?
    public var username: String?

    public init(credentialUUID: String, name: String? = nil, username: String? = nil) {
        self.credentialUUID = credentialUUID; self.name = name; self.username = username
    }

    enum CodingKeys: String, CodingKey { case credentialUUID = "credential_uuid", name, username }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        credentialUUID = try c.decodeLenientString(.credentialUUID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        username = try c.decodeIfPresent(String.self, forKey: .username)
    }
}
