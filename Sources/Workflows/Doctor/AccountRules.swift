import Knowledge
import SIPClient
import SIPCore
import ZentrunkAPI

/// The static half of `doctor`: Zentrunk's rules and the platform's needs checked against an inventory.
/// Pure, so each rule is tested on a hand-made account.
public struct AccountRules: Sendable {
    public var platform: PlatformProfile?

    public init(platform: PlatformProfile? = nil) {
        self.platform = platform
    }

    public func check(_ account: AccountInventory) -> [DoctorFinding] {
        var out: [DoctorFinding] = []
        for trunk in account.trunks {
            if trunk.trunkStatus?.lowercased() == "disabled" {
                out.append(DoctorFinding(.trunkDisabled, .warning, resource: trunk.label, message: "the trunk is disabled: it carries no calls",
                                         fix: "trunkprobe api trunk update \(trunk.trunkID) --status enabled"))
            }
            if trunk.isInbound { out += inbound(trunk, account) }
            if trunk.isOutbound { out += outbound(trunk, account) }
        }
        let used = Set(account.trunks.flatMap { [$0.primaryURIUUID, $0.fallbackURIUUID] }.compactMap { $0 })
        for uri in account.uris where !used.contains(uri.uriUUID) {
            out.append(DoctorFinding(.uriUnused, .info, resource: "origination URI \(uri.uriUUID)",
                                     message: "no trunk uses \(uri.uri ?? "it")",
                                     fix: "set it on an inbound trunk, or delete it: trunkprobe api uri delete \(uri.uriUUID)"))
        }
        let trunks = Dictionary(account.trunks.map { ($0.trunkID, $0) }, uniquingKeysWith: { a, _ in a })
        for number in account.numbers {
            guard let id = number.trunkID else { continue }
            guard let trunk = trunks[id] else {
                out.append(DoctorFinding(.numberRoutedToMissingTrunk, .critical, resource: "number \(number.number)",
                                         message: "routed to trunk \(id), which does not exist: calls to it fail",
                                         fix: "trunkprobe api number route \(number.number) --trunk INBOUND_TRUNK_ID"))
                continue
            }
            if trunk.isOutbound {
                out.append(DoctorFinding(.numberRoutedToOutboundTrunk, .critical, resource: "number \(number.number)",
                                         message: "routed to outbound \(trunk.label): the number silently stops answering",
                                         fix: "route it to an inbound trunk: trunkprobe api number route \(number.number) --trunk INBOUND_TRUNK_ID"))
            }
        }
        return out
    }

    private func inbound(_ trunk: Trunk, _ account: AccountInventory) -> [DoctorFinding] {
        var out: [DoctorFinding] = []
        let primaryID = trunk.primaryURIUUID.flatMap { $0.isEmpty ? nil : $0 }
        let fallbackID = trunk.fallbackURIUUID.flatMap { $0.isEmpty ? nil : $0 }
        guard let primaryID else {
            return [DoctorFinding(.inboundWithoutPrimary, .critical, resource: trunk.label,
                                  message: "no primary origination URI: Zentrunk hangs up its calls with 4310 uri_not_found",
                                  fix: "trunkprobe api trunk update \(trunk.trunkID) --primary-uri URI_UUID")]
        }
        for (role, id) in [("primary", primaryID), ("fallback", fallbackID)] {
            guard let id, account.uri(id) == nil else { continue }
            out.append(DoctorFinding(.missingURI, .critical, resource: trunk.label,
                                     message: "its \(role) URI \(id) does not exist",
                                     fix: "trunkprobe api trunk update \(trunk.trunkID) --\(role)-uri URI_UUID"))
        }
        let primary = account.uri(primaryID)
        let fallback = account.uri(fallbackID)
        if fallbackID == nil {
            out.append(DoctorFinding(.inboundWithoutFallback, .warning, resource: trunk.label,
                                     message: "no fallback origination URI: when the primary does not answer, calls fail (4170)",
                                     fix: "trunkprobe api trunk update \(trunk.trunkID) --fallback-uri URI_UUID"))
        } else if fallbackID == primaryID || (primary?.uri != nil && Self.sameTarget(primary?.uri, fallback?.uri)) {
            out.append(DoctorFinding(.fallbackEqualsPrimary, .warning, resource: trunk.label,
                                     message: "the fallback URI is the primary again: nothing takes over when it fails",
                                     fix: "point --fallback-uri at a URI on another server or region"))
        }
        for (role, uri) in [("primary", primary), ("fallback", fallback)] {
            guard let uri, let text = uri.uri else { continue }
            let transport = Self.transport(of: text)
            if trunk.secure == true && transport != .tls {
                out.append(DoctorFinding(.secureTrunkWithoutTLS, .critical, resource: "origination URI \(uri.uriUUID)",
                                         message: "\(trunk.label) is secure but its \(role) URI \(text) is not TLS",
                                         fix: "trunkprobe api uri update \(uri.uriUUID) --uri '\(Self.withTransport(text, "tls"))'"))
            } else if trunk.secure != true && transport == .tls {
                out.append(DoctorFinding(.tlsURIOnInsecureTrunk, .warning, resource: "origination URI \(uri.uriUUID)",
                                         message: "the \(role) URI \(text) is TLS but \(trunk.label) is not secure (risk of 4110)",
                                         fix: "trunkprobe api trunk update \(trunk.trunkID) --secure"))
            }
            if let platform, let transport, !platform.inboundTransports.contains(transport.rawValue) {
                let wanted = platform.inboundTransports.contains("tcp") ? "tcp" : platform.inboundTransports.first ?? "tcp"
                out.append(DoctorFinding(.uriTransportUnsupported, .critical, resource: "origination URI \(uri.uriUUID)",
                                         message: "\(platform.name) does not accept \(transport.rawValue.uppercased()) (\(text)); it takes "
                                             + platform.inboundTransports.map { $0.uppercased() }.joined(separator: " or "),
                                         fix: "trunkprobe api uri update \(uri.uriUUID) --uri '\(Self.withTransport(text, wanted))'"))
            }
        }
        return out
    }

    private func outbound(_ trunk: Trunk, _ account: AccountInventory) -> [DoctorFinding] {
        var out: [DoctorFinding] = []
        let credentialID = trunk.credentialUUID.flatMap { $0.isEmpty ? nil : $0 }
        let aclID = trunk.ipaclUUID.flatMap { $0.isEmpty ? nil : $0 }
        if credentialID == nil && aclID == nil {
            out.append(DoctorFinding(.outboundWithoutAuth, .critical, resource: trunk.label,
                                     message: "neither a credential nor an IP ACL: Zentrunk rejects its calls (4180)",
                                     fix: "trunkprobe api trunk update \(trunk.trunkID) --credential CREDENTIAL_UUID (or --ipacl IPACL_UUID)"))
        }
        if let credentialID, !account.credentials.contains(where: { $0.credentialUUID == credentialID }) {
            out.append(DoctorFinding(.missingAuthResource, .critical, resource: trunk.label,
                                     message: "its credential \(credentialID) does not exist",
                                     fix: "trunkprobe api trunk update \(trunk.trunkID) --credential CREDENTIAL_UUID"))
        }
        let acl = aclID.flatMap { id in account.ipACLs.first { $0.ipaclUUID == id } }
        if let aclID, acl == nil {
            out.append(DoctorFinding(.missingAuthResource, .critical, resource: trunk.label,
                                     message: "its IP ACL \(aclID) does not exist",
                                     fix: "trunkprobe api trunk update \(trunk.trunkID) --ipacl IPACL_UUID"))
        }
        guard let platform, platform.outboundAuth == .ipACL else { return out }
        guard let acl else {
            if aclID == nil {
                out.append(DoctorFinding(.platformNeedsIPACL, .critical, resource: trunk.label,
                                         message: "\(platform.name) authenticates by source address, and this trunk has no IP ACL",
                                         fix: "trunkprobe api ipacl create --name \(platform.id) "
                                             + platform.publishedAddresses.map { "--ip \($0)" }.joined(separator: " ")
                                             + ", then trunkprobe api trunk update \(trunk.trunkID) --ipacl IPACL_UUID"))
            }
            return out
        }
        let missing = platform.publishedAddresses.filter { address in
            let host = String(address.split(separator: "/").first ?? "")
            return !acl.ipAddresses.contains { entry in
                (CIDRRange(parsing: entry) ?? CIDRRange(parsing: entry + (entry.contains(":") ? "/128" : "/32")))?.contains(host) ?? false
            }
        }
        if !missing.isEmpty {
            out.append(DoctorFinding(.ipACLMissingPlatformAddresses, .critical, resource: "IP ACL \(acl.ipaclUUID)",
                                     message: "\(platform.name)'s addresses \(missing.joined(separator: ", ")) are missing: its calls are rejected (4180)",
                                     fix: "trunkprobe api ipacl update \(acl.ipaclUUID) "
                                         + (acl.ipAddresses + missing).map { "--ip \($0)" }.joined(separator: " ")))
        }
        return out
    }

    // MARK: Helpers

    /// The transport a URI string asks for; without `;transport=` a `sip:` URI means UDP (RFC 3263 §4.1 with a port).
    static func transport(of uri: String) -> SIPTransportKind? {
        (try? ProbeTarget(parsing: uri))?.transport
    }

    static func sameTarget(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, let x = try? ProbeTarget(parsing: a), let y = try? ProbeTarget(parsing: b) else { return false }
        return x.host.lowercased() == y.host.lowercased() && x.port == y.port && x.transport == y.transport
    }

    /// `host:port;transport=X` with any existing transport parameter replaced.
    static func withTransport(_ uri: String, _ transport: String) -> String {
        let base = uri.split(separator: ";").filter { !$0.lowercased().hasPrefix("transport=") }.joined(separator: ";")
        return base + ";transport=\(transport)"
    }
}
