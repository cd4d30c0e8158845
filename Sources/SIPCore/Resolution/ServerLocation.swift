/// The result of locating a server: the targets to try in order, and every query made on the way.
public struct ServerLocation: Sendable, Equatable {
    /// Try these in order; on a timeout, transport error or 503 move to the next (RFC 3263 §4.3).
    public var targets: [ResolvedTarget]
    /// Every DNS query, in the order made, with its outcome.
    public var queries: [ResolutionQuery]

    public init(targets: [ResolvedTarget], queries: [ResolutionQuery]) {
        self.targets = targets
        self.queries = queries
    }
}
