import Foundation

/// A run that stopped part-way. Lists what was done, what failed and what was not attempted, so the user knows
/// what exists; re-running the same plan completes it (resources are matched by name, so nothing is duplicated).
public struct ProvisionFailure: Error, Sendable, Encodable, CustomStringConvertible {
    public var completed: [ProvisionStep]
    /// `trunk lk-out (create)`.
    public var failedStep: String
    public var underlying: any Error
    public var notAttempted: [String]

    public var description: String {
        var lines = ["\(failedStep) failed: \(underlying)"]
        let writes = completed.filter(\.isWrite)
        lines.append(writes.isEmpty ? "nothing was changed before the failure"
                                    : "done before the failure: " + writes.map { "\($0.kind) \($0.name) (\($0.action.rawValue)d)" }.joined(separator: ", "))
        if !notAttempted.isEmpty { lines.append("not attempted: " + notAttempted.joined(separator: ", ")) }
        // With nothing written (an unset secret, a refused read) re-running alone changes nothing: the cause
        // must be fixed first.
        lines.append(writes.isEmpty ? "fix the cause above, then re-run the same command"
                                    : "re-run the same command to complete it; existing resources are matched by name")
        return lines.joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey {
        case error, completed
        case failedStep = "failed_step"
        case notAttempted = "not_attempted"
    }

    /// `provision --format json` after a failure (rendered by Reporting's `JSONLine`): the error as text, which
    /// never holds a secret (plans carry references only).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(failedStep, forKey: .failedStep)
        try c.encode("\(underlying)", forKey: .error)
        try c.encode(completed, forKey: .completed)
        try c.encode(notAttempted, forKey: .notAttempted)
    }
}
