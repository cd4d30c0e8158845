import ArgumentParser
import Foundation

/// A number of seconds given on the command line, finite and within `range`: one parser, conversion and
/// spelling for every such flag (`TimeoutSeconds`, `IntervalSeconds`), which differ only in their bounds.
protocol SecondsArgument: CheckedArgument, CustomStringConvertible {
    static var range: ClosedRange<Double> { get }
    var seconds: Double { get }
    init(_ seconds: Double)
}

extension SecondsArgument {
    init?(argument: String) {
        guard let value = Double(argument.trimmingCharacters(in: .whitespaces)), value.isFinite,
              Self.range.contains(value) else { return nil }
        self.init(value)
    }

    var duration: Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    var description: String { seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds) }
}
