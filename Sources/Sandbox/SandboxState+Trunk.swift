import ZentrunkAPI

extension SandboxState {
    func trunk(_ method: String, _ id: String?, _ body: [String: JSONValue], _ query: [String: String]) -> SandboxResponse {
        switch (method, id) {
        case ("GET", nil):
            let filters = ["trunk_status", "trunk_direction", "secure", "ipacl_uuid", "credential_uuid", "primary_uri_uuid", "fallback_uri_uuid"]
            var rows = trunks.all
            for key in filters {
                guard let wanted = query[key] else { continue }
                guard !wanted.isEmpty else { return badRequest("\(key) must not be empty") }
                rows = rows.filter { $0[key]?.stringValue == wanted }
            }
            return page(rows, resource: "Trunk", query: query)
        case ("POST", nil):
            guard let direction = string(body, "trunk_direction") else { return badRequest("trunk_direction is required") }
            guard ["inbound", "outbound"].contains(direction) else { return badRequest("invalid trunk_direction") }
            if let refusal = checkTrunk(direction: direction, row: body) { return refusal }
            let id = String(nextTrunkNumber)
            nextTrunkNumber += 7919  // any stride: ids only need to be unique, numeric and 14+ digits
            var row: [String: JSONValue] = [
                "trunk_id": .string(id), "trunk_domain": .string("\(id).zt.plivo.com"), "name": body["name"] ?? .null,
                "trunk_status": body["trunk_status"] ?? .string("enabled"), "trunk_direction": .string(direction),
                "secure": .bool(bool(body, "secure") ?? false),
                "created_at": .string(SandboxState.now()), "updated_at": .string(SandboxState.now()),
            ]
            for key in ["ipacl_uuid", "credential_uuid", "primary_uri_uuid", "fallback_uri_uuid"] { row[key] = body[key] ?? .null }
            trunks[id] = row
            return created("Trunk created successfully.", idField: "trunk_id", id: id)
        case ("GET", let id?):
            guard let row = trunks[id] else { return notFound("trunk not found") }
            // Live shape (docs/api.md): the record nested under "object", unlike the docs' flat example.
            return SandboxResponse(status: 200, json: .object(["api_id": apiID(), "object": .object(row)]))
        case ("POST", let id?):
            guard var row = trunks[id] else { return notFound("trunk not found") }
            // Live quirk: trunk_direction must be sent on every update.
            guard let direction = string(body, "trunk_direction") else { return badRequest("trunk_direction is required") }
            guard ["inbound", "outbound"].contains(direction) else { return badRequest("invalid trunk_direction") }
            for key in ["name", "trunk_status", "ipacl_uuid", "credential_uuid", "primary_uri_uuid", "fallback_uri_uuid"] {
                if let value = body[key] { row[key] = value }
            }
            if let secure = bool(body, "secure") { row["secure"] = .bool(secure) }
            if let status = row["trunk_status"]?.stringValue, !["enabled", "disabled"].contains(status) {
                return badRequest("invalid trunk_status")
            }
            row["trunk_direction"] = .string(direction)
            if let refusal = checkTrunk(direction: direction, row: row) { return refusal }
            row["updated_at"] = .string(SandboxState.now())
            trunks[id] = row
            return updated("Trunk updated successfully.", idField: "trunk_id", id: id)
        case ("DELETE", let id?):
            guard trunks[id] != nil else { return notFound("trunk not found") }
            removeTrunk(id)
            return SandboxResponse(status: 204)
        default: return methodNotAllowed()
        }
    }

    /// Deleting a trunk detaches the numbers routed to it.
    func removeTrunk(_ id: String) {
        trunks[id] = nil
        numbers = numbers.filter { $0.value != id }
    }

    private func checkTrunk(direction: String, row: [String: JSONValue]) -> SandboxResponse? {
        let present: (String) -> String? = { key in
            if case .string(let value)? = row[key], !value.isEmpty { return value }
            return nil
        }
        if let status = present("trunk_status"), !["enabled", "disabled"].contains(status) { return badRequest("invalid trunk_status") }
        if direction == "inbound" {
            guard let primary = present("primary_uri_uuid") else { return missing("primary_uri_uuid is required for inbound trunks") }
            guard uris[primary] != nil else { return badRequest("primary_uri_uuid not found") }
            if let fallback = present("fallback_uri_uuid"), uris[fallback] == nil { return badRequest("fallback_uri_uuid not found") }
        } else {
            let credential = present("credential_uuid"), acl = present("ipacl_uuid")
            guard credential != nil || acl != nil else {
                return missing("ipacl_uuid or credential_uuid is required for outbound trunks")
            }
            if let credential, credentials[credential] == nil { return badRequest("credential_uuid not found") }
            if let acl, acls[acl] == nil { return badRequest("ipacl_uuid not found") }
        }
        return nil
    }

    static func now() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date())
    }
}

import Foundation
