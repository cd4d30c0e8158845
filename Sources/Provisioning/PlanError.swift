/// A plan that cannot be used: bad YAML, an unknown key, a missing field, a dangling reference, a duplicate name.
/// Carries the line so the user can go straight to it.
public struct PlanError: Error, Sendable, CustomStringConvertible, Equatable {
    public var line: Int?
    public var message: String

    public init(line: Int?, _ message: String) {
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}
