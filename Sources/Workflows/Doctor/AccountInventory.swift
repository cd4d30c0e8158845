import ZentrunkAPI

/// Every Zentrunk resource of an account, read once for `doctor`.
public struct AccountInventory: Sendable {
    /// A phone number and the trunk it routes to (nil: it routes elsewhere, e.g. an application).
    public struct RoutedNumber: Sendable, Equatable {
        public var number: String
        public var trunkID: String?
        public init(number: String, trunkID: String?) { self.number = number; self.trunkID = trunkID }
    }

    public var trunks: [Trunk]
    public var uris: [OriginationURI]
    public var credentials: [Credential]
    public var ipACLs: [IPAccessControlList]
    public var numbers: [RoutedNumber]
    /// Reads that failed (numbers not listable, say), reported as info.
    public var readProblems: [String]

    public init(trunks: [Trunk] = [], uris: [OriginationURI] = [], credentials: [Credential] = [], ipACLs: [IPAccessControlList] = [],
                numbers: [RoutedNumber] = [], readProblems: [String] = []) {
        self.trunks = trunks; self.uris = uris; self.credentials = credentials; self.ipACLs = ipACLs
        self.numbers = numbers; self.readProblems = readProblems
    }

    public func uri(_ id: String?) -> OriginationURI? {
        guard let id, !id.isEmpty else { return nil }
        return uris.first { $0.uriUUID == id }
    }

    /// URIs some inbound trunk uses as primary or fallback, each once, in trunk order.
    public var urisInUse: [(uri: OriginationURI, role: String, trunk: Trunk)] {
        var out: [(OriginationURI, String, Trunk)] = []
        for trunk in trunks where trunk.isInbound {
            if let p = uri(trunk.primaryURIUUID) { out.append((p, "primary", trunk)) }
            if let f = uri(trunk.fallbackURIUUID), f.uriUUID != trunk.primaryURIUUID { out.append((f, "fallback", trunk)) }
        }
        return out
    }
}

extension Trunk {
    var isInbound: Bool { trunkDirection?.lowercased() == "inbound" }
    var isOutbound: Bool { trunkDirection?.lowercased() == "outbound" }
    var label: String { "trunk \(trunkID)" + (name.map { " (\($0))" } ?? "") }
}
