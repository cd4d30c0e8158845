import ArgumentParser

/// A typed option value whose rule fits one phrase, so every bad value reads the same way:
/// `--flag must be <requirement>, got 'VALUE'` (exit 3, one line; see `UsageMessage`).
///
/// Declare such options with `transform: T.parse`: ArgumentParser then carries the thrown requirement into
/// its usage error, where `init?(argument:)` alone would only say that the value is invalid.
protocol CheckedArgument: ExpressibleByArgument {
    /// Completes "--flag must be …", e.g. "a positive number of seconds, at most 300".
    static var requirement: String { get }
}

extension CheckedArgument {
    static func parse(_ text: String) throws -> Self {
        guard let value = Self(argument: text) else { throw ArgumentRequirement("must be " + requirement) }
        return value
    }
}

/// The reason a value was refused, worded to follow the flag's name ("must be …", or a whole sentence
/// that starts with the flag).
struct ArgumentRequirement: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
