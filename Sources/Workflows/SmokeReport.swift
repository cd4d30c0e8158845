import Foundation
import Probes
import Provisioning

/// The result of one `smoke` run: what was provisioned (or found), each derived check, and what was torn down.
/// A plain value: Reporting's `SmokeRenderer` writes it as text, JSON, JUnit, Nagios or Prometheus.
public struct SmokeReport: Sendable, Encodable {
    public enum Mode: String, Sendable, Encodable {
        /// The plan was provisioned for this run.
        case provisioned
        /// `--existing`: the account was only read.
        case existing
    }

    public var plan: String
    public var platform: SmokePlatform?
    public var mode: Mode
    /// Provisioning steps (empty with `--existing`).
    public var provisioned: [ProvisionStep] = []
    public var checks: [SmokeCheckResult] = []
    /// Deletes of what this run created (empty with `--keep` or `--existing`).
    public var tornDown: [ProvisionStep] = []
    public var kept: Bool = false
    /// Problems outside the checks (a failed teardown); each makes the run CRITICAL.
    public var problems: [String] = []

    /// The worst of every check and problem: the exit code.
    public var status: ProbeStatus {
        let worst = checks.map(\.status).max() ?? .ok
        return problems.isEmpty ? worst : .critical
    }

    public var passedCount: Int { checks.filter(\.passed).count }

    enum CodingKeys: String, CodingKey {
        case check, plan, platform, mode, status, provisioned, checks, kept, problems, summary
        case exitCode = "exit_code"
        case tornDown = "torn_down"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("smoke", forKey: .check)
        try c.encode(plan, forKey: .plan)
        try c.encode(platform, forKey: .platform)
        try c.encode(mode, forKey: .mode)
        try c.encode(status.label, forKey: .status)
        try c.encode(status.rawValue, forKey: .exitCode)
        try c.encode(summary, forKey: .summary)
        try c.encode(provisioned, forKey: .provisioned)
        try c.encode(checks, forKey: .checks)
        try c.encode(tornDown, forKey: .tornDown)
        try c.encode(kept, forKey: .kept)
        try c.encode(problems, forKey: .problems)
    }

    public var summary: String {
        "\(passedCount)/\(checks.count) checks passed" + (problems.isEmpty ? "" : "; \(problems.count) problem\(problems.count == 1 ? "" : "s")")
    }
}
