/// The body of a create or update: `{"api_id", "message", "<id field>"}` (docs/api.md).
public struct WriteResult: Sendable, Equatable {
    public var apiID: String?
    public var message: String?
    /// The id the API returned (`trunk_id`, `uri_uuid`, `credential_uuid`, `ipacl_uuid`), if any.
    public var id: String?
    /// The whole body as received (some published outbound examples also return `trunk_domain`).
    public var raw: JSONValue

    public init(apiID: String? = nil, message: String? = nil, id: String? = nil, raw: JSONValue = .null) {
        self.apiID = apiID; self.message = message; self.id = id; self.raw = raw
    }
}
