import Foundation
import ZentrunkAPI

/// One request as the sandbox sees it, independent of the HTTP server.
public struct SandboxRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [String: String]
    public var authorization: String?
    public var body: Data

    public init(method: String, path: String, query: [String: String] = [:], authorization: String? = nil, body: Data = Data()) {
        self.method = method; self.path = path; self.query = query; self.authorization = authorization; self.body = body
    }
}

/// One response: status, JSON body (none for 204) and extra headers.
public struct SandboxResponse: Sendable {
    public var status: Int
    public var json: JSONValue?
    public var headers: [String: String]

    public init(status: Int, json: JSONValue? = nil, headers: [String: String] = [:]) {
        self.status = status; self.json = json; self.headers = headers
    }
}
