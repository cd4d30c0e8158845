import Foundation
import ZentrunkAPI

extension SandboxState {
    func call(_ method: String, _ id: String?, insights: Bool, _ query: [String: String]) -> SandboxResponse {
        guard method == "GET" else { return methodNotAllowed() }
        switch id {
        case nil:
            for (key, value) in query where value.isEmpty { return badRequest("\(key) must not be empty") }
            for key in ["from_number", "to_number"] where query[key]?.hasPrefix("+") == true {
                return badRequest("\(key) must not start with +")
            }
            if (query["end_time__lte"] != nil || query["end_time__lt"] != nil)
                && query["end_time__gte"] == nil && query["end_time__gt"] == nil {
                return badRequest("end_time upper bound requires a lower bound")
            }
            var rows = calls.all
            for key in ["call_direction", "hangup_cause_code", "hangup_source", "stir_verification"] {
                if let wanted = query[key] { rows = rows.filter { $0[key]?.stringValue == wanted } }
            }
            for key in ["from_number", "to_number"] {
                if let wanted = query[key] {
                    rows = rows.filter { ($0[key]?.stringValue ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "+")).hasPrefix(wanted) }
                }
            }
            return page(rows, resource: "Call", query: query)
        case let id?:
            guard let row = calls[id] else { return notFound("call not found") }
            guard insights else { return item(row) }
            if case .object(var given)? = self.insights[id] {
                given["api_id"] = apiID()
                given["call_uuid"] = .string(id)
                return SandboxResponse(status: 200, json: .object(given))
            }
            return SandboxResponse(status: 200, json: .object([
                "api_id": apiID(), "call_uuid": .string(id),
                "from": .object(["carrier": .string("Sandbox"), "number": row["from_number"] ?? .null, "region": .string("US")]),
                "to": .object(["carrier": .string("Sandbox"), "number": row["to_number"] ?? .null, "region": .string("US")]),
                "hangup_cause": row["hangup_cause_name"] ?? .null, "hangup_source": row["hangup_source"] ?? .null,
                "rtt": .string("42"), "jitter": .string("3"), "packet_loss": .string("0"),
                "post_dial_delay": .number(850), "plivo_quality_score": .string("4.4"),
            ]))
        }
    }

    /// `GET Number/`: the account's numbers that have a route, each with its `application` path.
    func numberList(_ method: String, _ query: [String: String]) -> SandboxResponse {
        guard method == "GET" else { return methodNotAllowed() }
        let rows: [[String: JSONValue]] = numbers.keys.sorted().map { number in
            ["number": .string(number), "app_id": .string(numbers[number] ?? ""),
             "application": .string("/v1/Account/\(authID)/Zentrunk/Trunk/\(numbers[number] ?? "")/")]
        }
        return page(rows, resource: "Number", query: query, under: "")
    }

    func number(_ method: String, _ number: String, _ body: [String: JSONValue]) -> SandboxResponse {
        guard number.allSatisfy(\.isNumber) else { return badRequest("invalid number") }
        switch method {
        case "POST":
            guard let trunkID = string(body, "app_id") else { return badRequest("app_id is required") }
            guard trunks[trunkID] != nil else { return notFound("trunk \(trunkID) not found") }
            numbers[number] = trunkID
            return SandboxResponse(status: 202, json: .object(["api_id": apiID(), "message": .string("changed")]))
        case "GET":
            guard let trunkID = numbers[number] else { return notFound("number not found") }
            return SandboxResponse(status: 200, json: .object([
                "api_id": apiID(), "number": .string(number), "app_id": .string(trunkID),
                "application": .string("/v1/Account/\(authID)/Zentrunk/Trunk/\(trunkID)/"),
            ]))
        default: return methodNotAllowed()
        }
    }
}
