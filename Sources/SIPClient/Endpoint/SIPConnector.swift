import NIOCore
import SIPCore

/// Opens the transport to one address before a deadline: the seam between the endpoint and sockets.
/// `SocketConnector` is the real one; tests plug in a loopback double with discard, fail and delay
/// switches.
public protocol SIPConnector: Sendable {
    /// - Parameters:
    ///   - tls: the context and the expected server name, for `.tls`.
    ///   - deadline: on `loop`'s clock; every stage (TCP connect, TLS handshake) must end by it.
    func connect(to remote: SocketAddress, transport: SIPTransportKind, bind: SocketAddress?,
                 tls: (context: OpenSSLContext, serverName: String)?, deadline: NIODeadline,
                 on loop: any EventLoop) async throws(EndpointFailure) -> (connection: any SIPConnection, tls: TLSSessionReport?)
}
