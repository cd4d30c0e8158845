import ConfigFiles
import Yams
import ZentrunkAPI

extension ProvisioningPlan {
    /// Parses and checks a plan. Every problem is a `PlanError` with the line it is on: YAML syntax, unknown keys
    /// (typos must not be silently ignored), wrong types, missing fields, literal passwords, duplicate names of one
    /// kind, references to names the plan does not define, and the API's own rules (trunk direction and what each
    /// direction needs, credential lengths, ACL entries, URI forms).
    ///
    /// The text goes through `SafeYAML` first, so alias bombs, aliases as keys, and nesting, values and
    /// documents past the limits in docs/reliability.md are refused with a line number before a tree is built.
    public init(yaml text: String) throws {
        try self.init(root: try Self.safeLoad { () throws(SafeYAMLError) in try SafeYAML.load(text: text) })
    }

    /// Reads and parses a plan file: size-capped, UTF-8 checked, then as `init(yaml:)`. A problem with the
    /// file itself (missing, too big, not UTF-8) is a `PlanError` like any other.
    public init(path: String) throws {
        try self.init(root: try Self.safeLoad { () throws(SafeYAMLError) in try SafeYAML.load(path: path) })
    }

    private static func safeLoad(_ load: () throws(SafeYAMLError) -> Node?) throws(PlanError) -> Node? {
        do {
            return try load()
        } catch {
            // The caller adds the path; the file in the error is the same one.
            throw PlanError(line: error.line, error.message)
        }
    }

    private init(root: Node?) throws {
        guard let root else { throw PlanError(line: nil, "the plan is empty") }
        guard let top = root.mapping else { throw PlanError(line: root.mark?.line, "the plan must be a mapping of sections") }
        try Self.checkKeys(top, allowed: ["version", "platform", "credentials", "ip_acls", "uris", "trunks", "numbers"], what: "plan")
        self.init()
        if let version = top["version"] {
            guard version.scalar?.string == "1" else { throw PlanError(line: version.mark?.line, "version must be 1") }
        }
        if let value = top["platform"] {
            guard let name = value.scalar?.string, Self.platforms.contains(name) else {
                throw PlanError(line: value.mark?.line, "platform must be one of \(Self.platforms.joined(separator: ", "))")
            }
            platform = name
        }
        credentials = try Self.items(top, "credentials").map(Self.credential)
        ipACLs = try Self.items(top, "ip_acls").map(Self.ipACL)
        uris = try Self.items(top, "uris").map(Self.uri)
        trunks = try Self.items(top, "trunks").map(Self.trunk)
        numbers = try Self.items(top, "numbers").map(Self.number)
        try checkNamesAndReferences()
    }

    // MARK: Sections

    private static func credential(_ node: Node) throws -> Credential {
        let map = try mapping(node, "credential")
        try checkKeys(map, allowed: ["name", "username", "password"], what: "credential")
        let name = try string(map, "name", in: node)
        let username = try string(map, "username", in: node)
        do { _ = try ZentrunkValidation.checkUsername(username) } catch let error as ZentrunkInputError {
            throw PlanError(line: map["username"]?.mark?.line, "credential \(name): \(error)")
        }
        let password = try secret(map, "password", in: node, owner: "credential \(name)")
        return Credential(name: name, username: username, password: password, line: node.mark?.line)
    }

    private static func ipACL(_ node: Node) throws -> IPACL {
        let map = try mapping(node, "ip_acl")
        try checkKeys(map, allowed: ["name", "ip_addresses"], what: "ip_acl")
        let name = try string(map, "name", in: node)
        guard let list = map["ip_addresses"] else { throw PlanError(line: node.mark?.line, "ip_acl \(name): ip_addresses is required") }
        guard let sequence = list.sequence, !sequence.isEmpty else {
            throw PlanError(line: list.mark?.line, "ip_acl \(name): ip_addresses must be a non-empty list")
        }
        var addresses: [String] = []
        for entry in sequence {
            guard let text = entry.scalar?.string else { throw PlanError(line: entry.mark?.line, "ip_acl \(name): each address must be a string") }
            do { _ = try ZentrunkValidation.checkACLEntry(text) } catch let error as ZentrunkInputError {
                throw PlanError(line: entry.mark?.line, "ip_acl \(name): \(error.message)")
            }
            addresses.append(text)
        }
        return IPACL(name: name, ipAddresses: addresses, line: node.mark?.line)
    }

    private static func uri(_ node: Node) throws -> URI {
        let map = try mapping(node, "uri")
        try checkKeys(map, allowed: ["name", "uri", "authentication"], what: "uri")
        let name = try string(map, "name", in: node)
        let target = try string(map, "uri", in: node)
        do { _ = try ZentrunkValidation.checkURI(target) } catch let error as ZentrunkInputError {
            throw PlanError(line: map["uri"]?.mark?.line, "uri \(name): \(error.message)")
        }
        var authentication: URI.Authentication?
        if let auth = map["authentication"] {
            let authMap = try mapping(auth, "authentication")
            try checkKeys(authMap, allowed: ["username", "password"], what: "authentication")
            authentication = URI.Authentication(
                username: try string(authMap, "username", in: auth),
                password: try secret(authMap, "password", in: auth, owner: "uri \(name)"))
        }
        return URI(name: name, uri: target, authentication: authentication, line: node.mark?.line)
    }

    private static func trunk(_ node: Node) throws -> Trunk {
        let map = try mapping(node, "trunk")
        try checkKeys(map, allowed: ["name", "direction", "status", "secure", "credential", "ip_acl", "primary_uri", "fallback_uri"], what: "trunk")
        let name = try string(map, "name", in: node)
        let direction = try string(map, "direction", in: node)
        guard ZentrunkValidation.trunkDirections.contains(direction) else {
            throw PlanError(line: map["direction"]?.mark?.line, "trunk \(name): direction must be inbound or outbound")
        }
        let status = try optionalString(map, "status")
        if let status, !ZentrunkValidation.trunkStatuses.contains(status) {
            throw PlanError(line: map["status"]?.mark?.line, "trunk \(name): status must be enabled or disabled")
        }
        var secure: Bool?
        if let node = map["secure"] {
            guard let value = node.scalar.flatMap({ Bool.construct(from: $0) }) else {
                throw PlanError(line: node.mark?.line, "trunk \(name): secure must be true or false")
            }
            secure = value
        }
        let trunk = Trunk(name: name, direction: direction, status: status, secure: secure,
                          credential: try optionalString(map, "credential"), ipACL: try optionalString(map, "ip_acl"),
                          primaryURI: try optionalString(map, "primary_uri"), fallbackURI: try optionalString(map, "fallback_uri"),
                          line: node.mark?.line)
        if direction == "inbound" {
            guard trunk.primaryURI != nil else { throw PlanError(line: node.mark?.line, "trunk \(name): an inbound trunk needs primary_uri") }
            guard trunk.credential == nil, trunk.ipACL == nil else {
                throw PlanError(line: node.mark?.line, "trunk \(name): an inbound trunk takes URIs, not credential/ip_acl")
            }
            if trunk.fallbackURI != nil && trunk.fallbackURI == trunk.primaryURI {
                throw PlanError(line: map["fallback_uri"]?.mark?.line, "trunk \(name): fallback_uri must differ from primary_uri")
            }
        } else {
            guard trunk.credential != nil || trunk.ipACL != nil else {
                throw PlanError(line: node.mark?.line, "trunk \(name): an outbound trunk needs credential and/or ip_acl")
            }
            guard trunk.primaryURI == nil, trunk.fallbackURI == nil else {
                throw PlanError(line: node.mark?.line, "trunk \(name): an outbound trunk takes credential/ip_acl, not URIs")
            }
        }
        return trunk
    }

    private static func number(_ node: Node) throws -> Number {
        let map = try mapping(node, "number")
        try checkKeys(map, allowed: ["number", "trunk"], what: "number")
        let number = try string(map, "number", in: node)
        do { try ZentrunkValidation.checkNumber(number, field: "number") } catch let error as ZentrunkInputError {
            throw PlanError(line: map["number"]?.mark?.line, "number \(number): \(error.message) (quote it in YAML)")
        }
        return Number(number: number, trunk: try string(map, "trunk", in: node), line: node.mark?.line)
    }

    // MARK: Cross-checks

    private func checkNamesAndReferences() throws {
        func unique(_ names: [(String, Int?)], kind: String) throws -> Set<String> {
            var seen: [String: Int?] = [:]
            for (name, line) in names {
                if let first = seen[name] {
                    let at = first.map { " (first defined on line \($0))" } ?? ""
                    throw PlanError(line: line, "two \(kind)s are named '\(name)'\(at); names must be unique per kind")
                }
                seen[name] = line
            }
            return Set(seen.keys)
        }
        let credentialNames = try unique(credentials.map { ($0.name, $0.line) }, kind: "credential")
        let aclNames = try unique(ipACLs.map { ($0.name, $0.line) }, kind: "ip_acl")
        let uriNames = try unique(uris.map { ($0.name, $0.line) }, kind: "uri")
        _ = try unique(trunks.map { ($0.name, $0.line) }, kind: "trunk")
        _ = try unique(numbers.map { ($0.number, $0.line) }, kind: "number")
        for trunk in trunks {
            for (field, value, names) in [("credential", trunk.credential, credentialNames), ("ip_acl", trunk.ipACL, aclNames),
                                          ("primary_uri", trunk.primaryURI, uriNames), ("fallback_uri", trunk.fallbackURI, uriNames)] {
                if let value, !names.contains(value) {
                    throw PlanError(line: trunk.line, "trunk \(trunk.name): \(field) '\(value)' is not defined in the plan")
                }
            }
        }
        for number in numbers {
            guard let trunk = trunks.first(where: { $0.name == number.trunk }) else {
                throw PlanError(line: number.line, "number \(number.number): trunk '\(number.trunk)' is not defined in the plan")
            }
            guard trunk.direction == "inbound" else {
                throw PlanError(line: number.line, "number \(number.number): trunk '\(number.trunk)' is outbound; numbers route to inbound trunks")
            }
        }
    }

    // MARK: Node helpers

    private static func items(_ top: Node.Mapping, _ key: String) throws -> [Node] {
        guard let node = top[key] else { return [] }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "null" || scalar.string == "~" { return [] }
        guard let sequence = node.sequence else { throw PlanError(line: node.mark?.line, "\(key) must be a list") }
        return Array(sequence)
    }

    private static func mapping(_ node: Node, _ what: String) throws -> Node.Mapping {
        guard let map = node.mapping else { throw PlanError(line: node.mark?.line, "each \(what) must be a mapping of fields") }
        return map
    }

    private static func checkKeys(_ map: Node.Mapping, allowed: Set<String>, what: String) throws {
        for (key, _) in map {
            guard let name = key.scalar?.string, allowed.contains(name) else {
                let known = allowed.sorted().joined(separator: ", ")
                throw PlanError(line: key.mark?.line, "unknown key '\(key.scalar?.string ?? "?")' in \(what) (expected one of: \(known))")
            }
        }
    }

    private static func string(_ map: Node.Mapping, _ key: String, in node: Node) throws -> String {
        guard let value = map[key] else { throw PlanError(line: node.mark?.line, "\(key) is required") }
        guard let text = value.scalar?.string, !text.isEmpty else {
            throw PlanError(line: value.mark?.line, "\(key) must be a non-empty string")
        }
        return text
    }

    /// The AI platforms whose presets `smoke` knows (docs/smoke.md).
    public static let platforms = ["livekit", "vapi", "elevenlabs", "retell", "self-hosted"]

    private static func optionalString(_ map: Node.Mapping, _ key: String) throws -> String? {
        guard let value = map[key] else { return nil }
        guard let text = value.scalar?.string, !text.isEmpty else {
            throw PlanError(line: value.mark?.line, "\(key) must be a non-empty string")
        }
        return text
    }

    /// `{env: VAR}` or `{file: PATH}`; a plain string is refused so a secret never sits in a plan.
    private static func secret(_ map: Node.Mapping, _ key: String, in node: Node, owner: String) throws -> PlanSecretReference {
        guard let value = map[key] else { throw PlanError(line: node.mark?.line, "\(owner): \(key) is required") }
        guard let reference = value.mapping, reference.count == 1, let (kind, target) = reference.first.map({ ($0.key.scalar?.string, $0.value.scalar?.string) }),
              let kind, let target, !target.isEmpty else {
            throw PlanError(line: value.mark?.line,
                            "\(owner): \(key) must be a reference, {env: VARIABLE} or {file: PATH}; passwords never go in a plan")
        }
        switch kind {
        case "env": return PlanSecretReference(.environment(target))
        case "file": return PlanSecretReference(.file(target))
        default:
            throw PlanError(line: value.mark?.line, "\(owner): \(key) reference must be env or file, not '\(kind)'")
        }
    }
}
