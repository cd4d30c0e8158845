extension ZentrunkClient {
    public func createURI(_ parameters: URIParameters) async throws -> WriteResult {
        log(warnings: try parameters.validateForCreate())
        let json = try await sendJSON(.create(.uri, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.uri.idField)
    }

    public func getURI(id: String) async throws -> OriginationURI {
        try await getTyped(.uri, id: id, as: OriginationURI.self)
    }

    public func listURIs(limit: Int? = nil, offset: Int? = nil) async throws -> ListPage<OriginationURI> {
        try await listTyped(.uri, query: [], limit: limit, offset: offset, as: OriginationURI.self)
    }

    public func allURIs() async throws -> [OriginationURI] {
        try await listAllTyped(.uri, as: OriginationURI.self)
    }

    /// Live quirk (docs/api.md): a password change must restate `authentication_needed` and `username`;
    /// whichever the caller left out is filled in (true, and the URI's current username).
    public func updateURI(id: String, _ parameters: URIParameters) async throws -> WriteResult {
        var parameters = parameters
        log(warnings: try parameters.validateForUpdate())
        if parameters.password != nil {
            if parameters.authenticationNeeded == nil { parameters.authenticationNeeded = true }
            if parameters.username == nil {
                parameters.username = try await getURI(id: id).username
                guard parameters.username != nil else {
                    throw ZentrunkInputError(field: "username", message: "the URI has no username; give one with the password")
                }
            }
        }
        guard !parameters.body.isEmpty else {
            throw ZentrunkInputError(field: "uri", message: "nothing to update")
        }
        let json = try await sendJSON(.update(.uri, id: id, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.uri.idField)
    }

    public func deleteURI(id: String) async throws {
        _ = try await send(.delete(.uri, id: id))
    }
}
