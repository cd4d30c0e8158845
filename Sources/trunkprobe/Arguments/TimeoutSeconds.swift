import Foundation
import ArgumentParser

/// `--timeout SECONDS` on every command that has one: positive, finite, at most `maximum`. A deadline under a
/// millisecond would expire before the first send, so it counts as zero.
struct TimeoutSeconds: CheckedArgument, CustomStringConvertible, Sendable, Equatable {
    static let maximum = 300.0
    static let requirement = "a positive number of seconds, at most 300"

    let seconds: Double

    init(_ seconds: Double) { self.seconds = seconds }

    init?(argument: String) {
        guard let value = Double(argument.trimmingCharacters(in: .whitespaces)), value.isFinite,
              value >= 0.001, value <= Self.maximum else { return nil }
        seconds = value
    }

    var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    var description: String { seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds) }
}
