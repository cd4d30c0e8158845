import Probes

/// The last JSON line of a suite run: counts and the worst status.
public struct SuiteSummary: Sendable, Encodable {
    public var summary = true
    public var checks: Int
    public var passed: Int
    public var failed: Int
    public var status: String
    public var exitCode: Int32

    public init(results: [CheckResult]) {
        checks = results.count
        passed = results.filter { $0.status == .ok }.count
        failed = checks - passed
        let worst = results.map(\.status).max() ?? .unknown
        status = worst.label
        exitCode = worst.rawValue
    }

    enum CodingKeys: String, CodingKey {
        case summary, checks, passed, failed, status
        case exitCode = "exit_code"
    }
}
