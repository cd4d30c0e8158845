import ArgumentParser
import ZentrunkAPI

/// The get, list and delete verbs, identical for every resource but for the path.
struct APIResourceActions {
    let client: ZentrunkClient
    let resource: ZentrunkResource
    let format: OutputFormat

    func get(id: String) async throws {
        let json = try await client.getJSON(resource, id: id)
        Output.line(format == .json ? json.rendered() : APIRenderer.object(json))
    }

    func list(query: [(String, String)] = [], limit: Int?, offset: Int?, all: Bool) async throws {
        if all {
            let objects = try await client.listAllJSON(resource, query: query)
            if format == .json {
                // One document: the concatenated objects, shaped like a single page.
                let meta: JSONValue = .object(["total_count": .number(Double(objects.count)), "offset": .number(0),
                                               "limit": .number(Double(objects.count)), "next": .null, "previous": .null])
                Output.line(JSONValue.object(["meta": meta, "objects": .array(objects)]).rendered())
            } else {
                Output.line(APIRenderer.list(objects, resource: resource, total: objects.count))
            }
            return
        }
        try ZentrunkValidation.checkLimit(limit)
        try ZentrunkValidation.checkOffset(offset)
        let json = try await client.sendJSON(.list(resource, query: query, limit: limit, offset: offset))
        if format == .json {
            Output.line(json.rendered())
        } else {
            guard case .array(let objects)? = json["objects"] else { Output.line(APIRenderer.list([], resource: resource, total: 0)); return }
            let total = json["meta"]?["total_count"]?.stringValue.flatMap { Int($0) }
            Output.line(APIRenderer.list(objects, resource: resource, total: total))
        }
    }

    func delete(id: String, yes: Bool) async throws {
        try APIRunner.requireYes(yes, what: "\(resource.displayName) \(id)")
        _ = try await client.send(.delete(resource, id: id))
        if format == .json {
            Output.line(JSONValue.object(["deleted": .string(id), "resource": .string(resource.rawValue)]).rendered())
        } else {
            Output.line("deleted \(resource.displayName) \(id)")
        }
    }

    func printWrite(_ result: WriteResult, verb: String, extra: [(String, String)] = []) {
        if format == .json {
            var raw = result.raw
            if case .object(var object) = raw {
                for (key, value) in extra where object[key] == nil { object[key] = .string(value) }
                raw = .object(object)
            }
            Output.line(raw.rendered())
        } else {
            var line = "\(verb) \(resource.displayName) \(result.id ?? "")"
            for (key, value) in extra { line += "\n\(key): \(value)" }
            Output.line(line)
        }
    }
}
