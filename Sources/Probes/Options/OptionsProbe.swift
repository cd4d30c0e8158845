import Foundation
import Logging
import NIOCore
import NIOPosix
import SIPClient
import SIPCore

/// Sends one OPTIONS (RFC 3261 §11) to a target and reports what came back and what it means.
public struct OptionsProbe: Sendable {
    public struct Configuration: Sendable {
        public var target: ProbeTarget
        /// Deadline of one attempt (resolution, connection and transaction together).
        public var timeout: Duration
        /// Local address (and port) to send from.
        public var bindHost: String?
        public var bindPort: Int?
        /// From URI; defaults to `sip:trunkprobe@<local address>`.
        public var from: String?
        public var userAgent: String
        public var timers: SIPTimers
        /// Inserts TLS into the stream pipeline; required for `transport == .tls`.
        public var security: StreamConnection.SecurityLayer?

        public init(target: ProbeTarget, timeout: Duration = .seconds(5), bindHost: String? = nil, bindPort: Int? = nil,
                    from: String? = nil, userAgent: String = "trunkprobe", timers: SIPTimers = .rfc3261,
                    security: StreamConnection.SecurityLayer? = nil) {
            self.target = target
            self.timeout = timeout
            self.bindHost = bindHost
            self.bindPort = bindPort
            self.from = from
            self.userAgent = userAgent
            self.timers = timers
            self.security = security
        }
    }

    public let configuration: Configuration
    public let policy: VerdictPolicy
    private let group: any EventLoopGroup
    private let logger: Logger

    public init(configuration: Configuration, policy: VerdictPolicy = .default,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        self.configuration = configuration
        self.policy = policy
        self.group = group
        self.logger = logger
    }

    public func run() async -> ProbeReport {
        let target = configuration.target
        var report = ProbeReport(
            target: target.input, requestURI: target.uri.description, transport: target.transport,
            remoteAddress: nil, localAddress: nil, verdict: .timeout, status: .critical, statusCode: nil, reason: nil,
            rttMs: nil, dnsMs: nil, connectMs: nil, retransmissions: 0, tls: nil, headers: [:], nat: nil,
            asymmetricSource: nil, exchange: [], ignored: [], callID: nil, explanation: "", hint: "", timestamp: Date())
        let started = ContinuousClock.now
        func remaining() -> Duration { configuration.timeout - (ContinuousClock.now - started) }

        // 1. Resolve (A/AAAA; NAPTR/SRV are the RFC 3263 issue's).
        let remote: SocketAddress
        do {
            let dnsStart = ContinuousClock.now
            remote = try await withDeadline(remaining()) {
                try await SystemAddressResolver.resolve(host: target.host, port: target.port)
            }.first!
            if !target.uri.hostIsNumeric { report.dnsMs = (ContinuousClock.now - dnsStart).milliseconds }
        } catch {
            logger.debug("resolution failed", metadata: ["error": "\(error)"])
            return finish(report, verdict: error is DeadlineExceeded ? .timeout : .dnsFailed,
                          detail: error is DeadlineExceeded ? "resolution did not finish before the deadline" : "\(error)")
        }
        report.remoteAddress = Self.text(remote)

        // 2. Connect.
        let bind: SocketAddress?
        do {
            bind = try configuration.bindHost.map { try SocketAddress(ipAddress: $0, port: configuration.bindPort ?? 0) }
                ?? configuration.bindPort.map { try SocketAddress(ipAddress: remote.protocol == .inet6 ? "::" : "0.0.0.0", port: $0) }
        } catch {
            return finish(report, verdict: .transportError, detail: "cannot bind \(configuration.bindHost ?? ""): \(error)")
        }
        let connection: any SIPConnection
        let connectStart = ContinuousClock.now
        do {
            switch target.transport {
            case .udp:
                connection = try await UDPConnection.connect(to: remote, bind: bind, group: group)
            case .tcp, .tls:
                if target.transport == .tls && configuration.security == nil {
                    return finish(report, verdict: .tlsFailed, detail: "TLS is not available in this build")
                }
                let budget = max(remaining(), .milliseconds(1))
                connection = try await StreamConnection.connect(
                    to: remote, bind: bind, transport: target.transport, connectTimeout: TimeAmount(budget),
                    group: group, security: target.transport == .tls ? configuration.security : nil)
            }
        } catch {
            let failure = TransportFailure(error: error)
            logger.debug("connect failed", metadata: ["error": "\(failure)"])
            switch failure.kind {
            case .refused: return finish(report, verdict: .refused, detail: failure.message)
            case .connectTimeout: return finish(report, verdict: .timeout, detail: "the connection was not accepted before the deadline")
            default: return finish(report, verdict: .transportError, detail: failure.message)
            }
        }
        defer { _ = connection.close() }
        report.connectMs = target.transport == .udp ? nil : (ContinuousClock.now - connectStart).milliseconds
        let local = connection.localAddress
        report.localAddress = local.map(Self.text)

        // 3. One non-INVITE transaction, bounded by what is left of the deadline.
        let request = makeRequest(local: local, remote: remote)
        report.callID = request.headers.first("Call-ID")
        let runner = NonInviteTransactionRunner(
            request: request, connection: connection, timers: configuration.timers,
            deadline: TimeAmount(max(remaining(), .zero)))
        let result: NonInviteTransactionRunner.Result
        do {
            result = try await runner.run().get()
        } catch {
            return finish(report, verdict: .transportError, detail: "could not build the request: \(error)")
        }
        runner.shutdown()
        report.retransmissions = result.retransmissions
        report.exchange = result.exchange.map {
            ProbeReport.ExchangeLine(direction: $0.direction.rawValue, message: $0.summary, atMs: ProbeReport.round($0.at.milliseconds))
        }
        report.ignored = result.ignored

        switch result.outcome {
        case .response(let response):
            report.statusCode = response.statusCode
            report.reason = response.reason
            report.rttMs = result.elapsed.milliseconds
            report.headers = Self.interestingHeaders(response)
            report.nat = Self.nat(response, local: local)
            if result.asymmetric { report.asymmetricSource = result.responseSource.map(Self.text) }
            return finish(report, verdict: policy.verdict(forStatus: response.statusCode), detail: nil)
        case .timeout, .deadline:
            return finish(report, verdict: .timeout, detail: nil)
        case .transportError(let message):
            let kind = result.transportFailure?.kind
            return finish(report, verdict: kind == .refused ? .refused : .transportError, detail: message)
        }
    }

    private func finish(_ report: ProbeReport, verdict: Verdict, detail: String?) -> ProbeReport {
        var r = report
        r.verdict = verdict
        r.status = policy.status(for: verdict, statusCode: r.statusCode)
        var explanation = policy.explanation(for: verdict, statusCode: r.statusCode, reason: r.reason, transport: r.transport)
        if let detail, ![.ok, .reachable, .refused].contains(verdict) { explanation += " (\(detail))" }
        if let source = r.asymmetricSource {
            explanation += "; the response came from \(source), not the address probed (asymmetric)"
        }
        r.explanation = explanation
        r.hint = policy.hint(for: verdict, statusCode: r.statusCode, transport: r.transport)
        return r
    }

    func makeRequest(local: SocketAddress?, remote: SocketAddress) -> SIPRequest {
        let target = configuration.target
        let localHost = local?.ipAddress ?? "127.0.0.1"
        let localPort = local?.port ?? 0
        let sentBy = HostPort.join(host: localHost, port: localPort)
        let branch = "z9hG4bK" + Self.token(16)  // RFC 3261 §8.1.1.7 magic cookie
        let from = configuration.from ?? "sip:trunkprobe@\(HostPort.join(host: localHost, port: nil))"
        var toURI = target.uri
        toURI.parameters = []
        let contactParams = target.transport == .udp ? "" : ";transport=\(target.transport.rawValue)"
        let contactScheme = target.uri.scheme.rawValue
        return SIPRequest(method: "OPTIONS", uri: target.uri.description, headers: [
            ("Via", "SIP/2.0/\(target.transport.viaToken) \(sentBy);branch=\(branch);rport"),
            ("Max-Forwards", "70"),
            ("From", "<\(from)>;tag=\(Self.token(10))"),
            ("To", "<\(toURI)>"),
            ("Call-ID", "\(Self.token(20))@\(HostPort.join(host: localHost, port: nil))"),
            ("CSeq", "1 OPTIONS"),
            ("Contact", "<\(contactScheme):trunkprobe@\(sentBy)\(contactParams)>"),
            ("Accept", "application/sdp"),
            ("User-Agent", configuration.userAgent),
        ])
    }

    static func interestingHeaders(_ response: SIPResponse) -> [String: String] {
        var out: [String: String] = [:]
        for name in ["Server", "User-Agent", "Allow", "Supported", "Warning", "Reason", "Retry-After", "Accept", "Contact"] {
            if let value = response.headers.joined(name) { out[name.lowercased()] = value }
        }
        return out
    }

    static func nat(_ response: SIPResponse, local: SocketAddress?) -> ProbeReport.NAT? {
        guard let via = response.topVia else { return nil }
        let received = via.received
        let rport = via.rport
        guard received != nil || rport != nil else { return ProbeReport.NAT(received: nil, rport: nil, natDetected: nil) }
        var detected: Bool?
        if let local, let localIP = local.ipAddress {
            let wildcard = localIP == "0.0.0.0" || localIP == "::"
            detected = (!wildcard && received.map { $0 != localIP } ?? false) || (rport.map { $0 != local.port } ?? false)
        }
        return ProbeReport.NAT(received: received, rport: rport, natDetected: detected)
    }

    static func text(_ address: SocketAddress) -> String {
        HostPort.join(host: address.ipAddress ?? "?", port: address.port)
    }

    static func token(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String((0..<length).map { _ in alphabet.randomElement()! })
    }
}

extension Duration {
    var milliseconds: Double {
        let (s, atto) = components
        return Double(s) * 1000 + Double(atto) / 1e15
    }
}
