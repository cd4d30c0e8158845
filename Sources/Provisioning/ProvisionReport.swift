import Foundation

/// What a `provision` or `teardown` run did. Rendered by the Reporting module (`JSONLine`,
/// `ProvisionTextRenderer`).
public struct ProvisionReport: Sendable, Encodable {
    public struct TrunkSummary: Sendable, Equatable, Codable {
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

    /// The keys `provision --format json` and `teardown --format json` write (docs/json.md), spelled out so
    /// the JSON does not depend on an encoder's key strategy.
    enum CodingKeys: String, CodingKey {
        case steps, trunks, writes, summary
        case dryRun = "dry_run"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(writes, forKey: .writes)
        try c.encode(summary, forKey: .summary)
        try c.encode(steps, forKey: .steps)
        try c.encode(trunks, forKey: .trunks)
    }
}
