import SIPClient
import ZentrunkAPI

/// What the SIP edge knows of one outbound trunk: how a call to its `trunk_domain` is admitted.
public struct SandboxEdgeTrunk: Sendable {
    public var trunkID: String
    public var domain: String
    public var enabled: Bool
    /// The trunk's credential: username and the password the API was given (nil when the API blanked it).
    public var username: String?
    public var password: Secret?
    /// The trunk's IP ACL, when it has one.
    public var allow: [CIDRRange]?

    public init(trunkID: String, domain: String, enabled: Bool, username: String? = nil, password: Secret? = nil,
                allow: [CIDRRange]? = nil) {
        self.trunkID = trunkID
        self.domain = domain
        self.enabled = enabled
        self.username = username
        self.password = password
        self.allow = allow
    }
}
