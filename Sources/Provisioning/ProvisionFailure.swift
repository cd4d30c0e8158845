import Foundation

/// A run that stopped part-way. Lists what was done, what failed and what was not attempted, so the user knows
/// what exists; re-running the same plan completes it (resources are matched by name, so nothing is duplicated).
public struct ProvisionFailure: Error, Sendable, CustomStringConvertible {
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
        lines.append("re-run the same command to complete it; existing resources are matched by name")
        return lines.joined(separator: "\n")
    }

    struct JSONShape: Encodable {
        var failedStep: String
        var error: String
        var completed: [ProvisionStep]
        var notAttempted: [String]
    }

    /// One JSON object on one line for `--format json`; the error text never holds a secret (references only).
    public func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let shape = JSONShape(failedStep: failedStep, error: "\(underlying)", completed: completed, notAttempted: notAttempted)
        return (try? encoder.encode(shape)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
