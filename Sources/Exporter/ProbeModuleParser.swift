import Foundation
import Probes
import SIPCore
import Yams

/// Reads one module from its YAML node. Kept behind this one type so the module schema can move to the
/// suites' shared check definition without touching the server.
struct ProbeModuleParser {
    var environment: [String: String]

    static let fields: Set<String> = [
        "check", "transport", "timeout", "min_interval", "credentials", "expect", "tls", "to", "from",
        "user_agent", "dns_server", "max_attempts",
    ]

    static func line(_ node: Node) -> Int { node.mark?.line ?? 0 }

    func parse(name: String, node: Node) throws(ExporterConfigurationError) -> ProbeModule {
        func fail(_ at: Node, _ message: String) -> ExporterConfigurationError {
            ExporterConfigurationError("line \(Self.line(at)): module '\(name)': \(message)")
        }
        guard let map = node.mapping else { throw fail(node, "must be a mapping such as {check: options}") }
        for (key, _) in map where !Self.fields.contains(key.string ?? "") {
            throw fail(key, "unknown field '\(key.string ?? "?")' (known: \(Self.fields.sorted().joined(separator: ", ")))")
        }
        guard let checkNode = map["check"], let checkText = checkNode.string else {
            throw fail(node, "needs 'check: options|invite|failover'")
        }
        guard let check = ProbeModule.Check(rawValue: checkText) else {
            throw fail(checkNode, "unknown check '\(checkText)' (use options, invite or failover)")
        }
        var module = ProbeModule(name: name, check: check)
        if let n = map["transport"] {
            guard let text = n.string, let kind = SIPTransportKind(token: text) else {
                throw fail(n, "unknown transport '\(n.string ?? "?")' (use udp, tcp or tls)")
            }
            module.transport = kind
        }
        if let n = map["timeout"] {
            module.timeout = try duration(n, field: "timeout", fail: fail)
            guard module.timeout > .zero, module.timeout <= .seconds(300) else { throw fail(n, "timeout must be between 0 and 300s") }
        }
        if let n = map["min_interval"] { module.minInterval = try duration(n, field: "min_interval", fail: fail) }
        if let n = map["max_attempts"] {
            guard let value = n.int, (1...10).contains(value) else { throw fail(n, "max_attempts must be a whole number from 1 to 10") }
            module.maxAttempts = value
        }
        for (field, keyPath) in [("to", \ProbeModule.to), ("from", \ProbeModule.from), ("dns_server", \ProbeModule.dnsServer)] {
            if let n = map[field] {
                guard let text = n.string, !text.isEmpty else { throw fail(n, "\(field) must be a non-empty string") }
                module[keyPath: keyPath] = text
            }
        }
        if let from = module.from {
            do { _ = try SIPURI(parsing: from) } catch { throw fail(map["from"]!, "from: \(error.message)") }
        }
        if let n = map["user_agent"] {
            guard let text = n.string, !text.isEmpty else { throw fail(n, "user_agent must be a non-empty string") }
            module.userAgent = text
        }
        if let n = map["expect"] { module.expect = try expectation(n, module: module, fail: fail) }
        if let n = map["credentials"] { try credentials(n, into: &module, fail: fail) }
        if let n = map["tls"] { module.tls = try tls(n, fail: fail) }
        if check == .failover, module.to != nil { throw fail(map["to"]!, "'to' is for invite modules only") }
        return module
    }

    private func credentials(_ node: Node, into module: inout ProbeModule,
                             fail: (Node, String) -> ExporterConfigurationError) throws(ExporterConfigurationError) {
        guard let map = node.mapping else { throw fail(node, "credentials must be a mapping {username, password_env | password_file}") }
        if map["password"] != nil {
            throw fail(node, "put the password in an environment variable (password_env) or a file (password_file), not in this file")
        }
        for (key, _) in map where !["username", "password_env", "password_file"].contains(key.string ?? "") {
            throw fail(key, "unknown credentials field '\(key.string ?? "?")' (known: username, password_env, password_file)")
        }
        guard let username = map["username"]?.string, !username.isEmpty,
              !username.contains(where: { $0 == " " || $0 == "\"" || $0 == "\n" }) else {
            throw fail(node, "credentials need a username without spaces or quotes")
        }
        let env = map["password_env"]?.string
        let file = map["password_file"]?.string
        guard (env == nil) != (file == nil) else { throw fail(node, "credentials need exactly one of password_env or password_file") }
        let password: String
        if let env {
            guard let value = environment[env], !value.isEmpty else {
                throw fail(node, "environment variable \(env) (password_env) is not set or empty")
            }
            module.passwordSource = .environment(env)
            password = value
        } else {
            let path = file!
            guard let data = FileManager.default.contents(atPath: path) else { throw fail(node, "cannot read password_file \(path)") }
            let line = String(String(decoding: data, as: UTF8.self).split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
                .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
            guard !line.isEmpty else { throw fail(node, "password_file \(path) is empty") }
            module.passwordSource = .file(path)
            password = line
        }
        module.username = username
        module.credentials = DigestCredentials(username: username, password: password)
    }

    /// `expect:` as in a suite's check: a verdict, a status code, a list of either, or `{verdict: …, status: …}`.
    private func expectation(_ node: Node, module: ProbeModule,
                             fail: (Node, String) -> ExporterConfigurationError) throws(ExporterConfigurationError) -> CheckExpectation {
        var expectation = CheckExpectation()
        func add(_ item: Node) throws(ExporterConfigurationError) {
            guard let text = item.string, !text.isEmpty else { throw fail(item, "expect takes verdicts or status codes") }
            if let code = Int(text) {
                guard (100...699).contains(code) else { throw fail(item, "\(code) in expect is not a SIP status code (100-699)") }
                expectation.statusCodes.insert(code)
                return
            }
            guard module.knownVerdicts.contains(text) else {
                throw fail(item, "unknown verdict '\(text)' in expect (known: \(module.knownVerdicts.joined(separator: ", ")))")
            }
            expectation.verdicts.insert(text)
        }
        if let map = node.mapping {
            for (key, _) in map where !["verdict", "status"].contains(key.string ?? "") {
                throw fail(key, "unknown expect field '\(key.string ?? "?")' (known: verdict, status)")
            }
            for item in map["verdict"].map({ $0.sequence.map(Array.init) ?? [$0] }) ?? [] { try add(item) }
            for item in map["status"].map({ $0.sequence.map(Array.init) ?? [$0] }) ?? [] { try add(item) }
        } else {
            for item in node.sequence.map(Array.init) ?? [node] { try add(item) }
        }
        guard !expectation.verdicts.isEmpty || !expectation.statusCodes.isEmpty else {
            throw fail(node, "expect is empty: give a verdict or a status code, e.g. [ok, reachable]")
        }
        return expectation
    }

    private func tls(_ node: Node, fail: (Node, String) -> ExporterConfigurationError) throws(ExporterConfigurationError) -> TLSClientSettings {
        guard let map = node.mapping else { throw fail(node, "tls must be a mapping") }
        let known = ["ca_file", "insecure", "server_name", "identity", "cert_file", "key_file"]
        for (key, _) in map where !known.contains(key.string ?? "") {
            throw fail(key, "unknown tls field '\(key.string ?? "?")' (known: \(known.joined(separator: ", ")))")
        }
        var settings = TLSClientSettings()
        settings.caFile = map["ca_file"]?.string
        if let n = map["insecure"] {
            guard let value = n.bool else { throw fail(n, "tls.insecure must be true or false") }
            settings.insecure = value
        }
        if let n = map["identity"] {
            switch n.string {
            case "domain": settings.identity = .domain
            case "target": settings.identity = .target
            default: throw fail(n, "tls.identity must be domain or target (or give server_name)")
            }
        }
        if let name = map["server_name"]?.string { settings.identity = .name(name) }
        settings.certificateFile = map["cert_file"]?.string
        settings.privateKeyFile = map["key_file"]?.string
        if (settings.certificateFile == nil) != (settings.privateKeyFile == nil) {
            throw fail(node, "tls.cert_file and tls.key_file go together")
        }
        for path in [settings.caFile, settings.certificateFile, settings.privateKeyFile].compactMap({ $0 })
        where !FileManager.default.isReadableFile(atPath: path) {
            throw fail(node, "cannot read \(path)")
        }
        return settings
    }

    /// Prometheus-style durations: `500ms`, `5s`, `1m`, `1.5s`; a bare number is seconds.
    private func duration(_ node: Node, field: String, fail: (Node, String) -> ExporterConfigurationError) throws(ExporterConfigurationError) -> Duration {
        guard let text = node.string, let value = Self.duration(text) else {
            throw fail(node, "\(field) must be a duration such as 500ms, 5s or 1m, got '\(node.string ?? "?")'")
        }
        return value
    }

    static func duration(_ text: String) -> Duration? {
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            if suffix == "s", number.hasSuffix("m") { continue }
            guard let value = Double(number), value >= 0, value.isFinite else { return nil }
            return .milliseconds(Int64((value * scale * 1000).rounded()))
        }
        guard let value = Double(text), value >= 0, value.isFinite else { return nil }
        return .milliseconds(Int64((value * 1000).rounded()))
    }
}
