import ArgumentParser
import Reporting

/// `check --warning/--critical RANGE` in the monitoring plugins' range syntax (10, 10:, ~:10, 10:20, @10:20).
extension NagiosRange: ExpressibleByArgument {
    public init?(argument: String) {
        guard let range = try? NagiosRange(parsing: argument) else { return nil }
        self = range
    }

    /// For `@Option(transform:)`: the parser's own reason after the flag.
    static func parser(flag: String) -> @Sendable (String) throws -> NagiosRange {
        { text in
            do { return try NagiosRange(parsing: text) } catch { throw ArgumentRequirement("\(flag): \(error)") }
        }
    }
}
