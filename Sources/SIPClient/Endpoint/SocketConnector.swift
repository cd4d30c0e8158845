import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPCore

/// The real connector: a connected UDP socket, a TCP connection, or TCP plus a TLS handshake (libssl
/// behind `TLSHandler`). The deadline is enforced on the event loop, never by hoping an awaiting task
/// notices cancellation: the TCP connect timeout is NIO's, and a task scheduled at the deadline closes
/// a channel whose TLS handshake has not completed, which fails the handshake future.
///
/// UDP flows come from a `UDPFlowPool`: probes to the same server at the same time share one connected
/// socket, each with a lease of its own, and the socket closes once idle. A fixed local port is not pooled.
public struct SocketConnector: SIPConnector {
    public let udpFlows: UDPFlowPool

    public init(udpFlows: UDPFlowPool = UDPFlowPool()) {
        self.udpFlows = udpFlows
    }

    public func connect(to remote: SocketAddress, transport: SIPTransportKind, bind: SocketAddress?,
                        tls: (context: OpenSSLContext, serverName: String)?, deadline: NIODeadline,
                        on loop: any EventLoop) async throws(EndpointFailure) -> (connection: any SIPConnection, tls: TLSSessionReport?) {
        let remoteText = SocketConnector.text(remote)
        let left = deadline - loop.now
        guard left > .zero else {
            throw EndpointFailure(.timeout, stage: transport == .udp ? .transaction : .tcpConnect,
                                  detail: EndpointStage.tcpConnect.stallDetail, remoteAddress: remoteText)
        }
        do {
            switch transport {
            case .udp:
                // A fixed local port (`--bind HOST:PORT`) is not pooled: a socket kept open for other probes would
                // hold the port, and the next probe from it to another server could not bind.
                if let port = bind?.port, port != 0 {
                    return (try await UDPConnection.connect(to: remote, bind: bind, group: loop), nil)
                }
                return (try await udpFlows.lease(to: remote, bind: bind, on: loop), nil)
            case .tcp:
                return (try await StreamConnection.connect(to: remote, bind: bind, transport: .tcp, connectTimeout: left, group: loop), nil)
            case .tls:
                guard let tls else {
                    throw EndpointFailure(.tlsFailed, stage: .tlsHandshake, detail: "no TLS context", remoteAddress: remoteText)
                }
                return try await openTLS(remote: remote, bind: bind, tls: tls, deadline: deadline, left: left, loop: loop)
            }
        } catch let failure as EndpointFailure {
            throw failure
        } catch {
            let failure = TransportFailure(error: error)
            switch failure.kind {
            case .refused:
                throw EndpointFailure(.refused, stage: .tcpConnect, detail: failure.message, remoteAddress: remoteText)
            case .connectTimeout:
                throw EndpointFailure(.timeout, stage: .tcpConnect, detail: EndpointStage.tcpConnect.stallDetail, remoteAddress: remoteText)
            default:
                throw EndpointFailure(.transportError, stage: transport == .udp ? .transaction : .tcpConnect, detail: failure.message,
                                      remoteAddress: remoteText)
            }
        }
    }

    private func openTLS(remote: SocketAddress, bind: SocketAddress?, tls: (context: OpenSSLContext, serverName: String),
                         deadline: NIODeadline, left: TimeAmount, loop: any EventLoop) async throws -> (connection: any SIPConnection, tls: TLSSessionReport?) {
        let remoteText = SocketConnector.text(remote)
        let handshake = NIOLockedValueBox<EventLoopFuture<TLSSessionReport>?>(nil)
        let connection = try await StreamConnection.connect(
            to: remote, bind: bind, transport: .tls, connectTimeout: left, group: loop,
            security: { channel in
                let promise = channel.eventLoop.makePromise(of: TLSSessionReport.self)
                try channel.pipeline.syncOperations.addHandler(
                    TLSHandler(client: tls.context, serverName: tls.serverName, handshakePromise: promise))
                handshake.withLockedValue { $0 = promise.futureResult }
            })
        guard let future = handshake.withLockedValue({ $0 }) else {
            _ = connection.close()
            throw EndpointFailure(.tlsFailed, stage: .tlsHandshake, detail: "the TLS layer was not installed", remoteAddress: remoteText)
        }
        // The deadline, on the loop: closing the channel fails the handshake future (TLSHandler), so the
        // await below returns even when the peer never says a word. The timer is cancelled on the same
        // loop when the handshake completes, so it cannot close a flow that completed first.
        let expired = NIOLockedValueBox(false)
        let timer = connection.eventLoop.scheduleTask(deadline: deadline) {
            expired.withLockedValue { $0 = true }
            connection.channel.close(promise: nil)
        }
        future.whenComplete { _ in timer.cancel() }
        let interrupted = NIOLockedValueBox(false)
        do {
            return (connection, try await withTaskCancellationHandler {
                try await future.get()
            } onCancel: {
                // Interrupted (SIGINT/SIGTERM cancel the probe's task): a handshake that may never complete is
                // ended now, the same way the deadline ends it, not left to the deadline.
                interrupted.withLockedValue { $0 = true }
                connection.channel.close(promise: nil)
            })
        } catch let error as TLSError {
            _ = connection.close()
            throw EndpointFailure(.tlsFailed, stage: .tlsHandshake,
                                  detail: "\(error.failure.rawValue): \(error.failure.explanation) (\(error.openSSLError))",
                                  remoteAddress: remoteText, tls: error.report, tlsFailure: error.failure)
        } catch {
            _ = connection.close()
            if interrupted.withLockedValue({ $0 }) {
                throw EndpointFailure(.timeout, stage: .tlsHandshake, detail: "interrupted during the TLS handshake", remoteAddress: remoteText)
            }
            if expired.withLockedValue({ $0 }) {
                throw EndpointFailure(.timeout, stage: .tlsHandshake, detail: EndpointStage.tlsHandshake.stallDetail, remoteAddress: remoteText)
            }
            throw EndpointFailure(.tlsFailed, stage: .tlsHandshake,
                                  detail: "protocol_error: the connection closed during the TLS handshake",
                                  remoteAddress: remoteText, tlsFailure: .protocolError)
        }
    }

    /// `host:port`, IPv6 in brackets, as reports print addresses.
    static func text(_ address: SocketAddress) -> String {
        HostPort.join(host: address.ipAddress ?? "?", port: address.port)
    }
}
