import ZentrunkAPI

extension SandboxState {
    func acl(_ method: String, _ id: String?, _ body: [String: JSONValue], _ query: [String: String]) -> SandboxResponse {
        switch (method, id) {
        case ("GET", nil): return page(acls.all, resource: "IPAccessControlList", query: query)
        case ("POST", nil):
            guard let addresses = body["ip_addresses"] else { return missing("missing required parameters: ip_addresses") }
            guard case .success(let list) = checkAddresses(addresses) else { return badRequest("ip_addresses must be IP addresses or CIDR blocks") }
            let id = newUUID()
            acls[id] = ["ipacl_uuid": .string(id), "name": body["name"] ?? .null, "ip_addresses": .array(list.map(JSONValue.string))]
            return created("IP access control list created successfully.", idField: "ipacl_uuid", id: id)
        case ("GET", let id?):
            guard let row = acls[id] else { return notFound("ip access control list not found") }
            return item(row)
        case ("POST", let id?):
            guard var row = acls[id] else { return notFound("ip access control list not found") }
            if let addresses = body["ip_addresses"] {
                guard case .success(let list) = checkAddresses(addresses) else { return badRequest("ip_addresses must be IP addresses or CIDR blocks") }
                row["ip_addresses"] = .array(list.map(JSONValue.string))  // replaces the whole list
            }
            if let name = body["name"] { row["name"] = name }
            acls[id] = row
            return updated("IP access control list updated successfully.", idField: "ipacl_uuid", id: id)
        case ("DELETE", let id?):
            guard acls[id] != nil else { return notFound("ip access control list not found") }
            acls[id] = nil
            return SandboxResponse(status: 204)
        default: return methodNotAllowed()
        }
    }

    private struct BadAddresses: Error {}

    private func checkAddresses(_ value: JSONValue) -> Result<[String], BadAddresses> {
        guard case .array(let items) = value, !items.isEmpty else { return .failure(BadAddresses()) }
        var list: [String] = []
        for item in items {
            guard case .string(let text) = item, (try? ZentrunkValidation.checkACLEntry(text)) != nil else {
                return .failure(BadAddresses())
            }
            list.append(text)
        }
        return .success(list)
    }
}
