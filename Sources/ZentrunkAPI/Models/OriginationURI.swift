/// An origination URI: where Plivo sends inbound calls (docs/api.md). The password is write-only.
public struct OriginationURI: Sendable, Equatable, Codable {
    public var uriUUID: String
    public var name: String?
    public var uri: String?
    public var authenticationNeeded: Bool?
    public var username: String?

    public init(uriUUID: String, name: String? = nil, uri: String? = nil, authenticationNeeded: Bool? = nil,
                username: String? = nil) {
        self.uriUUID = uriUUID; self.name = name; self.uri = uri
        self.authenticationNeeded = authenticationNeeded; self.username = username
    }

    enum CodingKeys: String, CodingKey {
        case uriUUID = "uri_uuid", name, uri, authenticationNeeded = "authentication_needed", username
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        uriUUID = try c.decodeLenientString(.uriUUID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        uri = try c.decodeIfPresent(String.self, forKey: .uri)
        authenticationNeeded = try c.decodeLenientBool(.authenticationNeeded)
        username = try c.decodeIfPresent(String.self, forKey: .username)
    }
}
