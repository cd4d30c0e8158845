import Foundation

/// One API call, described as values: method, path under `Account/{auth_id}/`, query and JSON body.
public struct ZentrunkRequest: Sendable, Equatable {
    public var method: String
    /// Relative to `…/v1/Account/{auth_id}/`, always ending in `/` (docs/api.md).
    public var path: String
    public var query: [QueryItem]
    public var body: JSONValue?

    public struct QueryItem: Sendable, Equatable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) { self.name = name; self.value = value }
    }

    public init(method: String, path: String, query: [QueryItem] = [], body: JSONValue? = nil) {
        self.method = method; self.path = path; self.query = query; self.body = body
    }

    /// GET and DELETE are safe to repeat; a POST (create, update, route) is never retried blindly.
    public var isIdempotent: Bool { method == "GET" || method == "DELETE" }

    /// Keys whose values are secrets and must never be shown.
    static let secretKeys: Set<String> = ["password", "auth_token"]

    /// `POST Zentrunk/Credential/ {"name":…,"password":"<redacted>"}`: safe to print or log.
    public var redactedDescription: String {
        var text = "\(method) \(path)"
        if !query.isEmpty {
            text += "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        }
        if let body { text += " " + Self.redact(body).compactJSON() }
        return text
    }

    static func redact(_ value: JSONValue) -> JSONValue {
        guard case .object(let object) = value else { return value }
        var copy = object
        for key in object.keys where secretKeys.contains(key) { copy[key] = .string("<redacted>") }
        return .object(copy)
    }

    static func encodeSegment(_ text: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/;?#")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    // MARK: Factories, one per documented endpoint shape.

    public static func create(_ resource: ZentrunkResource, body: [String: JSONValue]) -> Self {
        Self(method: "POST", path: resource.collectionPath, body: .object(body))
    }

    public static func get(_ resource: ZentrunkResource, id: String) -> Self {
        Self(method: "GET", path: resource.collectionPath + encodeSegment(id) + "/")
    }

    public static func list(_ resource: ZentrunkResource, query: [(String, String)] = [], limit: Int? = nil,
                            offset: Int? = nil) -> Self {
        list(path: resource.collectionPath, query: query, limit: limit, offset: offset)
    }

    /// A list under any path (`Number/`), with the same paging parameters.
    public static func list(path: String, query: [(String, String)] = [], limit: Int? = nil, offset: Int? = nil) -> Self {
        var items = query.map { QueryItem($0.0, $0.1) }
        if let limit { items.append(QueryItem("limit", String(limit))) }
        if let offset { items.append(QueryItem("offset", String(offset))) }
        return Self(method: "GET", path: path, query: items)
    }

    public static func update(_ resource: ZentrunkResource, id: String, body: [String: JSONValue]) -> Self {
        Self(method: "POST", path: resource.collectionPath + encodeSegment(id) + "/", body: .object(body))
    }

    public static func delete(_ resource: ZentrunkResource, id: String) -> Self {
        Self(method: "DELETE", path: resource.collectionPath + encodeSegment(id) + "/")
    }

    public static func callInsights(id: String) -> Self {
        Self(method: "GET", path: ZentrunkResource.call.collectionPath + encodeSegment(id) + "/Insights/")
    }

    /// `POST Number/{number}/ {"app_id": trunk_id}` routes a number to an inbound trunk (docs/api.md).
    public static func routeNumber(_ number: String, trunkID: String) -> Self {
        Self(method: "POST", path: "Number/\(encodeSegment(number))/", body: .object(["app_id": .string(trunkID)]))
    }

    public static func getNumber(_ number: String) -> Self {
        Self(method: "GET", path: "Number/\(encodeSegment(number))/")
    }
}

extension JSONValue {
    /// Single-line, key-sorted JSON.
    public func compactJSON() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(self), as: UTF8.self)) ?? "null"
    }
}
