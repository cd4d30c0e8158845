/// How much the responder gives any peer: it is a server reachable by strangers, so every resource a
/// client can hold (a connection, a socket that never speaks, a handshake that never ends) is bounded.
public struct ResponderLimits: Sendable, Equatable {
    /// Open TCP/TLS connections at most, over all stream listeners; the next one is accepted and closed
    /// at once, and the connections already open are served as before.
    public var maximumConnections: Int
    /// A connection that reads nothing for this long is closed; so is one that has not completed a SIP
    /// message (a TLS handshake included) this long after it opened.
    public var idleTimeout: Duration
    /// Pending TCP connections the kernel queues before they are accepted (listen(2) backlog).
    public var backlog: Int

    public init(maximumConnections: Int = 256, idleTimeout: Duration = .seconds(60), backlog: Int = 128) {
        self.maximumConnections = maximumConnections
        self.idleTimeout = idleTimeout
        self.backlog = backlog
    }
}
