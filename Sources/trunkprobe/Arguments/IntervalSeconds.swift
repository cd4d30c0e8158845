import Foundation
import ArgumentParser

/// A pause or spacing in seconds (`--interval`, `--min-interval`, `--idle-timeout`, `--timeout-offset`):
/// 0 or more, finite, at most a day. Commands that need a narrower range check it in `validate()`.
struct IntervalSeconds: CheckedArgument, CustomStringConvertible, Sendable, Equatable {
    static let maximum = 86_400.0
    static let requirement = "0 or more seconds, at most 86400"

    let seconds: Double

    init(_ seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        guard let value = Double(argument.trimmingCharacters(in: .whitespaces)), value.isFinite,
              value >= 0, value <= Self.maximum else { return nil }
        seconds = value
    }

    var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    var description: String { seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds) }
}
