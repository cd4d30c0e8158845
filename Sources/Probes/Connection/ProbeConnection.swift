import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPClient
import SIPCore

/// Resolves a target and opens the transport to it, within a share of the probe's deadline: the part
/// every probe (OPTIONS, INVITE) shares before its first request.
struct ProbeConnection {
    /// Why no connection could be opened, already classified.
    struct Failure: Error {
        var verdict: Verdict
        var detail: String
        var remoteAddress: String?
        /// What TLS learnt before it failed (the certificate that did not verify), and why.
        var tls: TLSSessionReport? = nil
        var tlsFailure: TLSFailure? = nil
    }

    let connection: any SIPConnection
    let remote: SocketAddress
    let connectMs: Double?
    /// The TLS session, once its handshake completed.
    var tls: TLSSessionReport? = nil

    /// Opens the transport of `target` to `remote` (already located) before `deadline`.
    static func open(
        target: ProbeTarget, remote: SocketAddress, deadline: ContinuousClock.Instant, bindHost: String?, bindPort: Int?,
        tls: TLSClientSettings?, tlsName: String, group: any EventLoopGroup, logger: Logger
    ) async throws(Failure) -> ProbeConnection {
        func remaining() -> Duration { deadline - ContinuousClock.now }
        let remoteText = remote.reportText
        let bind: SocketAddress?
        do {
            bind = try bindHost.map { try SocketAddress(ipAddress: $0, port: bindPort ?? 0) }
                ?? bindPort.map { try SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: $0) }
        } catch {
            throw Failure(verdict: .transportError, detail: "cannot bind \(bindHost ?? ""): \(error)", remoteAddress: remoteText)
        }
        let connectStart = ContinuousClock.now
        do {
            switch target.transport {
            case .udp:
                let c = try await UDPConnection.connect(to: remote, bind: bind, group: group)
                return ProbeConnection(connection: c, remote: remote, connectMs: nil)
            case .tcp:
                let c = try await StreamConnection.connect(
                    to: remote, bind: bind, transport: .tcp, connectTimeout: TimeAmount(max(remaining(), .milliseconds(1))),
                    group: group)
                return ProbeConnection(connection: c, remote: remote, connectMs: (ContinuousClock.now - connectStart).milliseconds)
            case .tls:
                return try await openTLS(remote: remote, bind: bind, settings: tls ?? TLSClientSettings(), name: tlsName,
                                         deadline: deadline, connectStart: connectStart, group: group)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            let failure = TransportFailure(error: error)
            logger.debug("connect failed", metadata: ["error": "\(failure)"])
            switch failure.kind {
            case .refused: throw Failure(verdict: .refused, detail: failure.message, remoteAddress: remoteText)
            case .connectTimeout:
                throw Failure(verdict: .timeout, detail: "the connection was not accepted before the deadline", remoteAddress: remoteText)
            default: throw Failure(verdict: .transportError, detail: failure.message, remoteAddress: remoteText)
            }
        }
    }

    /// TCP, then the TLS handshake (libssl behind `TLSHandler`), both within the deadline.
    private static func openTLS(
        remote: SocketAddress, bind: SocketAddress?, settings: TLSClientSettings, name: String,
        deadline: ContinuousClock.Instant, connectStart: ContinuousClock.Instant, group: any EventLoopGroup
    ) async throws -> ProbeConnection {
        let remoteText = remote.reportText
        let context: OpenSSLContext
        do {
            context = try settings.makeContext()
        } catch {
            throw Failure(verdict: .tlsFailed, detail: "TLS configuration: \(error)", remoteAddress: remoteText)
        }
        let handshake = NIOLockedValueBox<EventLoopFuture<TLSSessionReport>?>(nil)
        let connection = try await StreamConnection.connect(
            to: remote, bind: bind, transport: .tls,
            connectTimeout: TimeAmount(max(deadline - ContinuousClock.now, .milliseconds(1))), group: group,
            security: { channel in
                let promise = channel.eventLoop.makePromise(of: TLSSessionReport.self)
                try channel.pipeline.syncOperations.addHandler(TLSHandler(client: context, serverName: name, handshakePromise: promise))
                handshake.withLockedValue { $0 = promise.futureResult }
            })
        guard let future = handshake.withLockedValue({ $0 }) else {
            _ = connection.close()
            throw Failure(verdict: .tlsFailed, detail: "the TLS layer was not installed", remoteAddress: remoteText)
        }
        do {
            let report = try await withDeadline(max(deadline - ContinuousClock.now, .zero)) { try await future.get() }
            var opened = ProbeConnection(connection: connection, remote: remote,
                                         connectMs: (ContinuousClock.now - connectStart).milliseconds)
            opened.tls = report
            return opened
        } catch let error as TLSError {
            _ = connection.close()
            throw Failure(verdict: .tlsFailed, detail: "\(error.failure.rawValue): \(error.failure.explanation) (\(error.openSSLError))",
                          remoteAddress: remoteText, tls: error.report, tlsFailure: error.failure)
        } catch is DeadlineExceeded {
            _ = connection.close()
            throw Failure(verdict: .timeout, detail: "the TLS handshake did not complete before the deadline", remoteAddress: remoteText)
        } catch {
            _ = connection.close()
            throw Failure(verdict: .tlsFailed, detail: "protocol_error: the connection closed during the TLS handshake",
                          remoteAddress: remoteText, tlsFailure: .protocolError)
        }
    }
}
