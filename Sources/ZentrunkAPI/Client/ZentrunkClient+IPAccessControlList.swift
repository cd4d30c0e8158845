extension ZentrunkClient {
    public func createIPAccessControlList(_ parameters: IPACLParameters) async throws -> WriteResult {
        log(warnings: try parameters.validate(requireAddresses: true))
        let json = try await sendJSON(.create(.ipAccessControlList, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.ipAccessControlList.idField)
    }

    public func getIPAccessControlList(id: String) async throws -> IPAccessControlList {
        try await getTyped(.ipAccessControlList, id: id, as: IPAccessControlList.self)
    }

    public func listIPAccessControlLists(limit: Int? = nil, offset: Int? = nil) async throws -> ListPage<IPAccessControlList> {
        try await listTyped(.ipAccessControlList, query: [], limit: limit, offset: offset, as: IPAccessControlList.self)
    }

    public func allIPAccessControlLists() async throws -> [IPAccessControlList] {
        try await listAllTyped(.ipAccessControlList, as: IPAccessControlList.self)
    }

    /// `ip_addresses` replaces the whole list (docs/api.md).
    public func updateIPAccessControlList(id: String, _ parameters: IPACLParameters) async throws -> WriteResult {
        log(warnings: try parameters.validate(requireAddresses: false))
        guard parameters.name != nil || parameters.ipAddresses != nil else {
            throw ZentrunkInputError(field: "ip_addresses", message: "nothing to update: give a name or addresses")
        }
        let json = try await sendJSON(.update(.ipAccessControlList, id: id, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.ipAccessControlList.idField)
    }

    public func deleteIPAccessControlList(id: String) async throws {
        _ = try await send(.delete(.ipAccessControlList, id: id))
    }
}
