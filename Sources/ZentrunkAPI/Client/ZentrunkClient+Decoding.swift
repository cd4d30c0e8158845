import Foundation

extension ZentrunkClient {
    /// Decodes a typed value from JSON already received.
    static func decode<T: Decodable>(_ type: T.Type, from json: JSONValue, request: String) throws -> T {
        do {
            let data = try JSONEncoder().encode(json)
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ZentrunkError(code: .decoding, message: "unexpected \(T.self) shape: \(Self.reason(error))", request: request)
        }
    }

    static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        default: "\(error)"
        }
    }

    /// The live trunk GET nests the record under `object`; the docs show it flat (docs/api.md).
    /// Accept both for every item GET.
    static func unwrapObject(_ json: JSONValue) -> JSONValue {
        if case .object(let inner)? = json["object"] { return .object(inner) }
        return json
    }

    static func writeResult(_ json: JSONValue, idField: String) -> WriteResult {
        WriteResult(apiID: json["api_id"]?.stringValue, message: json["message"]?.stringValue,
                    id: json[idField]?.stringValue, raw: json)
    }

    /// GET an item and unwrap it.
    public func getJSON(_ resource: ZentrunkResource, id: String) async throws -> JSONValue {
        Self.unwrapObject(try await sendJSON(.get(resource, id: id)))
    }

    func getTyped<T: Decodable>(_ resource: ZentrunkResource, id: String, as type: T.Type) async throws -> T {
        let request = ZentrunkRequest.get(resource, id: id)
        let json = Self.unwrapObject(try await sendJSON(request))
        return try Self.decode(T.self, from: json, request: "GET \(request.path)")
    }

    func listTyped<T: Decodable & Sendable>(_ resource: ZentrunkResource, query: [(String, String)], limit: Int?,
                                            offset: Int?, as type: T.Type) async throws -> ListPage<T> {
        try ZentrunkValidation.checkLimit(limit)
        try ZentrunkValidation.checkOffset(offset)
        let request = ZentrunkRequest.list(resource, query: query, limit: limit, offset: offset)
        let json = try await sendJSON(request)
        return try Self.decode(ListPage<T>.self, from: json, request: "GET \(request.path)")
    }

    /// Every object of a list, paging by offset arithmetic (20 per page) until a short page, `total_count`, or
    /// a `next` of null/false says the end is reached. Returns the objects as received.
    ///
    /// A server that ignores `offset` would be followed forever: a page identical to the one before, or a `meta`
    /// offset other than the one asked for, is an error, and so is a list longer than `maximumListObjects`.
    public func listAllJSON(_ resource: ZentrunkResource, query: [(String, String)] = []) async throws -> [JSONValue] {
        try await listAllJSON(path: resource.collectionPath, query: query)
    }

    /// `listAllJSON` for any list path under `Account/{auth_id}/` (`Number/` too).
    func listAllJSON(path: String, query: [(String, String)] = []) async throws -> [JSONValue] {
        let pageSize = 20
        var offset = 0
        var all: [JSONValue] = []
        var previous: [JSONValue]?
        let label = "GET \(path)"
        while true {
            let json = try await sendJSON(.list(path: path, query: query, limit: pageSize, offset: offset))
            guard case .array(let objects)? = json["objects"] else {
                if json["objects"] == nil || json["objects"] == .null { break }
                throw ZentrunkError(code: .decoding, message: "list 'objects' is not an array", request: label)
            }
            let meta = json["meta"].flatMap { try? Self.decode(ListMeta.self, from: $0, request: "") }
            if let reported = meta?.offset, reported != offset {
                throw ZentrunkError(code: .decoding, message: "asked for offset \(offset) but the server answered offset \(reported); "
                                    + "it does not page, so the list cannot be read whole", request: label)
            }
            if !objects.isEmpty, let previous, previous == objects {
                throw ZentrunkError(code: .decoding, message: "the page at offset \(offset) repeats the page before it; "
                                    + "the server ignores 'offset', so the list cannot be read whole", request: label)
            }
            all += objects
            offset += objects.count
            if all.count > Self.maximumListObjects {
                throw ZentrunkError(code: .decoding, message: "the list has more than \(Self.maximumListObjects) objects; "
                                    + "narrow it with a filter", request: label)
            }
            if objects.count < pageSize { break }
            if let total = meta?.totalCount, offset >= total { break }
            if meta?.hasNext == false { break }
            previous = objects
        }
        return all
    }

    /// Far past any real account's trunks, credentials, ACLs, URIs or numbers (5,000 pages); a list longer
    /// than this is a server that never ends.
    static let maximumListObjects = 100_000

    func listAllTyped<T: Decodable>(_ resource: ZentrunkResource, query: [(String, String)] = [], as type: T.Type) async throws -> [T] {
        try await listAllJSON(resource, query: query).map {
            try Self.decode(T.self, from: $0, request: "GET \(resource.collectionPath)")
        }
    }
}
