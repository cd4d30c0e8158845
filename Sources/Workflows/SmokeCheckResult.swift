import Probes

/// One check `smoke` ran, with its expectation and the probe's full report.
public struct SmokeCheckResult: Sendable, Encodable {
    public enum Detail: Sendable {
        case probe(ProbeReport)
        case failover(FailoverReport)
        /// The check could not be run (e.g. the trunk is not on the account); the string says why.
        case missing(String)
    }

    /// `outbound livekit-outbound`, `inbound livekit-inbound primary`.
    public var name: String
    /// `invite` or `failover`.
    public var check: String
    public var target: String
    /// The verdict that passes (`auth_ok`, `healthy`), or what an INVITE to an origination URI must see.
    public var expected: String
    public var verdict: String
    public var passed: Bool
    public var status: ProbeStatus
    public var explanation: String
    public var hint: String
    public var detail: Detail

    /// `atLeast`: the status of a check that does not pass, when the probe itself was content with what it saw.
    init(name: String, check: String, target: String, expected: String, detail: Detail, atLeast: ProbeStatus = .warning,
         passes: (Detail) -> Bool) {
        self.name = name
        self.check = check
        self.target = target
        self.expected = expected
        self.detail = detail
        switch detail {
        case .probe(let report):
            verdict = report.verdict.rawValue; explanation = report.explanation; hint = report.hint
            status = report.status
        case .failover(let report):
            verdict = report.verdict.rawValue; explanation = report.explanation; hint = report.hint
            status = report.status
        case .missing(let why):
            verdict = "missing"; explanation = why; hint = "run `trunkprobe provision` with this plan first"
            status = .critical
        }
        passed = passes(detail)
        // A check that is not what was expected is at least a WARNING, even when the probe itself was content
        // (no_challenge with credentials given is WARNING already; an unexpected OK is not OK for a smoke test).
        status = passed ? .ok : max(status, atLeast)
    }

    enum CodingKeys: String, CodingKey {
        case name, check, target, expected, verdict, passed, status, explanation, hint, report
        case exitCode = "exit_code"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(check, forKey: .check)
        try c.encode(target, forKey: .target)
        try c.encode(expected, forKey: .expected)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(passed, forKey: .passed)
        try c.encode(status.label, forKey: .status)
        try c.encode(status.rawValue, forKey: .exitCode)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(hint, forKey: .hint)
        switch detail {
        case .probe(let report): try c.encode(report, forKey: .report)
        case .failover(let report): try c.encode(report, forKey: .report)
        case .missing: try c.encodeNil(forKey: .report)
        }
    }
}
