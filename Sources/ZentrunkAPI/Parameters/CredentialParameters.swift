/// Fields for a credential create or update. The password is a `Secret` and never printed.
public struct CredentialParameters: Sendable, Equatable {
    public var name: String?
    public var username: String?
    public var password: Secret?

    public init(name: String? = nil, username: String? = nil, password: Secret? = nil) {
        self.name = name; self.username = username; self.password = password
    }

    /// Returns warnings for rules only the API can judge.
    public func validate(requireBoth: Bool) throws -> [String] {
        var warnings: [String] = []
        if requireBoth {
            guard username != nil else { throw ZentrunkInputError(field: "username", message: "is required") }
            guard password != nil else { throw ZentrunkInputError(field: "password", message: "is required") }
        }
        if let username { warnings += try ZentrunkValidation.checkUsername(username) }
        if let password { warnings += try ZentrunkValidation.checkPassword(password) }
        return warnings
    }

    package var body: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let username { body["username"] = .string(username) }
        if let password { body["password"] = .string(password.value) }
        return body
    }
}
