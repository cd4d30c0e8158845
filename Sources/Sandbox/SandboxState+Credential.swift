import ZentrunkAPI

extension SandboxState {
    func credential(_ method: String, _ id: String?, _ body: [String: JSONValue], _ query: [String: String]) -> SandboxResponse {
        switch (method, id) {
        case ("GET", nil): return page(credentials.all, resource: "Credential", query: query)
        case ("POST", nil):
            guard let username = string(body, "username"), let password = string(body, "password") else {
                return missing("missing required parameters: username and password")
            }
            if let refusal = checkCredential(username: username, password: password) { return refusal }
            let id = newUUID()
            var row: [String: JSONValue] = ["credential_uuid": .string(id), "username": .string(username)]
            row["name"] = body["name"] ?? .null
            credentials[id] = row
            passwordSet.insert(id)
            passwords[id] = Secret(password)
            return created("credential created successfully.", idField: "credential_uuid", id: id)
        case ("GET", let id?):
            guard let row = credentials[id] else { return notFound("credential not found") }
            return item(row)
        case ("POST", let id?):
            guard var row = credentials[id] else { return notFound("credential not found") }
            let username = string(body, "username"), password = string(body, "password")
            // Live quirk: a password without a username is refused.
            if password != nil && username == nil { return badRequest("username is required with password") }
            if let refusal = checkCredential(username: username, password: password) { return refusal }
            if let username { row["username"] = .string(username) }
            if let name = body["name"] { row["name"] = name }
            credentials[id] = row
            // Live quirk: the password is rewritten on every update, so one not sent is blanked.
            if password != nil { passwordSet.insert(id) } else { passwordSet.remove(id) }
            passwords[id] = password.map(Secret.init)
            return updated("Credential updated successfully.", idField: "credential_uuid", id: id)
        case ("DELETE", let id?):
            guard credentials[id] != nil else { return notFound("credential not found") }
            credentials[id] = nil
            passwordSet.remove(id)
            passwords[id] = nil
            return SandboxResponse(status: 204)
        default: return methodNotAllowed()
        }
    }

    private func checkCredential(username: String?, password: String?) -> SandboxResponse? {
        if let username, !(5...20).contains(username.count) { return badRequest("username must be 5-20 characters") }
        if let password, !(5...20).contains(password.count) { return badRequest("password must be 5-20 characters") }
        return nil
    }
}
