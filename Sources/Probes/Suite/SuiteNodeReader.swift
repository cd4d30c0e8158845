import Foundation
import SIPCore
import Yams

/// Typed reads from a suite's YAML nodes; every failure names the file, the line and the key.
struct SuiteNodeReader {
    let file: String

    func location(_ node: Node?) -> SourceLocation { SourceLocation(file: file, line: node?.mark?.line) }

    func error(_ node: Node?, key: String?, _ message: String) -> SuiteError {
        SuiteError(location(node), key: key, message)
    }

    func mapping(_ node: Node, key: String?, what: String) throws(SuiteError) -> Node.Mapping {
        guard let map = node.mapping else { throw error(node, key: key, "must be \(what)") }
        return map
    }

    func sequence(_ node: Node, key: String) throws(SuiteError) -> [Node] {
        guard let list = node.sequence else { throw error(node, key: key, "must be a list") }
        return Array(list)
    }

    func checkKeys(_ map: Node.Mapping, allowed: Set<String>, context: String?) throws(SuiteError) {
        for (keyNode, _) in map {
            let key = keyNode.scalar?.string ?? "?"
            if key == "<<" {
                // YAML 1.1 merge keys are not part of YAML 1.2, which the loader reads; say so rather than
                // "unknown key", and point at what suites offer instead.
                throw error(keyNode, key: context.map { "\($0).<<" } ?? "<<",
                            "merge keys (<<: *anchor) are not supported: put shared values under defaults:, or repeat them")
            }
            if !allowed.contains(key) {
                let name = context.map { "\($0).\(key)" } ?? key
                throw error(keyNode, key: name, "unknown key (allowed: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
    }

    func requiredNode(_ map: Node.Mapping, _ key: String, in parent: Node) throws(SuiteError) -> Node {
        guard let node = map[key] else { throw error(parent, key: key, "is required") }
        return node
    }

    func string(_ node: Node, key: String) throws(SuiteError) -> String {
        guard let text = node.scalar?.string, !text.isEmpty else { throw error(node, key: key, "must be a non-empty string") }
        return text
    }

    func requiredString(_ map: Node.Mapping, _ key: String, in parent: Node) throws(SuiteError) -> String {
        try string(try requiredNode(map, key, in: parent), key: key)
    }

    func optionalString(_ map: Node.Mapping, _ key: String) throws(SuiteError) -> String? {
        guard let node = map[key] else { return nil }
        return try string(node, key: key)
    }

    func int(_ node: Node, key: String) throws(SuiteError) -> Int {
        guard let value = node.scalar.flatMap({ Int($0.string) }) else { throw error(node, key: key, "must be a whole number") }
        return value
    }

    /// Seconds as a number (`5`, `0.5`) or with a unit (`500ms`, `5s`).
    func seconds(_ node: Node, key: String, allowZero: Bool) throws(SuiteError) -> Duration {
        var text = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        var scale = 1.0
        if text.hasSuffix("ms") { text.removeLast(2); scale = 0.001 } else if text.hasSuffix("s") { text.removeLast() }
        guard let value = Double(text).map({ $0 * scale }), value.isFinite, value >= 0, value <= 3600,
              allowZero || value > 0 else {
            throw error(node, key: key, "must be \(allowZero ? "0 or more" : "more than 0") seconds (5, 0.5 or 500ms)")
        }
        return .milliseconds(Int64((value * 1000).rounded()))
    }

    func strings(_ node: Node, key: String) throws(SuiteError) -> [String] {
        if let single = node.scalar { return [single.string] }
        var out: [String] = []
        for item in try sequence(node, key: key) { out.append(try string(item, key: key)) }
        return out
    }

    func transport(_ node: Node, key: String = "transport") throws(SuiteError) -> SIPTransportKind {
        guard let kind = node.scalar.flatMap({ SIPTransportKind(token: $0.string) }) else {
            throw error(node, key: key, "'\(node.scalar?.string ?? "")' is not a transport: use udp, tcp or tls")
        }
        return kind
    }

    func target(_ node: Node, key: String) throws(SuiteError) -> String {
        let text = try string(node, key: key)
        do { _ = try ProbeTarget(parsing: text, transport: nil) } catch {
            throw self.error(node, key: key, "'\(text)' is not a target: \(error.message)")
        }
        return text
    }

    func statusCodes(_ node: Node, key: String) throws(SuiteError) -> [Int] {
        let items = node.sequence.map(Array.init) ?? [node]
        var codes: [Int] = []
        for item in items {
            let code = try int(item, key: key)
            guard (100...699).contains(code) else { throw error(item, key: key, "\(code) is not a SIP status code (100–699)") }
            codes.append(code)
        }
        return codes
    }

    /// `{env: VAR}` or `{file: PATH}`; a literal password is refused (it would sit in a repository).
    func passwordSource(_ node: Node, key: String) throws(SuiteError) -> CredentialReference.PasswordSource {
        guard let map = node.mapping else {
            throw error(node, key: key, "a literal password is not accepted: use {env: VARIABLE} or {file: PATH}")
        }
        try checkKeys(map, allowed: ["env", "file"], context: key)
        if let env = map["env"], map["file"] == nil { return .environment(try string(env, key: "\(key).env")) }
        if let path = map["file"], map["env"] == nil {
            var text = try string(path, key: "\(key).file")
            if !text.hasPrefix("/") {
                let base = (file as NSString).deletingLastPathComponent
                if !base.isEmpty { text = (base as NSString).appendingPathComponent(text) }
            }
            return .file(text)
        }
        throw error(node, key: key, "give exactly one of env: or file:")
    }

    func credential(_ map: Node.Mapping, in parent: Node, defaults: CheckDefaults) throws(SuiteError) -> CredentialReference? {
        let username = try optionalString(map, "username")
        let password = try map["password"].map { n throws(SuiteError) in try passwordSource(n, key: "password") }
        switch (username ?? defaults.username, password ?? defaults.password) {
        case (nil, nil): return nil
        case (let user?, let source?): return CredentialReference(username: user, password: source)
        case (nil, _?): throw error(map["password"] ?? parent, key: "password", "a password needs a username")
        case (_?, nil): throw error(map["username"] ?? parent, key: "username", "a username needs a password: {env: VARIABLE} or {file: PATH}")
        }
    }

    /// `expect:` as a verdict name, a status code, a list of either, or `{verdict: …, status: …}`.
    func expectation(_ node: Node, kind: CheckDefinition.Kind) throws(SuiteError) -> CheckExpectation {
        var expectation = CheckExpectation()
        func add(_ item: Node, key: String) throws(SuiteError) {
            guard let text = item.scalar?.string, !text.isEmpty else { throw error(item, key: key, "must be a verdict or a status code") }
            if let code = Int(text) {
                guard (100...699).contains(code) else { throw error(item, key: key, "\(code) is not a SIP status code (100–699)") }
                expectation.statusCodes.insert(code)
                return
            }
            let known = kind == .failover ? FailoverVerdict.allCases.map(\.rawValue) : Verdict.allCases.map(\.rawValue)
            guard known.contains(text) else {
                throw error(item, key: key, "'\(text)' is not a verdict of \(kind.rawValue) checks (one of: \(known.joined(separator: ", ")))")
            }
            expectation.verdicts.insert(text)
        }
        if let map = node.mapping {
            try checkKeys(map, allowed: ["verdict", "status"], context: "expect")
            for item in map["verdict"].map({ $0.sequence.map(Array.init) ?? [$0] }) ?? [] { try add(item, key: "expect.verdict") }
            if let status = map["status"] {
                for code in try statusCodes(status, key: "expect.status") { expectation.statusCodes.insert(code) }
            }
        } else {
            for item in node.sequence.map(Array.init) ?? [node] { try add(item, key: "expect") }
        }
        guard !expectation.verdicts.isEmpty || !expectation.statusCodes.isEmpty else {
            throw error(node, key: "expect", "is empty: give a verdict or a status code")
        }
        return expectation
    }
}
