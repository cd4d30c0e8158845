/// Pagination metadata. Tolerant by design (docs/api.md): `meta` may be `{}`, and `next`/`previous` may be a
/// relative path, `null` or a boolean. Paging uses offset arithmetic, never these links.
public struct ListMeta: Sendable, Equatable, Decodable {
    public var limit: Int?
    public var offset: Int?
    public var totalCount: Int?
    /// Whether the API says there is a next page, when it says anything.
    public var hasNext: Bool?
    public var next: String?
    public var previous: String?

    public init(limit: Int? = nil, offset: Int? = nil, totalCount: Int? = nil, hasNext: Bool? = nil,
                next: String? = nil, previous: String? = nil) {
        self.limit = limit; self.offset = offset; self.totalCount = totalCount
        self.hasNext = hasNext; self.next = next; self.previous = previous
    }

    enum CodingKeys: String, CodingKey { case limit, offset, totalCount = "total_count", next, previous }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        limit = Self.int(c, .limit)
        offset = Self.int(c, .offset)
        totalCount = Self.int(c, .totalCount)
        switch try? c.decodeIfPresent(JSONValue.self, forKey: .next) {
        case .string(let path): next = path; hasNext = !path.isEmpty
        case .bool(let flag): hasNext = flag
        case .null: hasNext = false
        default: hasNext = nil
        }
        if case .string(let path) = try? c.decodeIfPresent(JSONValue.self, forKey: .previous) { previous = path }
    }

    private static func int(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) -> Int? {
        if let value = try? c.decodeIfPresent(Int.self, forKey: key) { return value }
        if let text = try? c.decodeIfPresent(String.self, forKey: key) { return Int(text) }
        return nil
    }
}
