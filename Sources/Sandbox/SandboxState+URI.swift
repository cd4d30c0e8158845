import ZentrunkAPI

extension SandboxState {
    func uri(_ method: String, _ id: String?, _ body: [String: JSONValue], _ query: [String: String]) -> SandboxResponse {
        switch (method, id) {
        case ("GET", nil): return page(uris.all, resource: "URI", query: query)
        case ("POST", nil):
            guard let target = string(body, "uri"), !target.isEmpty else { return missing("missing required parameters: uri") }
            let auth = bool(body, "authentication_needed") ?? false
            if auth && (string(body, "username") == nil || string(body, "password") == nil) {
                return missing("username and password are required when authentication_needed is true")
            }
            if (try? ZentrunkValidation.checkURI(target)) == nil { return badRequest("invalid uri") }
            let id = newUUID()
            uris[id] = [
                "uri_uuid": .string(id), "name": body["name"] ?? .null, "uri": .string(target),
                "authentication_needed": .bool(auth), "username": auth ? (body["username"] ?? .null) : .null,
            ]
            if auth { passwordSet.insert(id) }
            return created("Origination URI created successfully.", idField: "uri_uuid", id: id)
        case ("GET", let id?):
            guard let row = uris[id] else { return notFound("origination uri not found") }
            return item(row)
        case ("POST", let id?):
            guard var row = uris[id] else { return notFound("origination uri not found") }
            // Live quirk: a password change must restate authentication_needed and username.
            if body["password"] != nil && (body["authentication_needed"] == nil || body["username"] == nil) {
                return badRequest("authentication_needed and username are required with password")
            }
            if let target = string(body, "uri") {
                if (try? ZentrunkValidation.checkURI(target)) == nil { return badRequest("invalid uri") }
                row["uri"] = .string(target)
            }
            if let name = body["name"] { row["name"] = name }
            if let auth = bool(body, "authentication_needed") {
                row["authentication_needed"] = .bool(auth)
                if !auth { row["username"] = .null; passwordSet.remove(id) }
            }
            if let username = body["username"], bool(row, "authentication_needed") == true { row["username"] = username }
            if body["password"] != nil { passwordSet.insert(id) }
            uris[id] = row
            return updated("origination uri updated successfully.", idField: "uri_uuid", id: id)
        case ("DELETE", let id?):
            guard uris[id] != nil else { return notFound("origination uri not found") }
            uris[id] = nil
            passwordSet.remove(id)
            // Live quirk (docs/api.md): deleting a URI in use cascade-deletes the trunks pointing at it.
            for trunk in trunks.all {
                if trunk["primary_uri_uuid"]?.stringValue == id || trunk["fallback_uri_uuid"]?.stringValue == id,
                   let trunkID = trunk["trunk_id"]?.stringValue {
                    removeTrunk(trunkID)
                }
            }
            return SandboxResponse(status: 204)
        default: return methodNotAllowed()
        }
    }
}
