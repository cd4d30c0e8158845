import SIPClient
import ZentrunkAPI

extension SandboxState {
    /// The outbound trunks as the SIP edge sees them. Inbound trunks carry calls from Plivo to a platform,
    /// never to the trunk domain, so they are left out (a call to their domain is 404 at the edge).
    func edgeTrunks() -> [SandboxEdgeTrunk] {
        trunks.all.compactMap { row in
            guard row["trunk_direction"]?.stringValue == "outbound", let id = row["trunk_id"]?.stringValue,
                  let domain = row["trunk_domain"]?.stringValue else { return nil }
            var trunk = SandboxEdgeTrunk(trunkID: id, domain: domain, enabled: row["trunk_status"]?.stringValue != "disabled")
            if let credentialID = row["credential_uuid"]?.stringValue, let credential = credentials[credentialID] {
                trunk.username = credential["username"]?.stringValue
                trunk.password = passwords[credentialID]
            }
            if let aclID = row["ipacl_uuid"]?.stringValue, let acl = acls[aclID] {
                var ranges: [CIDRRange] = []
                if case .array(let list)? = acl["ip_addresses"] {
                    ranges = list.compactMap { $0.stringValue.flatMap(CIDRRange.init(parsing:)) }
                }
                trunk.allow = ranges
            }
            return trunk
        }
    }
}
