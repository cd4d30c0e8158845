/// Fields for a trunk create or update. `nil` means "not sent".
public struct TrunkParameters: Sendable, Equatable {
    public var name: String?
    public var direction: String?
    public var status: String?
    public var secure: Bool?
    public var ipaclUUID: String?
    public var credentialUUID: String?
    public var primaryURIUUID: String?
    public var fallbackURIUUID: String?

    public init(name: String? = nil, direction: String? = nil, status: String? = nil, secure: Bool? = nil,
                ipaclUUID: String? = nil, credentialUUID: String? = nil, primaryURIUUID: String? = nil,
                fallbackURIUUID: String? = nil) {
        self.name = name; self.direction = direction; self.status = status; self.secure = secure
        self.ipaclUUID = ipaclUUID; self.credentialUUID = credentialUUID
        self.primaryURIUUID = primaryURIUUID; self.fallbackURIUUID = fallbackURIUUID
    }

    /// Create rules (docs/api.md): direction required; inbound needs a primary URI; outbound needs a
    /// credential or an IP ACL (either or both).
    public func validateForCreate() throws {
        guard let direction else {
            throw ZentrunkInputError(field: "trunk_direction", message: "is required (inbound or outbound)")
        }
        try validateCommon()
        if direction == "inbound" {
            guard primaryURIUUID?.isEmpty == false else {
                throw ZentrunkInputError(field: "primary_uri_uuid", message: "an inbound trunk needs a primary origination URI")
            }
            if ipaclUUID != nil || credentialUUID != nil {
                throw ZentrunkInputError(field: "trunk_direction", message: "an inbound trunk takes URIs, not a credential or IP ACL")
            }
        } else {
            guard credentialUUID?.isEmpty == false || ipaclUUID?.isEmpty == false else {
                throw ZentrunkInputError(field: "credential_uuid", message: "an outbound trunk needs a credential or an IP ACL (or both)")
            }
            if primaryURIUUID != nil || fallbackURIUUID != nil {
                throw ZentrunkInputError(field: "trunk_direction", message: "an outbound trunk takes a credential or IP ACL, not URIs")
            }
        }
    }

    func validateCommon() throws {
        if let direction { try ZentrunkValidation.checkDirection(direction) }
        if let status { try ZentrunkValidation.checkStatus(status) }
        for (field, value) in [("name", name), ("ipacl_uuid", ipaclUUID), ("credential_uuid", credentialUUID),
                               ("primary_uri_uuid", primaryURIUUID), ("fallback_uri_uuid", fallbackURIUUID)] {
            if let value, value.isEmpty { throw ZentrunkInputError(field: field, message: "must not be empty") }
        }
        if let primaryURIUUID, primaryURIUUID == fallbackURIUUID {
            throw ZentrunkInputError(field: "fallback_uri_uuid", message: "must differ from the primary URI")
        }
    }

    package var body: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let direction { body["trunk_direction"] = .string(direction) }
        if let status { body["trunk_status"] = .string(status) }
        if let secure { body["secure"] = .bool(secure) }
        if let ipaclUUID { body["ipacl_uuid"] = .string(ipaclUUID) }
        if let credentialUUID { body["credential_uuid"] = .string(credentialUUID) }
        if let primaryURIUUID { body["primary_uri_uuid"] = .string(primaryURIUUID) }
        if let fallbackURIUUID { body["fallback_uri_uuid"] = .string(fallbackURIUUID) }
        return body
    }
}
