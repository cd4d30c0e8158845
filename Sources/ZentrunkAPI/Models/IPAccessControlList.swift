/// An IP access control list for outbound trunks (docs/api.md).
public struct IPAccessControlList: Sendable, Equatable, Codable {
    public var ipaclUUID: String
    public var name: String?
    public var ipAddresses: [String]

    public init(ipaclUUID: String, name: String? = nil, ipAddresses: [String] = []) {
        self.ipaclUUID = ipaclUUID; self.name = name; self.ipAddresses = ipAddresses
    }

    enum CodingKeys: String, CodingKey { case ipaclUUID = "ipacl_uuid", name, ipAddresses = "ip_addresses" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ipaclUUID = try c.decodeLenientString(.ipaclUUID)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        ipAddresses = try c.decodeIfPresent([String].self, forKey: .ipAddresses) ?? []
    }
}
