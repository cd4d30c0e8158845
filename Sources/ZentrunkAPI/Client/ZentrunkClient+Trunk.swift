extension ZentrunkClient {
    /// Creates a trunk, then reads it back: the documented create response has no `trunk_domain` (docs/api.md).
    /// If the response does carry it (as some published examples show), that value is used and no read is made.
    public func createTrunk(_ parameters: TrunkParameters) async throws -> CreatedTrunk {
        try parameters.validateForCreate()
        let json = try await sendJSON(.create(.trunk, body: parameters.body))
        let result = Self.writeResult(json, idField: ZentrunkResource.trunk.idField)
        guard let id = result.id else {
            throw ZentrunkError(code: .decoding, message: "trunk create response has no trunk_id", request: "POST Zentrunk/Trunk/")
        }
        if let domain = json["trunk_domain"]?.stringValue, !domain.isEmpty {
            return CreatedTrunk(result: result, trunkID: id, trunkDomain: domain, trunk: nil)
        }
        do {
            let trunk = try await getTrunk(id: id)
            return CreatedTrunk(result: result, trunkID: id, trunkDomain: trunk.trunkDomain ?? "\(id).zt.plivo.com", trunk: trunk)
        } catch {
            // The trunk exists; failing here would invite a duplicate on retry. Derive the documented form instead.
            logger.warning("trunk \(id) created but reading it back failed: \(error)")
            return CreatedTrunk(result: result, trunkID: id, trunkDomain: "\(id).zt.plivo.com", trunk: nil)
        }
    }

    /// Accepts the live nested shape `{"object": {…}}` and the documented flat one.
    public func getTrunk(id: String) async throws -> Trunk {
        try await getTyped(.trunk, id: id, as: Trunk.self)
    }

    public func listTrunks(_ filter: TrunkListFilter = TrunkListFilter(), limit: Int? = nil,
                           offset: Int? = nil) async throws -> ListPage<Trunk> {
        try await listTyped(.trunk, query: try filter.query(), limit: limit, offset: offset, as: Trunk.self)
    }

    public func allTrunks(_ filter: TrunkListFilter = TrunkListFilter()) async throws -> [Trunk] {
        try await listAllTyped(.trunk, query: try filter.query(), as: Trunk.self)
    }

    /// Live quirk (docs/api.md): `trunk_direction` must be sent on every update, else 400. When the caller
    /// leaves it out, the trunk's current direction is read and resent.
    public func updateTrunk(id: String, _ parameters: TrunkParameters) async throws -> WriteResult {
        var parameters = parameters
        try parameters.validateCommon()
        if parameters.direction == nil {
            guard let direction = try await getTrunk(id: id).trunkDirection else {
                throw ZentrunkError(code: .decoding, message: "trunk \(id) has no trunk_direction to resend",
                                    request: "GET Zentrunk/Trunk/\(id)/")
            }
            parameters.direction = direction
        }
        let json = try await sendJSON(.update(.trunk, id: id, body: parameters.body))
        return Self.writeResult(json, idField: ZentrunkResource.trunk.idField)
    }

    /// Deleting a trunk detaches every number routed to it (docs/api.md).
    public func deleteTrunk(id: String) async throws {
        _ = try await send(.delete(.trunk, id: id))
    }
}
