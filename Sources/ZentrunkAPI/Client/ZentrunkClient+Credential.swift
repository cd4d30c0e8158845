extension ZentrunkClient {
    public func createCredential(_ parameters: CredentialParameters) async throws -> WriteResult {
        log(warnings: try parameters.validate(requireBoth: true))
        let json = try await sendJSON(.create(.credential, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.credential.idField)
    }

    public func getCredential(id: String) async throws -> Credential {
        try await getTyped(.credential, id: id, as: Credential.self)
    }

    public func listCredentials(limit: Int? = nil, offset: Int? = nil) async throws -> ListPage<Credential> {
        try await listTyped(.credential, query: [], limit: limit, offset: offset, as: Credential.self)
    }

    public func allCredentials() async throws -> [Credential] {
        try await listAllTyped(.credential, as: Credential.self)
    }

    /// Live quirks (docs/api.md): the API rewrites the password on every update (an update without one blanks
    /// it) and rejects a password without a username. So a password is required, and a missing username is read
    /// back from the credential first.
    public func updateCredential(id: String, _ parameters: CredentialParameters) async throws -> WriteResult {
        guard parameters.password != nil else {
            throw ZentrunkInputError(field: "password",
                                     message: "is required on every credential update: the API blanks the password otherwise")
        }
        var parameters = parameters
        log(warnings: try parameters.validate(requireBoth: false))
        if parameters.username == nil {
            parameters.username = try await getCredential(id: id).username
        }
        let json = try await sendJSON(.update(.credential, id: id, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.credential.idField)
    }

    public func deleteCredential(id: String) async throws {
        _ = try await send(.delete(.credential, id: id))
    }
}
