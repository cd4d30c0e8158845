/// A provisioning plan: the outbound flow (credential and/or IP ACL → outbound trunk) and inbound flow
/// (primary and optional fallback URI → inbound trunk → numbers), resources named and referenced by name.
/// The YAML schema is in docs/plans.md; `ProvisioningPlan(yaml:)` parses and checks it.
public struct ProvisioningPlan: Sendable, Equatable {
    public struct Credential: Sendable, Equatable {
        public var name: String
        public var username: String
        public var password: PlanSecretReference
        public var line: Int?
    }

    public struct IPACL: Sendable, Equatable {
        public var name: String
        public var ipAddresses: [String]
        public var line: Int?
    }

    public struct URI: Sendable, Equatable {
        public var name: String
        public var uri: String
        /// Digest credentials Plivo presents to your side (`authentication_needed`); nil means no authentication.
        public var authentication: Authentication?
        public var line: Int?

        public struct Authentication: Sendable, Equatable {
            public var username: String
            public var password: PlanSecretReference
        }
    }

    public struct Trunk: Sendable, Equatable {
        public var name: String
        public var direction: String
        public var status: String?
        public var secure: Bool?
        /// Plan names of the resources this trunk uses.
        public var credential: String?
        public var ipACL: String?
        public var primaryURI: String?
        public var fallbackURI: String?
        public var line: Int?
    }

    public struct Number: Sendable, Equatable {
        public var number: String
        /// Plan name of an inbound trunk.
        public var trunk: String
        public var line: Int?
    }

    /// The AI platform on the other side (`livekit`, `vapi`…): `smoke` applies its preset. nil: none said.
    public var platform: String?
    public var credentials: [Credential] = []
    public var ipACLs: [IPACL] = []
    public var uris: [URI] = []
    public var trunks: [Trunk] = []
    public var numbers: [Number] = []

    /// Every secret reference in the plan, labelled by the resource that holds it, in plan order.
    public var secretReferences: [(label: String, reference: PlanSecretReference)] {
        credentials.map { ("credential \($0.name)", $0.password) }
            + uris.compactMap { uri in uri.authentication.map { ("uri \(uri.name)", $0.password) } }
    }

    public init(credentials: [Credential] = [], ipACLs: [IPACL] = [], uris: [URI] = [], trunks: [Trunk] = [],
                numbers: [Number] = []) {
        self.credentials = credentials; self.ipACLs = ipACLs; self.uris = uris; self.trunks = trunks; self.numbers = numbers
    }
}
