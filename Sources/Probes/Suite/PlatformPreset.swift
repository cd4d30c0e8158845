import SIPCore
import Yams

/// An AI voice platform's usual setup with Zentrunk, expanded into the checks that prove it works
/// (docs/suites.md, "Presets").
///
/// Outbound (platform → Zentrunk): the trunk domain answers OPTIONS, and the platform's way in is accepted:
/// digest credentials for LiveKit, ElevenLabs, Retell and self-hosted (INVITE, expect `auth_ok`); Vapi's IP
/// ACL, which a checker outside Vapi's addresses must see refuse it (INVITE, expect `acl_rejected`).
/// Inbound (Zentrunk → platform): the origination URIs in the platform's form and transport, with the
/// fail-over verdict. LiveKit answers every OPTIONS with 200 whatever its trunks and dispatch rules say, so
/// there OPTIONS proves only that a server listens and the inbound path gets an INVITE as well.
public enum PlatformPreset: String, Sendable, CaseIterable {
    case livekit, vapi, elevenlabs, retell
    case selfHosted = "self-hosted"

    static let keys: Set<String> = ["platform", "name", "tags", "trunk_domain", "to", "username", "password", "project",
                                    "primary_uri", "fallback_uri", "transport", "timeout", "from_allowed_source"]

    /// The transport the platform uses toward the trunk domain.
    public var outboundTransport: SIPTransportKind {
        switch self {
        case .vapi, .selfHosted: .udp
        case .livekit, .elevenlabs, .retell: .tcp
        }
    }

    /// Whether the platform authenticates outbound calls with a digest credential (else: an IP ACL).
    public var usesCredential: Bool { self != .vapi }

    /// The origination URI Zentrunk sends inbound calls to, in the form the platform documents.
    public func primaryURI(project: String?) -> String? {
        switch self {
        case .livekit: project.map { "\($0).sip.livekit.cloud;transport=tcp" }
        case .elevenlabs: "sip.rtc.elevenlabs.io:5060;transport=tcp"
        case .vapi: "sip.vapi.ai;transport=udp"
        case .retell: "sip.retellai.com;transport=tcp"
        case .selfHosted: nil
        }
    }

    /// Whether an OPTIONS answer says the platform would take a call (LiveKit's does not).
    public var optionsProvesInbound: Bool { self != .livekit }

    /// What an INVITE to LiveKit must see to prove a trunk and a dispatch rule took the call: LiveKit rings (180)
    /// once a dispatch rule accepts, and answers 200 when the room's participant joins; the probe CANCELs on the
    /// ring, which ends the INVITE with 487 (RFC 3261 §9.1). A call no trunk or rule matches is refused with
    /// 404 ("Does not match any SIP Trunks", "... or Dispatch Rules") without a challenge, so `no_challenge`
    /// alone would pass exactly the failure this check is for.
    public static let reachesDispatchRule = CheckExpectation(statusCodes: [200, 487])

    static func expand(_ node: Node, defaults: CheckDefaults, reader: SuiteNodeReader) throws(SuiteError) -> [CheckDefinition] {
        let map = try reader.mapping(node, key: "presets", what: "a preset (a mapping with platform:)")
        try reader.checkKeys(map, allowed: keys, context: "presets")
        let platformNode = try reader.requiredNode(map, "platform", in: node)
        guard let platform = PlatformPreset(rawValue: platformNode.scalar?.string ?? "") else {
            throw reader.error(platformNode, key: "platform",
                               "'\(platformNode.scalar?.string ?? "")' is not a platform (one of: \(allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        let name = try reader.optionalString(map, "name") ?? platform.rawValue
        let tags = try map["tags"].map { n throws(SuiteError) in try reader.strings(n, key: "tags") } ?? defaults.tags
        let to = try reader.optionalString(map, "to") ?? defaults.to
        let timeout = try map["timeout"].map { n throws(SuiteError) in try reader.seconds(n, key: "timeout", allowZero: false) } ?? defaults.timeout
        let transport = try map["transport"].map { n throws(SuiteError) in try reader.transport(n) }
        let origin = reader.location(node)
        var checks: [CheckDefinition] = []

        if let domainNode = map["trunk_domain"] {
            let domain = try reader.target(domainNode, key: "trunk_domain")
            let outbound = transport ?? defaults.transport ?? platform.outboundTransport
            checks.append(CheckDefinition(
                name: "\(name) outbound: trunk domain answers OPTIONS", kind: .options, target: domain, transport: outbound,
                expect: CheckExpectation(verdicts: ["ok", "reachable"]), tags: tags + [platform.rawValue, "outbound"],
                timeout: timeout, origin: origin))
            guard let to else {
                throw reader.error(node, key: "to", "the \(platform.rawValue) preset with a trunk_domain needs to: (a test number to call)")
            }
            if platform.usesCredential {
                guard let credential = try reader.credential(map, in: node, defaults: defaults) else {
                    throw reader.error(node, key: "username",
                                       "\(platform.rawValue) authenticates outbound calls with a credential: give username: and password: {env: VARIABLE}")
                }
                checks.append(CheckDefinition(
                    name: "\(name) outbound: credential accepted", kind: .invite, target: domain, transport: outbound, to: to,
                    credential: credential, expect: CheckExpectation(verdicts: ["auth_ok"]),
                    tags: tags + [platform.rawValue, "outbound"], timeout: timeout, origin: origin))
            } else {
                // Vapi reaches Zentrunk from fixed addresses in the trunk's IP ACL; a checker elsewhere must be refused.
                let allowed = try map["from_allowed_source"].map { n throws(SuiteError) -> Bool in
                    guard let b = n.scalar.flatMap({ Bool($0.string) }) else { throw reader.error(n, key: "from_allowed_source", "must be true or false") }
                    return b
                } ?? false
                checks.append(CheckDefinition(
                    name: allowed ? "\(name) outbound: allowed source accepted" : "\(name) outbound: source outside the IP ACL is rejected",
                    kind: .invite, target: domain, transport: outbound, to: to,
                    expect: CheckExpectation(verdicts: allowed ? ["no_challenge", "ok"] : ["acl_rejected"]),
                    tags: tags + [platform.rawValue, "outbound"], timeout: timeout, origin: origin))
            }
        }

        let primaryNode = map["primary_uri"]
        let primary: String?
        if let primaryNode { primary = try reader.target(primaryNode, key: "primary_uri") } else {
            primary = platform.primaryURI(project: try reader.optionalString(map, "project"))
        }
        if let primary {
            let fallback = try map["fallback_uri"].map { n throws(SuiteError) in try reader.target(n, key: "fallback_uri") }
            checks.append(CheckDefinition(
                name: "\(name) inbound: origination URIs and fail-over", kind: .failover, target: primary, fallback: fallback,
                transport: transport, tags: tags + [platform.rawValue, "inbound"], timeout: timeout, origin: origin))
            if !platform.optionsProvesInbound {
                guard let to else {
                    throw reader.error(node, key: "to",
                                       "\(platform.rawValue) answers every OPTIONS with 200, so its inbound path needs an INVITE: give to: (a number its dispatch rules route)")
                }
                checks.append(CheckDefinition(
                    name: "\(name) inbound: INVITE reaches a dispatch rule", kind: .invite, target: primary, transport: transport, to: to,
                    expect: Self.reachesDispatchRule,
                    tags: tags + [platform.rawValue, "inbound"], timeout: timeout, origin: origin))
            }
        } else if map["fallback_uri"] != nil || map["trunk_domain"] == nil {
            throw reader.error(node, key: platform == .livekit ? "project" : "primary_uri",
                               platform == .livekit ? "give project: (the LiveKit project id without p_) or primary_uri:"
                                                    : "give primary_uri: (the platform's SIP address)")
        }
        guard !checks.isEmpty else {
            throw reader.error(node, key: "trunk_domain", "the preset expands to nothing: give trunk_domain: and/or the inbound URIs")
        }
        return checks
    }
}
