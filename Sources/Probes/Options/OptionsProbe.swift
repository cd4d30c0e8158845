import Foundation
import Logging
import NIOCore
import NIOPosix
import SIPClient
import SIPCore

/// Sends one OPTIONS (RFC 3261 §11) to a target through the `SIPEndpoint` and reports what came back and
/// what it means: a request plus a classification.
public struct OptionsProbe: Sendable {
    /// What every probe needs to reach its target: see `ProbeSettings`.
    public typealias Configuration = ProbeSettings

    public let configuration: Configuration
    public let policy: VerdictPolicy
    private let endpoint: SIPEndpoint
    private let logger: Logger

    /// - Parameter endpoint: the endpoint to send through; nil uses the shared one on `group`.
    public init(configuration: Configuration, policy: VerdictPolicy = .default,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, endpoint: SIPEndpoint? = nil, logger: Logger) {
        self.configuration = configuration
        self.policy = policy
        self.endpoint = endpoint ?? SIPEndpoint.on(group, logger: logger)
        self.logger = logger
    }

    private var route: ProbeRoute {
        ProbeRoute(settings: configuration, check: "options", requestURI: configuration.target.uri.description)
    }

    /// Locates the servers (RFC 3263) and probes them in order through the endpoint, moving on after a
    /// timeout, a transport failure or a 503 (§4.3, `StatusKnowledge`); an answer only after fail-over is
    /// WARNING.
    public func run() async -> ProbeReport {
        await route.send(through: endpoint, exchange: { flow in await exchange(on: flow) }) { finish($0, verdict: $1, detail: $2) }
    }

    /// `--each-server`: one probe of every server the resolution yields, each with its own report and
    /// its own deadline, whatever the others answered. A failed location gives one report.
    public func runEachServer() async -> [ProbeReport] {
        await route.sendEachServer(through: endpoint, exchange: { flow in await exchange(on: flow) }) { finish($0, verdict: $1, detail: $2) }
    }

    /// One OPTIONS exchange on a flow the endpoint opened to one located server.
    func exchange(on flow: EndpointFlow) async -> ProbeReport {
        let target = route.target(for: flow.server)
        let connection = flow.connection
        var report = route.blank(transport: target.transport, remoteAddress: connection.remoteAddress.reportText,
                                 requestURI: target.uri.description)
        report.connectMs = flow.connectTime?.milliseconds
        report.tls = flow.tls
        let local = connection.localAddress
        report.localAddress = local.map(\.reportText)

        // 3. An OPTIONS transaction, bounded by what is left of the deadline; a 401/407 is answered with
        //    credentials when given (same Call-ID, CSeq+1, new branch: RFC 3261 §8.1.3.5, §22.2).
        let factory = ProbeRequestFactory(target: target, local: local, from: configuration.from, userAgent: configuration.userAgent)
        report.callID = factory.callID
        let layer = flow.layer
        var answerer = ChallengeAnswerer(credentials: configuration.credentials)
        var extra: SIPHeaders = [("Accept", "application/sdp")]
        var result: NonInviteTransactionRunner.Result?
        for cseq in UInt32(1)...3 {
            // Interrupted (SIGINT/SIGTERM cancel the task): no further request.
            if Task.isCancelled { break }
            let request = factory.request(method: "OPTIONS", cseq: cseq, extra: extra)
            let runner = NonInviteTransactionRunner(request: request, layer: layer, timers: configuration.timers,
                                                    deadline: flow.remaining)
            do {
                // An OPTIONS leaves nothing up to clean: on cancellation the transaction just stops waiting.
                result = try await withTaskCancellationHandler {
                    try await runner.run().get()
                } onCancel: {
                    runner.layer.eventLoop.execute { runner.abandon() }
                }
            } catch {
                return finish(report, verdict: .transportError, detail: "could not build the request: \(error)")
            }
            runner.shutdown()
            report.retransmissions += result?.retransmissions ?? 0
            guard !Task.isCancelled, case .response(let response)? = result?.outcome,
                  let authorization = answerer.answer(response, method: "OPTIONS", uri: request.uri) else { break }
            extra = [("Accept", "application/sdp"), (authorization.name, authorization.value)]
        }
        guard let result else {
            return finish(report, verdict: .transportError, detail: Task.isCancelled ? "interrupted before a request was sent" : "no request was sent")
        }
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
            if configuration.credentials != nil, [401, 407].contains(response.statusCode), let why = answerer.unanswerable {
                // Credentials were given to be tested and the challenge could not be answered.
                var r = finish(report, verdict: .authUnsupported, detail: why.reason)
                r.hint = why.hint
                return r
            }
            return finish(report, verdict: verdict, detail: nil)
        case .timeout, .deadline:
            report.stalledStage = .transaction
            report.noteIncompleteMessage(on: connection)
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
