import Foundation

/// The summary object printed after several probes in JSON mode (JSON Lines: one object per probe, then this).
/// With several targets, `target` is the first one's; `targets` counts them and `statuses` counts the probes
/// per status label, so a monitoring job reads the totals without re-reading every line.
public struct ProbeSummary: Sendable, Encodable {
    public var summary = true
    public var target: String
    public var targets: Int
    public var statuses: [String: Int]
    public var sent: Int
    public var answered: Int
    public var rttMinMs: Double?
    public var rttAvgMs: Double?
    public var rttMaxMs: Double?
    public var status: String
    public var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case summary, target, targets, statuses, sent, answered, status
        case rttMinMs = "rtt_min_ms"
        case rttAvgMs = "rtt_avg_ms"
        case rttMaxMs = "rtt_max_ms"
        case exitCode = "exit_code"
    }

    public init(reports: [ProbeReport]) {
        self.init(tally: ProbeTally(reports))
    }

    public init(tally: ProbeTally) {
        target = tally.first?.target ?? ""
        targets = tally.targets.count
        statuses = Dictionary(uniqueKeysWithValues: tally.statuses.map { ($0.key.label, $0.value) })
        sent = tally.count
        answered = tally.answered
        rttMinMs = tally.rttMinMs.map(ProbeReport.round)
        rttMaxMs = tally.rttMaxMs.map(ProbeReport.round)
        rttAvgMs = tally.rttAvgMs.map(ProbeReport.round)
        let worst = tally.worst
        status = worst.label
        exitCode = worst.rawValue
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(summary, forKey: .summary)
        try c.encode(target, forKey: .target)
        try c.encode(targets, forKey: .targets)
        try c.encode(statuses, forKey: .statuses)
        try c.encode(sent, forKey: .sent)
        try c.encode(answered, forKey: .answered)
        try c.encode(rttMinMs, forKey: .rttMinMs)
        try c.encode(rttAvgMs, forKey: .rttAvgMs)
        try c.encode(rttMaxMs, forKey: .rttMaxMs)
        try c.encode(status, forKey: .status)
        try c.encode(exitCode, forKey: .exitCode)
    }
}
