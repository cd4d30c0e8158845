import Foundation
import Logging
import NIOCore
import NIOPosix
import SIPClient
import SIPCore

/// Sends one OPTIONS (RFC 3261 §11) to a target and reports what came back and what it means.
public struct OptionsProbe: Sendable {
    /// What every probe needs to reach its target: see `ProbeSettings`.
    public typealias Configuration = ProbeSettings

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

    /// Locates the servers (RFC 3263) and probes them in order, moving on after a timeout, a transport
    /// failure or a 503 (§4.3), each attempt bounded by `timeout` and a transaction of its own.
    public func run() async -> ProbeReport {
        let target = configuration.target
        let empty = ProbeReport.blank(check: "options", target: target.input, requestURI: target.uri.description, transport: target.transport,
            remoteAddress: nil)
        var report = await TargetLocation.run(target, settings: configuration.resolution, timeout: configuration.timeout,
                                              emptyReport: empty) { attemptTarget, address, serverHost, timeout in
            await attempt(attemptTarget, remote: address, serverHost: serverHost, timeout: timeout)
        }
        if report.statusCode == nil && report.remoteAddress == nil {
            // Location itself failed: no attempt was made.
            let detail = report.ignored.popLast()
            return finish(report, verdict: report.verdict, detail: detail)
        }
        return report
    }

    /// One attempt to one located server.
    func attempt(_ target: ProbeTarget, remote: SocketAddress, serverHost: String, timeout: Duration) async -> ProbeReport {
        var report = ProbeReport.blank(check: "options", target: configuration.target.input, requestURI: target.uri.description, transport: target.transport,
            remoteAddress: remote.reportText)
        let started = ContinuousClock.now
        func remaining() -> Duration { timeout - (ContinuousClock.now - started) }
        let opened: ProbeConnection
        do {
            opened = try await ProbeConnection.open(
                target: target, remote: remote, deadline: started + timeout, bindHost: configuration.bindHost,
                bindPort: configuration.bindPort, tls: configuration.tls,
                tlsName: (configuration.tls ?? TLSClientSettings()).expectedName(domain: configuration.target.host, target: serverHost),
                group: group, logger: logger)
        } catch {
            report.tls = error.tls
            report.tlsFailure = error.tlsFailure
            return finish(report, verdict: error.verdict, detail: error.detail)
        }
        let connection = opened.connection
        defer { _ = connection.close() }
        report.connectMs = opened.connectMs
        report.tls = opened.tls
        let local = connection.localAddress
        report.localAddress = local.map(\.reportText)

        // 3. An OPTIONS transaction, bounded by what is left of the deadline; a 401/407 is answered with
        //    credentials when given (same Call-ID, CSeq+1, new branch: RFC 3261 §8.1.3.5, §22.2).
        let factory = ProbeRequestFactory(target: target, local: local, from: configuration.from, userAgent: configuration.userAgent)
        report.callID = factory.callID
        let layer = TransactionLayer(connection: connection)
        var answerer = ChallengeAnswerer(credentials: configuration.credentials)
        var extra: SIPHeaders = [("Accept", "application/sdp")]
        var result: NonInviteTransactionRunner.Result?
        for cseq in UInt32(1)...3 {
            let request = factory.request(method: "OPTIONS", cseq: cseq, extra: extra)
            let runner = NonInviteTransactionRunner(request: request, layer: layer, timers: configuration.timers,
                                                    deadline: TimeAmount(max(remaining(), .zero)))
            do {
                result = try await runner.run().get()
            } catch {
                return finish(report, verdict: .transportError, detail: "could not build the request: \(error)")
            }
            runner.shutdown()
            report.retransmissions += result?.retransmissions ?? 0
            guard case .response(let response)? = result?.outcome,
                  let authorization = answerer.answer(response, method: "OPTIONS", uri: request.uri) else { break }
            extra = [("Accept", "application/sdp"), (authorization.name, authorization.value)]
        }
        guard let result else { return finish(report, verdict: .transportError, detail: "no request was sent") }
        report.exchange = result.exchange.map {
            ProbeReport.ExchangeLine(direction: $0.direction.rawValue, message: $0.summary, atMs: ProbeReport.round($0.at.milliseconds),
                                     text: $0.text.map(TraceMessage.redacted))
        }
        report.ignored = result.ignored + answerer.problems
        report.auth = answerer.facts

        switch result.outcome {
        case .response(let response):
            report.statusCode = response.statusCode
            report.reason = response.reason
            report.rttMs = result.elapsed.milliseconds
            report.headers = Self.interestingHeaders(response)
            report.nat = Self.nat(response, local: local)
            if result.asymmetric { report.asymmetricSource = result.responseSource.map(\.reportText) }
            var verdict = policy.verdict(forStatus: response.statusCode)
            if answerer.sentCredentials && [401, 403, 407].contains(response.statusCode) { verdict = .authRejected }
            return finish(report, verdict: verdict, detail: nil)
        case .timeout, .deadline:
            return finish(report, verdict: .timeout, detail: nil)
        case .transportError(let message):
            let kind = result.transportFailure?.kind
            return finish(report, verdict: kind == .refused ? .refused : .transportError, detail: message)
        }
    }

    private func finish(_ report: ProbeReport, verdict: Verdict, detail: String?) -> ProbeReport {
        report.concluded(verdict, detail: detail, policy: policy)
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


}

extension Duration {
    var milliseconds: Double {
        let (s, atto) = components
        return Double(s) * 1000 + Double(atto) / 1e15
    }
}
