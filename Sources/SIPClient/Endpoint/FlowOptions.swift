import NIOCore
import SIPCore

/// How the endpoint opens a flow to a located server: the local address to send from and, for TLS,
/// the client configuration and the name the certificate must carry.
public struct FlowOptions: Sendable {
    /// `--bind HOST[:PORT]`.
    public var bindHost: String?
    public var bindPort: Int?
    /// The client TLS configuration; nil uses the defaults (system trust store, verification on).
    public var tls: TLSConfiguration?
    /// The name for SNI and the certificate check, given the host the server was located under
    /// (the SRV target or the URI host; RFC 5922 §4 prefers the SIP domain).
    public var tlsServerName: @Sendable (_ serverHost: String) -> String

    public init(bindHost: String? = nil, bindPort: Int? = nil, tls: TLSConfiguration? = nil,
                tlsServerName: @escaping @Sendable (_ serverHost: String) -> String = { $0 }) {
        self.bindHost = bindHost
        self.bindPort = bindPort
        self.tls = tls
        self.tlsServerName = tlsServerName
    }

    /// The local address to bind for a flow to `remote`, or nil for "any".
    func bindAddress(for remote: SocketAddress) throws -> SocketAddress? {
        if let bindHost { return try SocketAddress(ipAddress: bindHost, port: bindPort ?? 0) }
        if let bindPort { return try SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: bindPort) }
        return nil
    }
}
