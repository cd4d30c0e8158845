import ArgumentParser
import SIPClient

/// `--dns-server HOST[:PORT]`: a numeric address (IPv6 in brackets with a port). A malformed server is the
/// user's mistake (exit 3), never reported as the target's DNS failure.
extension DNSServerAddress: ExpressibleByArgument {
    public init?(argument: String) {
        guard let parsed = try? DNSServerAddress(parsing: argument) else { return nil }
        self = parsed
    }

    /// For `@Option(transform:)`: the parser's own reason, which starts with the flag.
    static func parseArgument(_ text: String) throws -> DNSServerAddress {
        do { return try DNSServerAddress(parsing: text) } catch { throw ArgumentRequirement(error.description) }
    }
}
