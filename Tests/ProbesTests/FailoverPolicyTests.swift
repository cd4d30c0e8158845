import Testing
@testable import Probes

/// Every cell of the failover table: how each URI's verdict classifies, and how two legs combine.
@Suite struct FailoverPolicyTests {
    let policy = FailoverPolicy()

    @Test("answers: ok and reachable (a SIP server that would take the call)", arguments: [
        (Verdict.ok, 200), (.reachable, 404), (.reachable, 403), (.reachable, 405), (.reachable, 486),
    ])
    func answers(_ verdict: Verdict, _ code: Int) {
        #expect(policy.leg(verdict: verdict, statusCode: code) == .answers)
    }

    @Test("failover-eligible by default: timeout, transport failures, DNS, TLS, 503", arguments: [
        (Verdict.timeout, nil as Int?, "timeout"), (.refused, nil, "refused"), (.transportError, nil, "transport_error"),
        (.dnsFailed, nil, "dns_failed"), (.tlsFailed, nil, "tls_failed"), (.errorResponse, 503, "503"),
    ])
    func eligible(_ verdict: Verdict, _ code: Int?, _ cause: String) {
        #expect(policy.leg(verdict: verdict, statusCode: code) == .eligibleFailure(cause: cause))
    }

    @Test("not eligible by default: 408, 500, 504, 600, 603", arguments: [408, 500, 504, 600, 603])
    func notEligible(_ code: Int) {
        #expect(policy.leg(verdict: .errorResponse, statusCode: code) == .otherFailure(cause: String(code)))
    }

    @Test("--failover-on adds codes, even ones OPTIONS counts as reachable (480)")
    func extraCodes() {
        let p = FailoverPolicy(extraCodes: [408, 480, 504])
        #expect(p.eligibleCodes == [408, 480, 503, 504])
        #expect(p.leg(verdict: .errorResponse, statusCode: 408) == .eligibleFailure(cause: "408"))
        #expect(p.leg(verdict: .reachable, statusCode: 480) == .eligibleFailure(cause: "480"))
        #expect(p.leg(verdict: .errorResponse, statusCode: 504) == .eligibleFailure(cause: "504"))
        #expect(p.leg(verdict: .errorResponse, statusCode: 603) == .otherFailure(cause: "603"))
    }

    static let legs: [FailoverLeg] = [.answers, .eligibleFailure(cause: "timeout"), .otherFailure(cause: "603"), .missing]

    /// The documented table (docs/failover.md), primary × fallback.
    static func expected(_ primary: FailoverLeg, _ fallback: FailoverLeg) -> FailoverVerdict {
        switch (primary, fallback) {
        case (.answers, .answers): .healthy
        case (.answers, _): .noFallback
        case (.eligibleFailure, .answers): .degradedFailover
        default: .down
        }
    }

    @Test("every cell of primary × fallback", arguments: legs, legs)
    func cell(_ primary: FailoverLeg, _ fallback: FailoverLeg) {
        let (verdict, explanation, hint) = policy.combine(primary: primary, fallback: fallback)
        #expect(verdict == Self.expected(primary, fallback), "\(primary) × \(fallback)")
        #expect(!explanation.isEmpty && !hint.isEmpty)
        if case .otherFailure = primary {
            // The uncovered case must say why the fallback does not help.
            #expect(explanation.contains("does not trigger failover"))
        }
        if fallback == .missing, primary == .answers { #expect(explanation.contains("no fallback URI")) }
    }

    @Test("exit codes: healthy 0, degraded_failover and no_fallback 1, down 2")
    func exitCodes() {
        #expect(FailoverVerdict.healthy.status.rawValue == 0)
        #expect(FailoverVerdict.degradedFailover.status.rawValue == 1)
        #expect(FailoverVerdict.noFallback.status.rawValue == 1)
        #expect(FailoverVerdict.down.status.rawValue == 2)
        #expect(FailoverVerdict.degradedFailover.rawValue == "degraded_failover")
        #expect(FailoverVerdict.noFallback.rawValue == "no_fallback")
    }

    static func report(_ verdict: Verdict, _ status: ProbeStatus, code: Int? = nil) -> ProbeReport {
        var r = ProbeReport.blank(check: "options", target: "sip:192.0.2.1", requestURI: "sip:192.0.2.1", transport: .udp,
                                  remoteAddress: "192.0.2.1:5060")
        r.verdict = verdict
        r.status = status
        r.statusCode = code
        return r
    }

    @Test("a leg interrupted before it found anything makes the check UNKNOWN, not down; a finished failure stays CRITICAL")
    func interruptedLeg() {
        let cut = Self.report(.timeout, .critical).markedInterrupted()
        let answers = Self.report(.ok, .ok, code: 200)
        let interrupted = FailoverReport(primary: cut, fallback: answers, policy: policy)
        #expect(interrupted.status == .unknown)
        #expect(interrupted.explanation.hasPrefix("interrupted before the primary answered"), "\(interrupted.explanation)")
        let finished = FailoverReport(primary: Self.report(.timeout, .critical), fallback: Self.report(.timeout, .critical), policy: policy)
        #expect(finished.verdict == .down)
        #expect(finished.status == .critical)
    }
}
