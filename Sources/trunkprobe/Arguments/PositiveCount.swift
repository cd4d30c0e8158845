import Foundation
import ArgumentParser

/// A count that must be at least 1 (`--count`, `--concurrency`, `--max-connections`…). Upper bounds differ
/// per command and are checked in its `validate()`.
struct PositiveCount: CheckedArgument, CustomStringConvertible, Sendable, Equatable {
    static let requirement = "a whole number, 1 or more"

    let value: Int

    init(_ value: Int) { self.value = value }

    init?(argument: String) {
        guard let value = Int(argument.trimmingCharacters(in: .whitespaces)), value >= 1 else { return nil }
        self.value = value
    }

    var description: String { String(value) }
}
