/// A pause or spacing in seconds (`--interval`, `--min-interval`, `--idle-timeout`, `--timeout-offset`):
/// 0 or more, finite, at most a day. Commands that need a narrower range check it in `validate()`.
struct IntervalSeconds: SecondsArgument, Sendable, Equatable {
    static let range = 0.0...86_400.0
    static let requirement = "0 or more seconds, at most 86400"

    let seconds: Double

    init(_ seconds: Double) { self.seconds = seconds }
}
