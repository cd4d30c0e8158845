import Foundation
import SIPCore
import Yams

/// Reads suite files (docs/suites.md): a top-level `checks:` list, optional `defaults`, `presets`,
/// `concurrency` and `pacing`. Every problem is a `SuiteError` naming the file, the line and the key:
/// unknown keys (a typo must not silently drop an expectation), wrong types, unknown verdicts, literal
/// passwords, duplicate names.
public enum SuiteLoader {
    static let topKeys: Set<String> = ["version", "defaults", "concurrency", "pacing", "checks", "presets"]
    static let defaultKeys: Set<String> = ["transport", "timeout", "to", "from", "username", "password", "tags"]
    static let checkKeys: Set<String> = ["name", "check", "target", "fallback", "transport", "to", "from", "username",
                                         "password", "expect", "tags", "timeout", "failover_on"]

    /// Loads the file at `path`.
    public static func load(path: String) throws(SuiteError) -> Suite {
        try build(try SuiteYAML.compose(path: path), file: path)
    }

    /// Parses suite text; `file` names it in errors, and relative `password: {file: …}` paths are taken from
    /// its directory.
    public static func parse(_ text: String, file: String) throws(SuiteError) -> Suite {
        try build(try SuiteYAML.compose(text, file: file), file: file)
    }

    static func build(_ root: Node?, file: String) throws(SuiteError) -> Suite {
        guard let root else {
            throw SuiteError(SourceLocation(file: file, line: nil), key: nil, "the suite is empty")
        }
        let reader = SuiteNodeReader(file: file)
        let top = try reader.mapping(root, key: nil, what: "a suite (a mapping with a checks: list)")
        try reader.checkKeys(top, allowed: topKeys, context: nil)
        if let version = top["version"], version.scalar?.string != "1" {
            throw reader.error(version, key: "version", "must be 1")
        }
        var defaults = CheckDefaults()
        if let node = top["defaults"] {
            let map = try reader.mapping(node, key: "defaults", what: "a mapping")
            try reader.checkKeys(map, allowed: defaultKeys, context: "defaults")
            defaults = try CheckDefaults(map, reader: reader)
        }
        var suite = Suite(file: file, checks: [])
        if let node = top["concurrency"] {
            let value = try reader.int(node, key: "concurrency")
            guard (1...256).contains(value) else { throw reader.error(node, key: "concurrency", "must be between 1 and 256") }
            suite.concurrency = value
        }
        if let node = top["pacing"] { suite.pacing = try reader.seconds(node, key: "pacing", allowZero: true) }
        guard top["checks"] != nil || top["presets"] != nil else {
            throw reader.error(root, key: "checks", "is required (a list of checks)")
        }
        // `checks:` and `presets:` in the order the file gives them: results are reported in the suite's order.
        for (keyNode, node) in top {
            switch keyNode.scalar?.string {
            case "checks":
                for item in try reader.sequence(node, key: "checks") {
                    suite.checks.append(try check(item, defaults: defaults, reader: reader))
                }
            case "presets":
                for item in try reader.sequence(node, key: "presets") {
                    suite.checks += try PlatformPreset.expand(item, defaults: defaults, reader: reader)
                }
            default:
                continue
            }
        }
        // An empty list is a mistake (a file emptied by a bad merge, a list indented under the wrong key), not
        // a suite that passes by checking nothing.
        guard !suite.checks.isEmpty else {
            let node = top["checks"] ?? top["presets"]
            throw reader.error(node, key: top["checks"] != nil ? "checks" : "presets", "is empty: a suite needs at least one check")
        }
        var seen: [String: Int?] = [:]
        for check in suite.checks {
            if let first = seen[check.name] {
                throw SuiteError(check.origin, key: "name",
                                 "'\(check.name)' is used twice (first on line \(first.map(String.init) ?? "?")); names label results and must be unique")
            }
            seen[check.name] = check.origin?.line
        }
        return suite
    }

    static func check(_ node: Node, defaults: CheckDefaults, reader: SuiteNodeReader) throws(SuiteError) -> CheckDefinition {
        let map = try reader.mapping(node, key: "checks", what: "a check (a mapping with name, check and target)")
        try reader.checkKeys(map, allowed: checkKeys, context: nil)
        let name = try reader.requiredString(map, "name", in: node)
        let kindNode = try reader.requiredNode(map, "check", in: node)
        guard let kind = CheckDefinition.Kind(rawValue: kindNode.scalar?.string ?? "") else {
            throw reader.error(kindNode, key: "check", "'\(kindNode.scalar?.string ?? "")' is not a check: use options, invite or failover")
        }
        let targetNode = try reader.requiredNode(map, "target", in: node)
        let target = try reader.target(targetNode, key: "target")
        var definition = CheckDefinition(name: name, kind: kind, target: target, timeout: defaults.timeout,
                                         origin: reader.location(node))
        definition.transport = try map["transport"].map { n throws(SuiteError) in try reader.transport(n) } ?? defaults.transport
        definition.to = try reader.optionalString(map, "to") ?? defaults.to
        definition.from = try reader.optionalString(map, "from") ?? defaults.from
        definition.tags = try map["tags"].map { n throws(SuiteError) in try reader.strings(n, key: "tags") } ?? defaults.tags
        if let n = map["timeout"] { definition.timeout = try reader.seconds(n, key: "timeout", allowZero: false) }
        if let n = map["fallback"] {
            guard kind == .failover else { throw reader.error(n, key: "fallback", "only a failover check has a fallback") }
            definition.fallback = try reader.target(n, key: "fallback")
        }
        if let n = map["failover_on"] {
            guard kind == .failover else { throw reader.error(n, key: "failover_on", "only a failover check takes failover_on") }
            definition.failoverOn = try reader.statusCodes(n, key: "failover_on")
        }
        definition.credential = try reader.credential(map, in: node, defaults: defaults)
        if let n = map["expect"] { definition.expect = try reader.expectation(n, kind: kind) }
        if kind == .invite, definition.to == nil {
            throw reader.error(node, key: "to", "an invite check needs the number or user to call (to:, or defaults.to)")
        }
        return definition
    }
}

/// Values `defaults:` gives every check that does not set its own.
struct CheckDefaults {
    var transport: SIPTransportKind?
    var timeout: Duration = .seconds(5)
    var to: String?
    var from: String?
    var username: String?
    var password: CredentialReference.PasswordSource?
    var tags: [String] = []

    init() {}

    init(_ map: Node.Mapping, reader: SuiteNodeReader) throws(SuiteError) {
        transport = try map["transport"].map { n throws(SuiteError) in try reader.transport(n, key: "defaults.transport") }
        if let n = map["timeout"] { timeout = try reader.seconds(n, key: "defaults.timeout", allowZero: false) }
        to = try map["to"].map { n throws(SuiteError) in try reader.string(n, key: "defaults.to") }
        from = try map["from"].map { n throws(SuiteError) in try reader.string(n, key: "defaults.from") }
        username = try map["username"].map { n throws(SuiteError) in try reader.string(n, key: "defaults.username") }
        password = try map["password"].map { n throws(SuiteError) in try reader.passwordSource(n, key: "defaults.password") }
        tags = try map["tags"].map { n throws(SuiteError) in try reader.strings(n, key: "defaults.tags") } ?? []
    }
}
