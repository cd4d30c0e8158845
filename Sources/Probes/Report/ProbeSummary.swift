import Foundation

/// The summary object printed after several probes in JSON mode (JSON Lines: one object per probe, then this).
public struct ProbeSummary: Sendable, Encodable {
    public var summary = true
    public var target: String
    public var sent: Int
    public var answered: Int
    public var rttMinMs: Double?
    public var rttAvgMs: Double?
    public var rttMaxMs: Double?
    public var status: String
    public var exitCode: Int32

    enum CodingKeys: String, CodingKey {
        case summary, target, sent, answered, status
        case rttMinMs = "rtt_min_ms"
        case rttAvgMs = "rtt_avg_ms"
        case rttMaxMs = "rtt_max_ms"
        case exitCode = "exit_code"
    }

    public init(reports: [ProbeReport]) {
        target = reports.first?.target ?? ""
        sent = reports.count
        answered = reports.filter { $0.statusCode != nil }.count
        let rtts = reports.compactMap(\.rttMs)
        rttMinMs = rtts.min().map(ProbeReport.round)
        rttMaxMs = rtts.max().map(ProbeReport.round)
        rttAvgMs = rtts.isEmpty ? nil : ProbeReport.round(rtts.reduce(0, +) / Double(rtts.count))
        let worst = reports.map(\.status).max() ?? .unknown
        status = worst.label
        exitCode = worst.rawValue
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(summary, forKey: .summary)
        try c.encode(target, forKey: .target)
        try c.encode(sent, forKey: .sent)
        try c.encode(answered, forKey: .answered)
        try c.encode(rttMinMs, forKey: .rttMinMs)
        try c.encode(rttAvgMs, forKey: .rttAvgMs)
        try c.encode(rttMaxMs, forKey: .rttMaxMs)
        try c.encode(status, forKey: .status)
        try c.encode(exitCode, forKey: .exitCode)
    }
}
