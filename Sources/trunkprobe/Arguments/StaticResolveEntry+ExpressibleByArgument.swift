import ArgumentParser
import SIPCore

/// `--resolve HOST:PORT:ADDRESS` (curl's convention).
extension StaticResolveEntry: ExpressibleByArgument {
    public init?(argument: String) {
        guard let entry = try? StaticResolveEntry(parsing: argument) else { return nil }
        self = entry
    }

    /// For `@Option(transform:)`: the parser's own reason, naming the entry.
    static func parseArgument(_ text: String) throws -> StaticResolveEntry {
        do { return try StaticResolveEntry(parsing: text) } catch { throw ArgumentRequirement("--resolve \(text): \(error)") }
    }
}
