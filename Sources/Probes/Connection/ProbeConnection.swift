import Foundation
import Logging
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
        var dnsMs: Double?
    }

    let connection: any SIPConnection
    let remote: SocketAddress
    let dnsMs: Double?
    let connectMs: Double?

    /// Opens the transport of `target` to `remote` (already located) before `deadline`.
    static func open(
        target: ProbeTarget, remote: SocketAddress, deadline: ContinuousClock.Instant, bindHost: String?, bindPort: Int?,
        security: StreamConnection.SecurityLayer?, group: any EventLoopGroup, logger: Logger
    ) async throws(Failure) -> ProbeConnection {
        func remaining() -> Duration { deadline - ContinuousClock.now }
        let dnsMs: Double? = nil
        let remoteText = OptionsProbe.text(remote)
        let bind: SocketAddress?
        do {
            bind = try bindHost.map { try SocketAddress(ipAddress: $0, port: bindPort ?? 0) }
                ?? bindPort.map { try SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: $0) }
        } catch {
            throw Failure(verdict: .transportError, detail: "cannot bind \(bindHost ?? ""): \(error)", remoteAddress: remoteText, dnsMs: dnsMs)
        }
        let connectStart = ContinuousClock.now
        do {
            switch target.transport {
            case .udp:
                let c = try await UDPConnection.connect(to: remote, bind: bind, group: group)
                return ProbeConnection(connection: c, remote: remote, dnsMs: dnsMs, connectMs: nil)
            case .tcp, .tls:
                if target.transport == .tls && security == nil {
                    throw Failure(verdict: .tlsFailed, detail: "TLS is not available in this build", remoteAddress: remoteText, dnsMs: dnsMs)
                }
                let c = try await StreamConnection.connect(
                    to: remote, bind: bind, transport: target.transport,
                    connectTimeout: TimeAmount(max(remaining(), .milliseconds(1))),
                    group: group, security: target.transport == .tls ? security : nil)
                return ProbeConnection(connection: c, remote: remote, dnsMs: dnsMs,
                                       connectMs: (ContinuousClock.now - connectStart).milliseconds)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            let failure = TransportFailure(error: error)
            logger.debug("connect failed", metadata: ["error": "\(failure)"])
            switch failure.kind {
            case .refused: throw Failure(verdict: .refused, detail: failure.message, remoteAddress: remoteText, dnsMs: dnsMs)
            case .connectTimeout:
                throw Failure(verdict: .timeout, detail: "the connection was not accepted before the deadline", remoteAddress: remoteText, dnsMs: dnsMs)
            default: throw Failure(verdict: .transportError, detail: failure.message, remoteAddress: remoteText, dnsMs: dnsMs)
            }
        }
    }
}
