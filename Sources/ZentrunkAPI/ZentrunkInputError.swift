/// A request refused locally, before anything was sent, because it breaks a rule the API enforces
/// (docs/api.md). The CLI reports it as bad input (exit 3), not as an API failure.
public struct ZentrunkInputError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The field or flag at fault, in API spelling (`primary_uri_uuid`, `end_time__lte`).
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    public var description: String { "\(field): \(message)" }
}
