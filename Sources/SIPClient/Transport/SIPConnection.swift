import NIOCore
import SIPCore

/// One transport flow to one remote address: a UDP socket or a TCP/TLS connection.
///
/// Implementations are confined to `eventLoop`: `eventHandler` is set and called there, and `send`
/// may be called from anywhere (it hops). This is the seam the transaction layer talks to, and the
/// one tests replace with an in-memory double on an `EmbeddedEventLoop`.
public protocol SIPConnection: AnyObject, Sendable {
    var eventLoop: any EventLoop { get }
    var transport: SIPTransportKind { get }
    var localAddress: SocketAddress? { get }
    var remoteAddress: SocketAddress { get }
    /// Receives every inbound event on `eventLoop`. Set it before the first `send`.
    var eventHandler: (@Sendable (TransportEvent) -> Void)? { get set }
    func send(_ bytes: [UInt8]) -> EventLoopFuture<Void>
    func close() -> EventLoopFuture<Void>
    /// The transaction layer on this connection started a client transaction with this top Via branch.
    /// A socket shared by several layers (`UDPFlowLease`) routes responses to the layer that owns their
    /// branch (RFC 3261 §17.1.3); a connection of its own ignores it. Called on `eventLoop`.
    func transactionStarted(branch: String)
    /// No transaction of the layer uses `branch` any more. Called on `eventLoop`.
    func transactionEnded(branch: String)
}

extension SIPConnection {
    public func transactionStarted(branch: String) {}
    public func transactionEnded(branch: String) {}
}
