import ZentrunkAPI

/// Renders API JSON for people (`--format text`) or as received (`--format json`).
enum APIRenderer {
    /// One object: `key: value` lines, keys sorted, `api_id` last.
    static func object(_ json: JSONValue) -> String {
        guard case .object(let object) = json else { return json.rendered() }
        let keys = object.keys.sorted().filter { $0 != "api_id" } + (object["api_id"] != nil ? ["api_id"] : [])
        return keys.map { "\($0): \(scalar(object[$0]!))" }.joined(separator: "\n")
    }

    /// A list: one line per object with the id first, then the columns that identify it.
    static func list(_ objects: [JSONValue], resource: ZentrunkResource, total: Int?) -> String {
        let columns: [String] = switch resource {
        case .credential: ["name", "username"]
        case .ipAccessControlList: ["name", "ip_addresses"]
        case .uri: ["name", "uri", "authentication_needed"]
        case .trunk: ["name", "trunk_direction", "trunk_status", "trunk_domain"]
        case .call: ["end_time", "call_direction", "from_number", "to_number", "bill_duration", "hangup_cause_code", "trunk_domain"]
        }
        var lines = objects.map { object in
            ([resource.idField] + columns).map { key in "\(key)=\(scalar(object[key] ?? .null))" }.joined(separator: "  ")
        }
        let shown = "\(objects.count) \(resource.displayName)\(objects.count == 1 ? "" : "s")"
        lines.append(total.map { "\(shown) shown of \($0)" } ?? shown)
        return lines.joined(separator: "\n")
    }

    static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .null: "-"
        case .array(let items): items.map(scalar).joined(separator: ",")
        case .object: value.compactJSON()
        default: value.stringValue ?? "-"
        }
    }
}
