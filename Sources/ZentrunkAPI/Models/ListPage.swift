/// One page of a list endpoint: `{"api_id", "meta", "objects"}`.
public struct ListPage<Element: Sendable & Decodable>: Sendable, Decodable {
    public var apiID: String?
    public var meta: ListMeta
    public var objects: [Element]

    public init(apiID: String? = nil, meta: ListMeta = ListMeta(), objects: [Element]) {
        self.apiID = apiID; self.meta = meta; self.objects = objects
    }

    enum CodingKeys: String, CodingKey { case apiID = "api_id", meta, objects }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        apiID = try? c.decodeIfPresent(String.self, forKey: .apiID)
        meta = (try? c.decodeIfPresent(ListMeta.self, forKey: .meta)) ?? ListMeta()
        objects = try c.decodeIfPresent([Element].self, forKey: .objects) ?? []
    }
}
