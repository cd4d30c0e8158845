import Foundation
import Logging
import NIOCore
import NIOPosix
import SIPClient
import SIPCore

/// Sends an INVITE to a number through a trunk to check reachability, digest authentication and IP ACLs,
/// and always ends the call attempt cleanly (CANCEL, ACK, or ACK and BYE).
public struct InviteProbe: Sendable {
    /// The shared `ProbeSettings` plus what only an INVITE needs; shared fields read through directly
    /// (`configuration.target`).
    @dynamicMemberLookup
    public struct Configuration: Sendable {
        public var settings: ProbeSettings
        /// The number or user to call; it becomes the Request-URI's user part.
        public var to: String
        /// How long to wait for the 487 after a CANCEL, and for the BYE's answer.
        public var cleanupGrace: Duration

        public init(target: ProbeTarget, to: String, credentials: DigestCredentials? = nil, timeout: Duration = .seconds(5),
                    bindHost: String? = nil, bindPort: Int? = nil, from: String? = nil, userAgent: String = "trunkprobe",
                    timers: SIPTimers = .rfc3261, tls: TLSClientSettings? = nil,
                    cleanupGrace: Duration = .seconds(2)) {
            settings = ProbeSettings(target: target, timeout: timeout, bindHost: bindHost, bindPort: bindPort, from: from,
                                     userAgent: userAgent, credentials: credentials, timers: timers, tls: tls)
            self.to = to
            self.cleanupGrace = cleanupGrace
        }

        public subscript<Value>(dynamicMember keyPath: WritableKeyPath<ProbeSettings, Value>) -> Value {
            get { settings[keyPath: keyPath] }
            set { settings[keyPath: keyPath] = newValue }
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

    /// Locates the servers (RFC 3263) and tries them in order like `OptionsProbe`; each attempt is a whole
    /// INVITE exchange with its own Call-ID.
    public func run() async -> ProbeReport {
        let target = configuration.target
        var requestURI = target.uri
        requestURI.user = configuration.to
        let empty = ProbeReport.blank(check: "invite", target: target.input, requestURI: requestURI.description, transport: target.transport,
            remoteAddress: nil)
        var report = await TargetLocation.run(target, settings: configuration.resolution, timeout: configuration.timeout,
                                              emptyReport: empty) { attemptTarget, address, serverHost, timeout in
            await attempt(attemptTarget, remote: address, serverHost: serverHost, timeout: timeout)
        }
        if report.remoteAddress == nil {
            let detail = report.ignored.popLast()
            report = finish(report, verdict: report.verdict, detail: detail, credentialsGiven: configuration.credentials != nil)
        }
        return report
    }

    func attempt(_ target: ProbeTarget, remote: SocketAddress, serverHost: String, timeout: Duration) async -> ProbeReport {
        var requestURI = target.uri
        requestURI.user = configuration.to
        var report = ProbeReport.blank(check: "invite", target: configuration.target.input, requestURI: requestURI.description, transport: target.transport,
            remoteAddress: remote.reportText)
        let deadline = ContinuousClock.now + timeout
        let opened: ProbeConnection
        do {
            opened = try await ProbeConnection.open(
                target: target, remote: remote, deadline: deadline, bindHost: configuration.bindHost, bindPort: configuration.bindPort,
                tls: configuration.tls,
                tlsName: (configuration.tls ?? TLSClientSettings()).expectedName(domain: configuration.target.host, target: serverHost),
                group: group, logger: logger)
        } catch {
            report.tls = error.tls
            report.tlsFailure = error.tlsFailure
            return finish(report, verdict: error.verdict, detail: error.detail, credentialsGiven: configuration.credentials != nil)
        }
        let connection = opened.connection
        defer { _ = connection.close() }
        report.connectMs = opened.connectMs
        report.tls = opened.tls
        report.localAddress = connection.localAddress.map(\.reportText)

        let factory = ProbeRequestFactory(target: target, local: connection.localAddress, from: configuration.from,
                                          userAgent: configuration.userAgent)
        report.callID = factory.callID
        let layer = TransactionLayer(connection: connection)
        var answerer = ChallengeAnswerer(credentials: configuration.credentials)
        var authorization: (name: String, value: String)?
        var cseq: UInt32 = 1
        var outcome: InviteAttempt.Result?
        var final: SIPResponse?
        var provisionalAfterAuth: SIPResponse?

        // At most: the first INVITE, one with credentials, one more after stale=true (RFC 7616 §3.3).
        for _ in 0..<3 {
            var extra: SIPHeaders = [("Content-Type", "application/sdp"), ("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS")]
            if let authorization { extra.add(authorization.name, authorization.value) }
            let invite = factory.request(method: "INVITE", cseq: cseq, requestURI: requestURI, extra: extra,
                                         body: Self.sdpOffer(host: factory.localHost))
            let remaining = max(deadline - ContinuousClock.now, .milliseconds(1))
            let attempt = InviteAttempt(invite: invite, layer: layer, timers: configuration.timers,
                                        deadline: TimeAmount(remaining), cancelGrace: TimeAmount(configuration.cleanupGrace))
            guard let result = try? await attempt.run().get() else { break }
            outcome = result
            report.retransmissions += result.invite.retransmissions
            if authorization != nil, let p = result.firstProvisional { provisionalAfterAuth = p }
            guard case .response(let response) = result.invite.outcome else { break }
            final = response
            if (200..<300).contains(response.statusCode) {
                // A 2xx, perhaps racing our CANCEL: the call is up. ACK it, then hang up (§13.2.2.4, §15.1.1).
                await hangUp(invite: invite, ok: response, factory: factory, layer: layer, cseq: cseq + 1)
                break
            }
            guard let next = answerer.answer(response, method: "INVITE", uri: invite.uri) else { break }
            authorization = next
            cseq += 1
            final = nil
        }
        report.auth = answerer.facts
        report.ignored += answerer.problems
        report.exchange = layer.exchange.map {
            ProbeReport.ExchangeLine(direction: $0.direction.rawValue, message: $0.summary, atMs: ProbeReport.round($0.at.milliseconds),
                                     text: $0.text.map(TraceMessage.redacted))
        }
        report.ignored += layer.ignored
        guard let outcome else {
            return finish(report, verdict: .transportError, detail: "the INVITE could not be sent", credentialsGiven: configuration.credentials != nil)
        }
        if outcome.invite.asymmetric { report.asymmetricSource = outcome.invite.responseSource.map(\.reportText) }
        let shown = final ?? provisionalAfterAuth ?? outcome.firstProvisional
        if let shown {
            report.statusCode = shown.statusCode
            report.reason = shown.reason
            report.headers = OptionsProbe.interestingHeaders(shown)
            report.nat = OptionsProbe.nat(shown, local: connection.localAddress)
            report.rttMs = outcome.invite.elapsed.milliseconds
        }
        let verdict = classify(final: final, provisional: provisionalAfterAuth ?? outcome.firstProvisional, outcome: outcome,
                               sentCredentials: answerer.sentCredentials, challengedFirst: answerer.challengedBeforeCredentials)
        var detail: String?
        if case .transportError(let message) = outcome.invite.outcome { detail = message }
        if outcome.cancelSent && final?.statusCode != 487 && !(final.map { (200..<300).contains($0.statusCode) } ?? false) {
            report.ignored.append("no 487 arrived within \(configuration.cleanupGrace) after the CANCEL")
        }
        var finished = finish(report, verdict: verdict, detail: detail, credentialsGiven: configuration.credentials != nil)
        if outcome.cancelSent, let ringing = provisionalAfterAuth ?? outcome.firstProvisional,
           [.authOK, .noChallenge].contains(verdict) {
            // The final (487) is our own CANCEL's doing; the provisional is what the server decided.
            finished.explanation += "; it answered \(ringing.statusCode) \(ringing.reason) and trunkprobe cancelled the call at once"
        }
        return finished
    }

    /// Maps what happened to one verdict (issue 5; docs/invite.md).
    func classify(final: SIPResponse?, provisional: SIPResponse?, outcome: InviteAttempt.Result,
                  sentCredentials: Bool, challengedFirst: Bool) -> Verdict {
        let code = final?.statusCode
        if sentCredentials {
            if let code, code == 401 || code == 407 || code == 403 { return .authRejected }
            if code != nil || provisional != nil { return .authOK }
        } else if let code {
            if code == 403 { return .aclRejected }
            if code == 401 || code == 407 { return .reachable }  // challenged, and no credentials to answer with
        }
        if !challengedFirst, !sentCredentials {
            if let code {
                if code == 408 || code >= 500 && code != 501 { return .errorResponse }
                return .noChallenge
            }
            if provisional != nil { return .noChallenge }
        }
        switch outcome.invite.outcome {
        case .transportError: return outcome.invite.transportFailure?.kind == .refused ? .refused : .transportError
        default: return code.map { policy.verdict(forStatus: $0) } ?? .timeout
        }
    }

    private func hangUp(invite: SIPRequest, ok: SIPResponse, factory: ProbeRequestFactory, layer: TransactionLayer, cseq: UInt32) async {
        let via = factory.via()
        let ack = invite.ackFor2xx(ok, branch: ProbeRequestFactory.newBranch(), via: via)
        let bye = invite.bye(after: ok, branch: ProbeRequestFactory.newBranch(), via: via, cseq: cseq)
        let runner = NonInviteTransactionRunner(request: bye, layer: layer, timers: configuration.timers,
                                                deadline: TimeAmount(configuration.cleanupGrace))
        _ = try? await layer.eventLoop.flatSubmit {
            layer.sendStateless(ack)
            return runner.run()
        }.get()
        runner.shutdown()
    }

    private func finish(_ report: ProbeReport, verdict: Verdict, detail: String?, credentialsGiven: Bool) -> ProbeReport {
        var r = report.concluded(verdict, detail: detail, policy: policy, credentialsGiven: credentialsGiven)
        if verdict == .reachable, let code = r.statusCode, code == 401 || code == 407 {
            // The policy's wording is about OPTIONS; for an INVITE the next step is to give credentials.
            r.explanation = "the server challenged the INVITE (\(code)); give --username and a password to test the credentials"
            r.applyTLSFacts()
        }
        return r
    }

    /// A minimal offer: G.711 only (what Zentrunk carries), port 9 (discard) since no media is sent.
    static func sdpOffer(host: String) -> [UInt8] {
        let family = host.contains(":") ? "IP6" : "IP4"
        let sdp = "v=0\r\no=trunkprobe 0 0 IN \(family) \(host)\r\ns=trunkprobe\r\nc=IN \(family) \(host)\r\nt=0 0\r\n"
            + "m=audio 9 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=sendrecv\r\n"
        return Array(sdp.utf8)
    }
}
