/// A loaded suite: its checks (presets already expanded) and how to pace them.
public struct Suite: Sendable, Equatable {
    /// The file it came from (for reports and errors).
    public var file: String
    public var checks: [CheckDefinition]
    /// At most this many checks run at once.
    public var concurrency: Int
    /// At least this long between the starts of two checks to the same destination: providers may block
    /// OPTIONS sent more often than every 10–15 s.
    public var pacing: Duration

    public init(file: String, checks: [CheckDefinition], concurrency: Int = 4, pacing: Duration = .zero) {
        self.file = file
        self.checks = checks
        self.concurrency = concurrency
        self.pacing = pacing
    }

    /// The checks carrying any of `tags` (all when `tags` is empty).
    public func selecting(tags: Set<String>) -> Suite {
        var copy = self
        copy.checks = checks.filter { $0.matches(tags: tags) }
        return copy
    }
}
