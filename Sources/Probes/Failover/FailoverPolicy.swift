import Foundation

/// Classifies each URI's OPTIONS report and combines the two into one `FailoverVerdict`.
///
/// Eligible causes by default are `StatusKnowledge`'s fail-over triggers: RFC 3263 §4.3 (a transaction
/// timeout, a transport failure, or a 503 move the sender to the next server), with a failed DNS lookup or
/// TLS handshake counted as transport failures. Some carriers also fail over on 408, 480 and 504;
/// `extraCodes` (`--failover-on`) adds those.
public struct FailoverPolicy: Sendable, Equatable {
    /// Status codes that trigger failover besides 503 (`--failover-on 408,480,504`).
    public var extraCodes: Set<Int>

    public init(extraCodes: Set<Int> = []) {
        self.extraCodes = extraCodes
    }

    public var eligibleCodes: Set<Int> { extraCodes.union([503]) }

    /// The leg for one URI's report.
    public func leg(for report: ProbeReport) -> FailoverLeg {
        leg(verdict: report.verdict, statusCode: report.statusCode)
    }

    public func leg(verdict: Verdict, statusCode: Int?) -> FailoverLeg {
        // Whether it triggers failover is the shared table's call (StatusKnowledge), plus --failover-on.
        if StatusKnowledge.failsOver(verdict: verdict, statusCode: statusCode, extraCodes: extraCodes) {
            if let code = statusCode, eligibleCodes.contains(code) { return .eligibleFailure(cause: String(code)) }
            if StatusKnowledge.transportOutcome(of: verdict) != nil { return .eligibleFailure(cause: verdict.rawValue) }
        }
        switch verdict {
        case .ok, .reachable, .authOK, .noChallenge, .hangupFailed:
            // hangup_failed: the server answered 2xx; ending the call is a separate problem the report names.
            return .answers
        case .timeout, .refused, .dnsFailed, .tlsFailed, .transportError:
            return .eligibleFailure(cause: verdict.rawValue)
        case .errorResponse:
            return .otherFailure(cause: statusCode.map(String.init) ?? verdict.rawValue)
        case .authRejected, .aclRejected, .authUnsupported:
            // The server is up but refuses us: a configuration problem, not one failover would route around.
            return .otherFailure(cause: verdict.rawValue)
        }
    }

    /// The combined verdict with a one-line explanation and a hint; every cell of primary × fallback.
    public func combine(primary: FailoverLeg, fallback: FailoverLeg) -> (verdict: FailoverVerdict, explanation: String, hint: String) {
        let fallbackState: String
        switch fallback {
        case .answers: fallbackState = "the fallback answers"
        case .eligibleFailure(let c), .otherFailure(let c): fallbackState = "the fallback fails too (\(c))"
        case .missing: fallbackState = "there is no fallback URI"
        }
        switch primary {
        case .answers:
            if fallback.answers {
                return (.healthy, "the primary answers, and so does the fallback", "nothing to do")
            }
            let why = fallback == .missing ? "there is no fallback URI" : fallbackState.replacingFirst("the fallback fails too", with: "the fallback fails")
            return (.noFallback, "the primary answers, but \(why): calls are carried now, with no safety net if the primary fails",
                    fallback == .missing
                        ? "set a fallback URI on the inbound trunk (fallback_uri_uuid) pointing at a second server"
                        : "fix the fallback server, or point the trunk's fallback_uri_uuid at an origination URI that answers")
        case .eligibleFailure(let cause):
            if fallback.answers {
                return (.degradedFailover, "the primary fails (\(cause)), which triggers failover, and the fallback answers: calls are carried by the fallback",
                        "fix the primary (see its report), or make the fallback the primary until then")
            }
            return (.down, "the primary fails (\(cause)) and \(fallbackState): no call would be carried",
                    "fix the primary first (see its report); then the fallback")
        case .otherFailure(let cause):
            let uncovered = "the primary answers \(cause), which does not trigger failover: callers get the failure and the fallback is never tried"
            if fallback.answers {
                return (.down, "\(uncovered), although the fallback answers",
                        "fix the primary; if this code should fail over, say so with --failover-on \(cause) (and configure the sender the same way)")
            }
            return (.down, "\(uncovered); \(fallbackState) as well", "fix the primary (see its report), then the fallback")
        case .missing:
            // A primary is always given; keep the table total anyway.
            return (.down, "there is no primary URI", "set the trunk's primary_uri_uuid")
        }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = range(of: target) else { return self }
        return replacingCharacters(in: r, with: replacement)
    }
}
