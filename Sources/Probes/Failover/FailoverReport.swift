import Foundation

/// The result of `trunkprobe failover`: one verdict over both URIs, with each URI's full OPTIONS report.
///
/// JSON (docs/failover.md): `check`, `verdict`, `status`, `exit_code`, `explanation`, `hint`, `primary`,
/// `fallback` (a report object or null), `failover_on` (the eligible status codes).
public struct FailoverReport: Sendable, Encodable {
    public var verdict: FailoverVerdict
    public var explanation: String
    public var hint: String
    public var primary: ProbeReport
    public var fallback: ProbeReport?
    public var primaryLeg: FailoverLeg
    public var fallbackLeg: FailoverLeg
    public var eligibleCodes: [Int]

    /// The verdict's status, but at least WARNING when a URI that answers did so only after RFC 3263
    /// fail-over from its first server: callers wait for that fail-over on every call, and a dead primary
    /// SBC behind a healthy second SRV target must not look healthy (as `options` reports it).
    public var status: ProbeStatus {
        // A leg cut short by SIGINT/SIGTERM before it found anything (an interrupted timeout) says nothing
        // about the trunk, so neither does the combination: UNKNOWN, not `down` (docs/verdicts.md).
        if Self.unfinished(primary) || fallback.map(Self.unfinished) == true { return .unknown }
        let late = Self.answeredAfterFailover(primary, primaryLeg)
            || (fallback.map { Self.answeredAfterFailover($0, fallbackLeg) } ?? false)
        return max(verdict.status, late ? .warning : .ok)
    }

    public init(primary: ProbeReport, fallback: ProbeReport?, policy: FailoverPolicy) {
        self.primary = primary
        self.fallback = fallback
        self.primaryLeg = policy.leg(for: primary)
        self.fallbackLeg = fallback.map(policy.leg(for:)) ?? .missing
        (verdict, explanation, hint) = policy.combine(primary: primaryLeg, fallback: fallbackLeg)
        self.eligibleCodes = policy.eligibleCodes.sorted()
        var late: [String] = []
        if Self.answeredAfterFailover(primary, primaryLeg) { late.append("the primary answered only after RFC 3263 fail-over from " + Self.failedServers(primary)) }
        if let fallback, Self.answeredAfterFailover(fallback, fallbackLeg) {
            late.append("the fallback answered only after RFC 3263 fail-over from " + Self.failedServers(fallback))
        }
        var cut: [String] = []
        if Self.unfinished(primary) { cut.append("primary") }
        if let fallback, Self.unfinished(fallback) { cut.append("fallback") }
        if !cut.isEmpty {
            let legs = cut.joined(separator: " and the ")
            explanation = "interrupted before the \(legs) answered: nothing can be said yet about whether calls would be "
                + "carried (as far as it got: \(explanation))"
            hint = "run it again to the end; --timeout sets how long each URI is waited for"
            return
        }
        if !late.isEmpty {
            explanation += "; but " + late.joined(separator: ", and ")
            if verdict == .healthy {
                hint = "fix the server(s) that failed (probe each URI with options --each-server); callers hitting them first wait for the fail-over"
            }
        }
    }

    /// A leg interrupted before it found anything: its timeout is the interruption's, not the target's.
    static func unfinished(_ report: ProbeReport) -> Bool {
        report.interrupted && report.status == .unknown
    }

    /// A URI that answers, but not from the first server location gave (RFC 3263 §4.3).
    static func answeredAfterFailover(_ report: ProbeReport, _ leg: FailoverLeg) -> Bool {
        leg == .answers && report.attempts.count > 1
    }

    /// `127.0.0.1:5070 (timeout)` for every server tried before the one that answered.
    static func failedServers(_ report: ProbeReport) -> String {
        report.attempts.dropLast().map { "\($0.remoteAddress) (\($0.statusCode.map(String.init) ?? $0.verdict.rawValue))" }
            .joined(separator: ", ")
    }

    enum CodingKeys: String, CodingKey {
        case check, verdict, status, explanation, hint, primary, fallback
        case exitCode = "exit_code"
        case failoverOn = "failover_on"
        case primaryFailoverEligible = "primary_failover_eligible"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("failover", forKey: .check)
        try c.encode(verdict, forKey: .verdict)
        try c.encode(status.label, forKey: .status)
        try c.encode(status.rawValue, forKey: .exitCode)
        try c.encode(explanation, forKey: .explanation)
        try c.encode(hint, forKey: .hint)
        try c.encode(primary, forKey: .primary)
        try c.encode(fallback, forKey: .fallback)
        try c.encode(eligibleCodes, forKey: .failoverOn)
        let eligible: Bool?
        switch primaryLeg {
        case .eligibleFailure: eligible = true
        case .otherFailure: eligible = false
        case .answers, .missing: eligible = nil
        }
        try c.encode(eligible, forKey: .primaryFailoverEligible)
    }
}
