import Foundation

/// The outcome of one suite check: the definition's name and tags, whether it passed, and the probe's full
/// report underneath. Plain data for every renderer (text, JSON, JUnit, Nagios, Prometheus).
public struct CheckResult: Sendable, Encodable {
    public var name: String
    public var kind: CheckDefinition.Kind
    public var target: String
    public var tags: [String]
    /// Where the check was defined.
    public var origin: SourceLocation?
    /// OK when the expectation is met (or, without one, the verdict's own status).
    public var status: ProbeStatus
    /// The probe's verdict (`auth_ok`…) or the fail-over verdict (`healthy`…).
    public var verdict: String
    /// The final SIP status code, when one came.
    public var statusCode: Int?
    /// What `expect:` asked for, e.g. `acl_rejected or 403`; nil without an expectation.
    public var expected: String?
    public var explanation: String
    public var hint: String
    /// Wall-clock duration of the whole check in seconds.
    public var durationSeconds: Double
    /// Round-trip time of the (primary) request, when it was answered.
    public var rttMs: Double?
    /// The report of an `options` or `invite` check.
    public var probe: ProbeReport?
    /// The report of a `failover` check.
    public var failover: FailoverReport?

    public init(definition: CheckDefinition, status: ProbeStatus, verdict: String, statusCode: Int?, explanation: String,
                hint: String, durationSeconds: Double, rttMs: Double?, probe: ProbeReport? = nil, failover: FailoverReport? = nil) {
        name = definition.name
        kind = definition.kind
        target = definition.target
        tags = definition.tags
        origin = definition.origin
        expected = definition.expect?.description
        self.status = status
        self.verdict = verdict
        self.statusCode = statusCode
        self.explanation = explanation
        self.hint = hint
        self.durationSeconds = durationSeconds
        self.rttMs = rttMs
        self.probe = probe
        self.failover = failover
    }

    /// Judges a finished probe against the definition's expectation.
    public static func judged(_ definition: CheckDefinition, verdict: String, reportStatus: ProbeStatus, statusCode: Int?,
                              explanation: String, hint: String, duration: Duration, rttMs: Double?,
                              probe: ProbeReport? = nil, failover: FailoverReport? = nil) -> CheckResult {
        var status = reportStatus
        var explanation = explanation
        var hint = hint
        if let expect = definition.expect {
            if expect.isMet(verdict: verdict, statusCode: statusCode) {
                status = .ok
                explanation = "as expected (\(expect.description)): \(explanation)"
                hint = "nothing to do"
            } else {
                status = .critical
                let got = statusCode.map { "\(verdict) (\($0))" } ?? verdict
                explanation = "expected \(expect.description), got \(got): \(explanation)"
            }
        }
        let (s, atto) = duration.components
        return CheckResult(definition: definition, status: status, verdict: verdict, statusCode: statusCode,
                           explanation: explanation, hint: hint, durationSeconds: Double(s) + Double(atto) / 1e18,
                           rttMs: rttMs, probe: probe, failover: failover)
    }

    /// A check that could not start (an unreadable password, a bad target): UNKNOWN, a local problem.
    public static func unstarted(_ definition: CheckDefinition, problem: String,
                                 hint: String = "fix the suite or the environment it reads") -> CheckResult {
        CheckResult(definition: definition, status: .unknown, verdict: "not_run", statusCode: nil, explanation: problem,
                    hint: hint, durationSeconds: 0, rttMs: nil)
    }

    enum CodingKeys: String, CodingKey {
        case name, check, target, tags, origin, status, verdict, expected, explanation, hint, probe, failover, passed
        case exitCode = "exit_code"
        case statusCode = "status_code"
        case durationSeconds = "duration_seconds"
        case rttMs = "rtt_ms"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(kind.rawValue, forKey: .check)
        try c.encode(target, forKey: .target)
        try c.encode(tags, forKey: .tags)
        try c.encode(origin?.description, forKey: .origin)
        try c.encode(status.label, forKey: .status)
        try c.encode(status.rawValue, forKey: .exitCode)
        try c.encode(status == .ok, forKey: .passed)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(statusCode, forKey: .statusCode)
        try c.encode(expected, forKey: .expected)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(hint, forKey: .hint)
        try c.encode((durationSeconds * 1000).rounded() / 1000, forKey: .durationSeconds)
        try c.encode(rttMs.map { ($0 * 1000).rounded() / 1000 }, forKey: .rttMs)
        try c.encode(probe, forKey: .probe)
        try c.encode(failover, forKey: .failover)
    }
}

extension CheckResult {
    /// A single probe run from the command line (`options`, `invite`) as a check result, for the formats
    /// that report checks (JUnit, Nagios, Prometheus).
    public static func of(_ report: ProbeReport, name: String? = nil) -> CheckResult {
        let kind: CheckDefinition.Kind = report.check == "invite" ? .invite : .options
        let definition = CheckDefinition(name: name ?? "\(report.check) \(report.target)", kind: kind, target: report.target)
        let duration = ((report.dnsMs ?? 0) + (report.connectMs ?? 0) + (report.rttMs ?? 0)) / 1000
        return CheckResult(definition: definition, status: report.status, verdict: report.verdict.rawValue,
                           statusCode: report.statusCode, explanation: report.explanation, hint: report.hint,
                           durationSeconds: duration, rttMs: report.rttMs, probe: report)
    }

    /// `failover` from the command line as a check result.
    public static func of(_ report: FailoverReport) -> CheckResult {
        let definition = CheckDefinition(name: "failover \(report.primary.target)", kind: .failover, target: report.primary.target,
                                         fallback: report.fallback?.target)
        let duration = ((report.primary.dnsMs ?? 0) + (report.primary.connectMs ?? 0) + (report.primary.rttMs ?? 0)) / 1000
        return CheckResult(definition: definition, status: report.status, verdict: report.verdict.rawValue,
                           statusCode: report.primary.statusCode, explanation: report.explanation, hint: report.hint,
                           durationSeconds: duration, rttMs: report.primary.rttMs, failover: report)
    }
}
