import ArgumentParser
import SIPClient
import SIPCore

/// `responder --listen TRANSPORT:ADDRESS:PORT`.
extension ResponderEndpoint: ExpressibleByArgument {
    public init?(argument: String) {
        guard let parsed = try? ResponderEndpoint(parsing: argument) else { return nil }
        self = parsed
    }

    /// For `@Option(transform:)`: the parser's own reason.
    static func parseArgument(_ text: String) throws -> ResponderEndpoint {
        do { return try ResponderEndpoint(parsing: text) } catch {
            throw ArgumentRequirement("must be TRANSPORT:ADDRESS:PORT with a numeric address, e.g. udp:127.0.0.1:5060 (\(error.message))")
        }
    }
}
