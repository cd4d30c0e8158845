import NIOConcurrencyHelpers

/// The sandbox's outbound trunks by domain, readable without awaiting the `SandboxState` actor: the SIP edge
/// decides on an event loop, where it must not block or suspend. The state replaces the whole table after
/// every write, so a reader sees one consistent snapshot.
public final class SandboxEdgeDirectory: Sendable {
    private let box = NIOLockedValueBox<[String: SandboxEdgeTrunk]>([:])

    public init() {}

    /// Replaces every entry (domains compared case-insensitively, RFC 3261 §19.1.4).
    public func replace(_ trunks: [SandboxEdgeTrunk]) {
        var table: [String: SandboxEdgeTrunk] = [:]
        for trunk in trunks { table[trunk.domain.lowercased()] = trunk }
        box.withLockedValue { $0 = table }
    }

    public func trunk(forDomain domain: String) -> SandboxEdgeTrunk? {
        box.withLockedValue { $0[domain.lowercased()] }
    }

    public var all: [SandboxEdgeTrunk] { box.withLockedValue { Array($0.values) } }
}
