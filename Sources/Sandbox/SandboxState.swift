import Foundation
import ZentrunkAPI

/// The sandbox's in-memory Zentrunk account and its request handling.
///
/// An actor because it is a long-lived owner of mutable state shared by every connection.
/// It mirrors the documented API and the live quirks of docs/api.md, so the client's workarounds are
/// exercised: nested trunk GET, `trunk_direction` required on trunk updates, credential updates that blank the
/// password unless one is sent, URI password changes that must restate `authentication_needed` + `username`,
/// URI deletes that cascade to trunks.
public actor SandboxState {
    let authID: String
    let authToken: Secret

    var credentials = SandboxTable()
    var acls = SandboxTable()
    var uris = SandboxTable()
    var trunks = SandboxTable()
    var calls = SandboxTable()
    /// Number (digits) → trunk id.
    var numbers: [String: String] = [:]
    /// Call uuid → the insights object given with the record (`sandbox --calls`).
    var insights: [String: JSONValue] = [:]
    /// Which credentials and URIs currently hold a password (the API blanks one on a password-less update).
    var passwordSet: Set<String> = []
    /// Credential id → its password, so the SIP edge can verify digests as Zentrunk would.
    var passwords: [String: Secret] = [:]
    var nextTrunkNumber: UInt64 = 21_784_177_241_578
    var faults: [SandboxFault] = []
    var writesSeen = 0

    /// Every authenticated request, in order.
    public private(set) var log: [SandboxRecord] = []
    /// What the SIP edge answers for each trunk domain, refreshed after every write.
    public nonisolated let edge = SandboxEdgeDirectory()

    public init(authID: String, authToken: Secret) {
        self.authID = authID
        self.authToken = authToken
    }

    // MARK: Test and demo hooks

    /// Applied writes plus refused ones: every POST or DELETE that passed authentication.
    public var writeCount: Int { log.filter(\.isWrite).count }

    public func inject(_ fault: SandboxFault) {
        var fault = fault
        if case .write(let n) = fault.trigger { fault.trigger = .write(writesSeen + n) }
        faults.append(fault)
    }

    public func clearLog() { log.removeAll() }

    /// Adds a call record (a CDR), as if a call had happened on the account, with its insights if given.
    public func addCall(_ record: [String: JSONValue], insights: [String: JSONValue]? = nil) {
        guard let id = record["call_uuid"]?.stringValue else { return }
        calls[id] = record
        if let insights { self.insights[id] = .object(insights) }
    }

    /// Routes a number to a trunk id as it stands, without the API's checks: an account whose trunk was
    /// deleted after its number was routed (for `doctor`'s tests and demo).
    public func setRoute(number: String, trunkID: String) { numbers[number] = trunkID }

    public func hasPassword(_ id: String) -> Bool { passwordSet.contains(id) }

    public func count(_ resource: ZentrunkResource) -> Int {
        switch resource {
        case .credential: credentials.order.count
        case .ipAccessControlList: acls.order.count
        case .uri: uris.order.count
        case .trunk: trunks.order.count
        case .call: calls.order.count
        }
    }

    public func routedTrunk(ofNumber number: String) -> String? { numbers[number] }

    // MARK: Dispatch

    /// An authenticated request for `endpoint`; `relative` is its path after `/v1/Account/{auth_id}/`, as sent (for
    /// the request log, and because every documented path ends in '/': one without is 404, as on the live API).
    public func serve(_ request: SandboxRequest, endpoint: SandboxEndpoint, relative: String) -> SandboxResponse {
        let response = route(request, endpoint: endpoint, relative: relative)
        log.append(SandboxRecord(method: request.method, path: relative, status: response.status))
        if request.method == "POST" || request.method == "DELETE" { edge.replace(edgeTrunks()) }
        return response
    }

    private func route(_ request: SandboxRequest, endpoint: SandboxEndpoint, relative: String) -> SandboxResponse {
        let isWrite = request.method == "POST" || request.method == "DELETE"
        if isWrite { writesSeen += 1 }
        if let index = faults.firstIndex(where: { fault in
            switch fault.trigger {
            case .write(let n): isWrite && n == writesSeen
            case .next(let n): n > 0
            }
        }) {
            let fault = faults[index]
            if case .next(let n) = fault.trigger {
                if n <= 1 { faults.remove(at: index) } else { faults[index].trigger = .next(n - 1) }
            } else {
                faults.remove(at: index)
            }
            var headers: [String: String] = [:]
            if let retryAfter = fault.retryAfter { headers["Retry-After"] = retryAfter }
            return SandboxResponse(status: fault.status, json: errorBody("injected fault"), headers: headers)
        }
        guard relative.hasSuffix("/") else { return notFound("paths end with '/': \(relative)") }
        var body: [String: JSONValue] = [:]
        if request.method == "POST" {
            if !request.body.isEmpty {
                guard case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: request.body) else {
                    return badRequest("request body is not a JSON object")
                }
                body = object
            }
        }
        switch endpoint {
        case .credential(let id): return credential(request.method, id, body, request.query)
        case .ipAccessControlList(let id): return acl(request.method, id, body, request.query)
        case .uri(let id): return uri(request.method, id, body, request.query)
        case .trunk(let id): return trunk(request.method, id, body, request.query)
        case .call(let id): return call(request.method, id, insights: false, request.query)
        case .callInsights(let id): return call(request.method, id, insights: true, request.query)
        case .numbers: return numberList(request.method, request.query)
        case .number(let number): return self.number(request.method, number, body)
        }
    }

    // MARK: Shared helpers

    func apiID() -> JSONValue { .string(UUID().uuidString.lowercased()) }
    func errorBody(_ message: String) -> JSONValue { .object(["api_id": apiID(), "error": .string(message)]) }
    func notFound(_ message: String = "not found") -> SandboxResponse { SandboxResponse(status: 404, json: errorBody(message)) }
    func badRequest(_ message: String) -> SandboxResponse { SandboxResponse(status: 400, json: errorBody(message)) }
    func missing(_ message: String) -> SandboxResponse { SandboxResponse(status: 422, json: errorBody(message)) }
    func methodNotAllowed() -> SandboxResponse { SandboxResponse(status: 405, json: errorBody("method not allowed")) }

    func created(_ message: String, idField: String, id: String) -> SandboxResponse {
        SandboxResponse(status: 201, json: .object(["api_id": apiID(), "message": .string(message), idField: .string(id)]))
    }

    func updated(_ message: String, idField: String, id: String) -> SandboxResponse {
        SandboxResponse(status: 202, json: .object(["api_id": apiID(), "message": .string(message), idField: .string(id)]))
    }

    func item(_ row: [String: JSONValue]) -> SandboxResponse {
        var object = row
        object["api_id"] = apiID()
        return SandboxResponse(status: 200, json: .object(object))
    }

    /// `{"api_id","meta":{limit,offset,total_count,next,previous},"objects":[…]}` with relative next/previous paths.
    func page(_ rows: [[String: JSONValue]], resource: String, query: [String: String], under prefix: String = "Zentrunk/") -> SandboxResponse {
        let limitText = query["limit"], offsetText = query["offset"]
        guard let limit = limitText.map({ Int($0) }) ?? 20, (1...20).contains(limit) else {
            return badRequest("limit must be an integer between 1 and 20")
        }
        guard let offset = offsetText.map({ Int($0) }) ?? 0, offset >= 0 else {
            return badRequest("offset must be a non-negative integer")
        }
        let slice = offset < rows.count ? Array(rows[offset..<min(rows.count, offset + limit)]) : []
        let base = "v1/Account/\(authID)/\(prefix)\(resource)/"
        let next: JSONValue = offset + limit < rows.count ? .string("\(base)?limit=\(limit)&offset=\(offset + limit)") : .null
        let previous: JSONValue = offset > 0 ? .string("\(base)?limit=\(limit)&offset=\(max(0, offset - limit))") : .null
        let meta: JSONValue = .object([
            "limit": .number(Double(limit)), "offset": .number(Double(offset)),
            "total_count": .number(Double(rows.count)), "next": next, "previous": previous,
        ])
        return SandboxResponse(status: 200, json: .object(["api_id": apiID(), "meta": meta, "objects": .array(slice.map(JSONValue.object))]))
    }

    func string(_ body: [String: JSONValue], _ key: String) -> String? {
        if case .string(let value)? = body[key] { return value }
        return nil
    }

    func bool(_ body: [String: JSONValue], _ key: String) -> Bool? {
        switch body[key] {
        case .bool(let value)?: value
        case .string(let text)?: text.lowercased() == "true" ? true : (text.lowercased() == "false" ? false : nil)
        default: nil
        }
    }

    func newUUID() -> String { UUID().uuidString.lowercased() }
}
