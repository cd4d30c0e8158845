/// Filters for `GET Zentrunk/Trunk/` (docs/api.md).
public struct TrunkListFilter: Sendable, Equatable {
    public var status: String?
    public var direction: String?
    public var secure: Bool?
    public var ipaclUUID: String?
    public var credentialUUID: String?
    public var primaryURIUUID: String?
    public var fallbackURIUUID: String?

    public init(status: String? = nil, direction: String? = nil, secure: Bool? = nil, ipaclUUID: String? = nil,
                credentialUUID: String? = nil, primaryURIUUID: String? = nil, fallbackURIUUID: String? = nil) {
        self.status = status; self.direction = direction; self.secure = secure; self.ipaclUUID = ipaclUUID
        self.credentialUUID = credentialUUID; self.primaryURIUUID = primaryURIUUID; self.fallbackURIUUID = fallbackURIUUID
    }

    public func query() throws -> [(String, String)] {
        if let status { try ZentrunkValidation.checkStatus(status) }
        if let direction { try ZentrunkValidation.checkDirection(direction) }
        var query: [(String, String)] = []
        if let status { query.append(("trunk_status", status)) }
        if let direction { query.append(("trunk_direction", direction)) }
        if let secure { query.append(("secure", secure ? "true" : "false")) }
        for (key, value) in [("ipacl_uuid", ipaclUUID), ("credential_uuid", credentialUUID),
                             ("primary_uri_uuid", primaryURIUUID), ("fallback_uri_uuid", fallbackURIUUID)] {
            guard let value else { continue }
            guard !value.isEmpty else { throw ZentrunkInputError(field: key, message: "must not be empty") }
            query.append((key, value))
        }
        return query
    }
}
