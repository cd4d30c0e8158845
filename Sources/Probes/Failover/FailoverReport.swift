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

    public var status: ProbeStatus { verdict.status }

    public init(primary: ProbeReport, fallback: ProbeReport?, policy: FailoverPolicy) {
        self.primary = primary
        self.fallback = fallback
        self.primaryLeg = policy.leg(for: primary)
        self.fallbackLeg = fallback.map(policy.leg(for:)) ?? .missing
        (verdict, explanation, hint) = policy.combine(primary: primaryLeg, fallback: fallbackLeg)
        self.eligibleCodes = policy.eligibleCodes.sorted()
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
