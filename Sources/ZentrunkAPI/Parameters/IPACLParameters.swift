/// Fields for an IP ACL create or update. An update replaces the whole address list (docs/api.md).
public struct IPACLParameters: Sendable, Equatable {
    public var name: String?
    public var ipAddresses: [String]?

    public init(name: String? = nil, ipAddresses: [String]? = nil) {
        self.name = name; self.ipAddresses = ipAddresses
    }

    public func validate(requireAddresses: Bool) throws -> [String] {
        guard let ipAddresses else {
            if requireAddresses { throw ZentrunkInputError(field: "ip_addresses", message: "is required") }
            return []
        }
        guard !ipAddresses.isEmpty else {
            throw ZentrunkInputError(field: "ip_addresses", message: "needs at least one address")
        }
        return try ipAddresses.flatMap { try ZentrunkValidation.checkACLEntry($0) }
    }

    package var body: [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let name { body["name"] = .string(name) }
        if let ipAddresses { body["ip_addresses"] = .array(ipAddresses.map(JSONValue.string)) }
        return body
    }
}
