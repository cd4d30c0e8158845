extension ZentrunkClient {
    public func listCalls(_ filter: CallFilter = CallFilter(), limit: Int? = nil, offset: Int? = nil) async throws -> ListPage<CallRecord> {
        try await listTyped(.call, query: try filter.query(), limit: limit, offset: offset, as: CallRecord.self)
    }

    /// The CDR GET is flat (docs/api.md); unwrapping is harmless if it ever nests.
    public func getCall(id: String) async throws -> CallRecord {
        try await getTyped(.call, id: id, as: CallRecord.self)
    }

    public func callInsights(id: String) async throws -> CallInsights {
        let request = ZentrunkRequest.callInsights(id: id)
        return try Self.decode(CallInsights.self, from: try await sendJSON(request), request: "GET \(request.path)")
    }
}
