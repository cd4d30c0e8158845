import NIOCore
import SIPCore

/// One open flow to one located server, with the transaction layer on it and the deadline it must
/// finish by. The endpoint opens it, hands it to the caller's exchange, and closes it afterwards.
public struct EndpointFlow: Sendable {
    public let server: ResolvedTarget
    public let connection: any SIPConnection
    public let layer: TransactionLayer
    /// The attempt's deadline on `connection.eventLoop`'s clock.
    public let deadline: NIODeadline
    /// TCP (and TLS) set-up time; nil for UDP, which has no handshake.
    public let connectTime: TimeAmount?
    /// The TLS session, once its handshake completed.
    public let tls: TLSSessionReport?

    public init(server: ResolvedTarget, connection: any SIPConnection, deadline: NIODeadline, connectTime: TimeAmount?,
                tls: TLSSessionReport?) {
        self.server = server
        self.connection = connection
        self.layer = TransactionLayer(connection: connection)
        self.deadline = deadline
        self.connectTime = connectTime
        self.tls = tls
    }

    public var eventLoop: any EventLoop { connection.eventLoop }

    /// What is left of the deadline (zero once it passed): the bound to give a transaction.
    public var remaining: TimeAmount { max(deadline - eventLoop.now, .zero) }

    public func close() -> EventLoopFuture<Void> { connection.close() }
}
