/// Fields for an origination URI create or update.
public struct URIParameters: Sendable, Equatable {
    public var name: String?
    public var uri: String?
    public var authenticationNeeded: Bool?
    public var username: String?
    public var password: Secret?

    public init(name: String? = nil, uri: String? = nil, authenticationNeeded: Bool? = nil, username: String? = nil,
                password: Secret? = nil) {
        self.name = name; self.uri = uri; self.authenticationNeeded = authenticationNeeded
        self.username = username; self.password = password
    }

    /// Create rules (docs/api.md): `uri` required; with `authentication_needed`, username and password too.
    public func validateForCreate() throws -> [String] {
        guard let uri else { throw ZentrunkInputError(field: "uri", message: "is required") }
        var warnings = try ZentrunkValidation.checkURI(uri)
        if authenticationNeeded == true {
            guard username?.isEmpty == false else {
                throw ZentrunkInputError(field: "username", message: "is required when authentication_needed is true")
            }
            guard password != nil else {
                throw ZentrunkInputError(field: "password", message: "is required when authentication_needed is true")
            }
        } else if username != nil || password != nil {
            warnings.append("username/password are ignored unless authentication_needed is true")
        }
        return warnings
    }

    public func validateForUpdate() throws -> [String] {
        var warnings: [String] = []
        if let uri { warnings += try ZentrunkValidation.checkURI(uri) }
        if authenticationNeeded == true, password == nil, username != nil {
            warnings.append("enabling authentication without a password; the API may reject it")
        }
        return warnings
    }

    package var body: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let uri { body["uri"] = .string(uri) }
        if let authenticationNeeded { body["authentication_needed"] = .bool(authenticationNeeded) }
        if let username { body["username"] = .string(username) }
        if let password { body["password"] = .string(password.value) }
        return body
    }
}
