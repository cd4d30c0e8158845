/// What a `provision` or `teardown` run did.
public struct ProvisionReport: Sendable {
    public struct TrunkSummary: Sendable, Equatable {
        public var name: String
        public var id: String
        public var domain: String
        public var direction: String
    }

    public var steps: [ProvisionStep]
    public var trunks: [TrunkSummary]
    public var dryRun: Bool

    /// Writes sent (or that would be sent in a dry run).
    public var writes: Int { steps.filter(\.isWrite).count }

    public var summary: String {
        if writes == 0 { return "no changes: all \(steps.count) resources already match the plan (0 writes)" }
        let verb = dryRun ? "would make" : "made"
        return "\(verb) \(writes) write\(writes == 1 ? "" : "s"); \(steps.count - writes) resource\(steps.count - writes == 1 ? "" : "s") unchanged"
    }
}
