/// `--timeout SECONDS` on every command that has one: positive, finite, at most 300. A deadline under a
/// millisecond would expire before the first send, so it counts as zero.
struct TimeoutSeconds: SecondsArgument, Sendable, Equatable {
    static let range = 0.001...300.0
    static let requirement = "a positive number of seconds, at most 300"

    let seconds: Double

    init(_ seconds: Double) { self.seconds = seconds }
}
