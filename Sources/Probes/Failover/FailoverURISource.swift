/// The primary and fallback URIs of one inbound trunk.
public struct FailoverURIs: Sendable, Equatable {
    public var primary: String
    public var fallback: String?
    /// Where they came from, for messages (`--primary/--fallback`, `trunk 1234…`).
    public var origin: String

    public init(primary: String, fallback: String?, origin: String) {
        self.primary = primary
        self.fallback = fallback
        self.origin = origin
    }
}

/// Where `trunkprobe failover` gets its URIs: the command line, or (with `--trunk ID`) the inbound trunk's
/// `primary_uri_uuid` and `fallback_uri_uuid` resolved to origination URIs through the Zentrunk API.
/// The API-backed source plugs in here without touching the probe.
public protocol FailoverURISource: Sendable {
    func uris() async throws -> FailoverURIs
}

/// URIs given on the command line.
public struct StaticFailoverURIs: FailoverURISource {
    public let value: FailoverURIs
    public init(primary: String, fallback: String?) {
        value = FailoverURIs(primary: primary, fallback: fallback, origin: "--primary/--fallback")
    }
    public func uris() async throws -> FailoverURIs { value }
}
