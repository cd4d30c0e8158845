import Foundation

/// What a `provision` or `teardown` run did.
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

    enum CodingKeys: String, CodingKey {
        case steps, trunks, dryRun = "dry_run", writes, summary
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dryRun, forKey: .dryRun)
        try c.encode(writes, forKey: .writes)
        try c.encode(summary, forKey: .summary)
        try c.encode(steps, forKey: .steps)
        try c.encode(trunks, forKey: .trunks)
    }

    /// One JSON object on one line (`provision --format json`, `teardown --format json`). Steps carry the
    /// request only with its secrets redacted, as in the text output.
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
