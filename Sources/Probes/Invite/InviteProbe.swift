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
        var requestURI = configuration.target.uri
        requestURI.user = configuration.to
        return ProbeRoute(settings: configuration.settings, check: "invite", requestURI: requestURI.description)
    }

    /// Locates the servers (RFC 3263) and tries them in order through the endpoint like `OptionsProbe`;
    /// each attempt is a whole INVITE exchange with its own Call-ID.
    public func run() async -> ProbeReport {
        await route.send(through: endpoint, exchange: { flow in await attempt(on: flow) }, conclude: conclude)
    }

    /// `--each-server`: one INVITE attempt to every server the resolution yields, each with its own report.
    public func runEachServer() async -> [ProbeReport] {
        await route.sendEachServer(through: endpoint, exchange: { flow in await attempt(on: flow) }, conclude: conclude)
    }

    private func conclude(_ report: ProbeReport, _ verdict: Verdict, _ detail: String?) -> ProbeReport {
        finish(report, verdict: verdict, detail: detail, credentialsGiven: configuration.credentials != nil)
    }

    /// One INVITE exchange on a flow the endpoint opened to one located server (and closes afterwards).
    func attempt(on flow: EndpointFlow) async -> ProbeReport {
        let target = route.target(for: flow.server)
        var requestURI = target.uri
        requestURI.user = configuration.to
        var report = ProbeReport.blank(check: "invite", target: configuration.target.input, requestURI: requestURI.description, transport: target.transport,
            remoteAddress: flow.connection.remoteAddress.reportText)
        // One deadline for the whole attempt, clean-up included: the INVITE stops waiting for a final
        // answer early enough that the CANCEL's 487 (or the ACK and BYE of a 2xx) can still be waited for
        // before it (`cleanupReserve`).
        let deadline = ContinuousClock.now + .nanoseconds(flow.remaining.nanoseconds)
        let reserve = Self.cleanupReserve(total: .nanoseconds(flow.remaining.nanoseconds), grace: configuration.cleanupGrace)
        let connection = flow.connection
        report.connectMs = flow.connectTime?.milliseconds
        report.tls = flow.tls
        report.localAddress = connection.localAddress.map(\.reportText)

        let factory = ProbeRequestFactory(target: target, local: connection.localAddress, from: configuration.from,
                                          userAgent: configuration.userAgent)
        report.callID = factory.callID
        let layer = flow.layer
        var answerer = ChallengeAnswerer(credentials: configuration.credentials)
        var authorization: (name: String, value: String)?
        var cseq: UInt32 = 1
        var outcome: InviteAttempt.Result?
        var final: SIPResponse?
        var provisionalAfterAuth: SIPResponse?

        var hangUpProblem: String?
        var cleanupStalled = false

        // At most: the first INVITE, one with credentials, one more after stale=true (RFC 7616 §3.3).
        for _ in 0..<3 {
            // Interrupted (SIGINT/SIGTERM cancel the task): send no further INVITE.
            if Task.isCancelled { break }
            var extra: SIPHeaders = [("Content-Type", "application/sdp"), ("Allow", "INVITE, ACK, CANCEL, BYE, OPTIONS")]
            if let authorization { extra.add(authorization.name, authorization.value) }
            let invite = factory.request(method: "INVITE", cseq: cseq, requestURI: requestURI, extra: extra,
                                         body: Self.sdpOffer(host: factory.localHost))
            let remaining = max(deadline - ContinuousClock.now, .milliseconds(1))
            let ringing = max(remaining - reserve, .milliseconds(1))
            let attempt = InviteAttempt(invite: invite, layer: layer, timers: configuration.timers,
                                        deadline: TimeAmount(ringing), cancelGrace: TimeAmount(configuration.cleanupGrace),
                                        end: TimeAmount(remaining))
            // Cancellation does not abandon the call: it makes the attempt CANCEL (or wait briefly for
            // something to CANCEL or ACK), and the code below still ACKs and BYEs a 2xx.
            let run = await withTaskCancellationHandler {
                try? await attempt.run().get()
            } onCancel: {
                attempt.interrupt()
            }
            guard let result = run else { break }
            outcome = result
            report.retransmissions += result.invite.retransmissions
            if authorization != nil, let p = result.firstProvisional { provisionalAfterAuth = p }
            guard case .response(let response) = result.invite.outcome else { break }
            final = response
            if (200..<300).contains(response.statusCode) {
                // A 2xx, perhaps racing our CANCEL: the call is up. ACK it, then hang up (§13.2.2.4, §15.1.1).
                (hangUpProblem, cleanupStalled) = await hangUp(invite: invite, ok: response, factory: factory, layer: layer,
                                                               cseq: cseq + 1, deadline: deadline)
                break
            }
            if Task.isCancelled { break }
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
            if Task.isCancelled {
                return finish(report, verdict: .timeout, detail: "interrupted before an INVITE was sent", credentialsGiven: configuration.credentials != nil)
            }
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
        var verdict = classify(final: final, provisional: provisionalAfterAuth ?? outcome.firstProvisional, outcome: outcome,
                               sentCredentials: answerer.sentCredentials, challengedFirst: answerer.challengedBeforeCredentials)
        var detail: String?
        if case .transportError(let message) = outcome.invite.outcome { detail = message }
        if configuration.credentials != nil, let why = answerer.unanswerable, final.map({ [401, 407].contains($0.statusCode) }) ?? false {
            verdict = .authUnsupported
            detail = why.reason
        }
        if let hangUpProblem {
            // The call may still be up: that outranks what the 2xx said about reachability or credentials.
            if verdict == .authOK { report.ignored.append("the credentials were accepted (2xx after them)") }
            verdict = .hangupFailed
            detail = hangUpProblem
            if cleanupStalled { report.stalledStage = .cleanup }
        }
        if outcome.cancelSent && final?.statusCode != 487 && !(final.map { (200..<300).contains($0.statusCode) } ?? false) {
            report.ignored.append("no 487 arrived after the CANCEL before the deadline")
            if Self.endedAtDeadline(deadline) { report.stalledStage = .cleanup }
        }
        if verdict == .timeout, report.stalledStage == nil, !Task.isCancelled {
            // Connected, INVITE sent, no final response by the deadline: the transaction stalled, as
            // `OptionsProbe` reports it (docs/verdicts.md, "Which stage stalled").
            report.stalledStage = .transaction
        }
        if verdict == .timeout { report.noteIncompleteMessage(on: connection) }
        var finished = finish(report, verdict: verdict, detail: detail, credentialsGiven: configuration.credentials != nil)
        if verdict == .authUnsupported, let why = answerer.unanswerable { finished.hint = why.hint }
        if outcome.cancelSent, let ringing = provisionalAfterAuth ?? outcome.firstProvisional,
           [.authOK, .noChallenge].contains(verdict) {
            // The final (487) is our own CANCEL's doing; the provisional is what the server decided.
            finished.explanation += "; it answered \(ringing.statusCode) \(ringing.reason) and trunkprobe cancelled the call at once"
        }
        return finished
    }

    /// Maps what happened to one verdict (docs/invite.md).
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

    /// ACKs a 2xx and sends BYE (RFC 3261 §13.2.2.4, §15.1.1); returns why the call may not have ended, or
    /// nil when the BYE got a 2xx. Both go to the 2xx's Contact (the remote target, §12.1.2); when that is
    /// missing or unusable they go to the Request-URI over the same connection, the best left to do, and
    /// the result says so. The wait for the BYE's answer is `cleanupGrace` cut at the probe's deadline (at
    /// least 0.1 s, so a 2xx just before the deadline still has its BYE heard), or `InviteAttempt.interruptGrace`
    /// once the probe is interrupted.
    private func hangUp(invite: SIPRequest, ok: SIPResponse, factory: ProbeRequestFactory, layer: TransactionLayer,
                        cseq: UInt32, deadline: ContinuousClock.Instant) async -> (problem: String?, stalledAtDeadline: Bool) {
        let via = factory.via()
        var ack = invite.ackFor2xx(ok, branch: ProbeRequestFactory.newBranch(), via: via)
        var bye = invite.bye(after: ok, branch: ProbeRequestFactory.newBranch(), via: via, cseq: cseq)
        var contactProblem: String?
        if let target = ok.remoteTarget {
            let lower = target.lowercased()
            if !(lower.hasPrefix("sip:") || lower.hasPrefix("sips:")) || (try? ack.serialized()) == nil {
                contactProblem = "the \(ok.statusCode)'s Contact '\(target)' is not a usable SIP URI"
            }
        } else {
            contactProblem = "the \(ok.statusCode) has no Contact (RFC 3261 §12.1.2 requires one)"
        }
        if contactProblem != nil {
            ack.uri = invite.uri
            bye.uri = invite.uri
        }
        // The BYE's answer is waited for until the probe's deadline (a 2xx can arrive just before it; the
        // ACK and BYE are still sent, and a BYE left unanswered at the deadline is reported as such).
        let left = max(deadline - ContinuousClock.now, .milliseconds(100))
        let grace = Task.isCancelled ? InviteAttempt.interruptGrace : TimeAmount(min(configuration.cleanupGrace, left))
        let runner = NonInviteTransactionRunner(request: bye, layer: layer, timers: configuration.timers, deadline: grace)
        let result = await withTaskCancellationHandler {
            try? await layer.eventLoop.flatSubmit {
                layer.sendStateless(ack)
                return runner.run()
            }.get()
        } onCancel: {
            // Interrupted while waiting for the BYE's answer: wait at most the short grace.
            layer.eventLoop.scheduleTask(in: InviteAttempt.interruptGrace) { runner.abandon() }
        }
        runner.shutdown()
        let byeProblem: String?
        var stalled = false
        switch result?.outcome {
        case .response(let answer)? where (200..<300).contains(answer.statusCode):
            byeProblem = nil
        case .response(let answer)?:
            byeProblem = "the BYE was answered \(answer.statusCode) \(answer.reason)"
        case .transportError(let message)?:
            byeProblem = "the BYE could not be sent: \(message)"
        case .timeout?, .deadline?:
            stalled = Self.endedAtDeadline(deadline)
            byeProblem = "the BYE got no answer within \(Int(grace.milliseconds)) ms" + (stalled ? " (\(EndpointStage.cleanup.stallDetail))" : "")
        case nil:
            byeProblem = "the BYE could not be built"
        }
        switch (contactProblem, byeProblem) {
        case (nil, nil): return (nil, false)
        case (let c?, nil): return (c + "; ACK and BYE went to the Request-URI instead and the BYE was answered 2xx", false)
        case (nil, let b?): return (b, stalled)
        case (let c?, let b?): return (c + "; ACK and BYE went to the Request-URI instead, and " + b, stalled)
        }
    }

    /// How much of an attempt's time is kept for the clean-up (waiting for the CANCEL's 487 or the BYE's
    /// answer): `cleanupGrace`, but at most a quarter of the time, so that a short `--timeout` still leaves
    /// most of it to the INVITE itself.
    static func cleanupReserve(total: Duration, grace: Duration) -> Duration {
        max(min(grace, total / 4), .zero)
    }

    /// A clean-up wait that ended at the probe's deadline (within the timers' slack) rather than by an
    /// interruption: the stage that stalled is the clean-up.
    private static func endedAtDeadline(_ deadline: ContinuousClock.Instant) -> Bool {
        !Task.isCancelled && ContinuousClock.now >= deadline - .milliseconds(50)
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
