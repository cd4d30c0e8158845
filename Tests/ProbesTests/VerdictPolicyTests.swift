import Foundation
import SIPCore
import Testing
@testable import Probes
import Reporting

@Suite struct VerdictPolicyTests {
    let policy = VerdictPolicy.default

    @Test("status codes map to the documented verdicts (docs/verdicts.md)", arguments: [
        (200, Verdict.ok), (202, .ok), (301, .reachable), (401, .reachable), (403, .reachable), (404, .reachable),
        (405, .reachable), (407, .reachable), (481, .reachable), (486, .reachable), (501, .reachable),
        (408, .errorResponse), (500, .errorResponse), (503, .errorResponse), (504, .errorResponse), (603, .errorResponse),
    ])
    func verdicts(code: Int, expected: Verdict) {
        #expect(policy.verdict(forStatus: code) == expected)
    }

    @Test("reachable is OK for 401/404/405/407/480/484/501 and WARNING for 403, 3xx and other 4xx")
    func reachableStatus() {
        for code in [401, 404, 405, 407, 480, 484, 501] { #expect(policy.status(for: .reachable, statusCode: code) == .ok) }
        for code in [302, 403, 481, 483, 486, 488] { #expect(policy.status(for: .reachable, statusCode: code) == .warning) }
    }

    @Test("408 is never alive, and every transport failure is CRITICAL, never UNKNOWN")
    func criticals() {
        #expect(policy.status(for: policy.verdict(forStatus: 408), statusCode: 408) == .critical)
        for v in [Verdict.timeout, .refused, .dnsFailed, .tlsFailed, .transportError, .errorResponse, .authRejected, .aclRejected] {
            #expect(policy.status(for: v, statusCode: nil) == .critical)
        }
    }

    @Test("no_challenge warns only when credentials were given; auth_ok is OK")
    func authStatuses() {
        #expect(policy.status(for: .noChallenge, statusCode: 486, credentialsGiven: true) == .warning)
        #expect(policy.status(for: .noChallenge, statusCode: 486, credentialsGiven: false) == .ok)
        #expect(policy.status(for: .authOK, statusCode: 486) == .ok)
    }

    @Test("every verdict has an explanation and a hint")
    func wording() {
        for v in Verdict.allCases {
            for transport in SIPTransportKind.allCases {
                #expect(!policy.explanation(for: v, statusCode: 403, reason: "Forbidden", transport: transport).isEmpty)
                #expect(!policy.hint(for: v, statusCode: 403, transport: transport).isEmpty)
            }
        }
        #expect(policy.hint(for: .aclRejected, statusCode: 403, transport: .udp).contains("IP ACL"))
        #expect(policy.explanation(for: .timeout, statusCode: nil, reason: nil, transport: .udp).contains("UDP"))
    }

    @Test("ProbeStatus orders WARNING < UNKNOWN < CRITICAL, as monitoring plugins combine them")
    func statusOrder() {
        #expect([ProbeStatus.ok, .critical, .warning].max() == .critical)
        #expect([ProbeStatus.warning, .unknown].max() == .unknown)
        #expect(ProbeStatus.critical.rawValue == 2)
    }

    @Test("a report encodes every promised key, null where unknown, and never a password")
    func reportKeys() throws {
        var report = ProbeReport.blank(check: "options", target: "sip:x", requestURI: "sip:x", transport: .udp)
        report.auth = AuthFacts(username: "alice", attemptsWithCredentials: 1, staleRetried: false)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONLine.encode(report).utf8)) as? [String: Any])
        for key in ["target", "transport", "remote_address", "local_address", "verdict", "status_code", "reason", "rtt_ms",
                    "retransmissions", "tls", "headers", "explanation", "auth", "attempts", "resolution", "tls_failure", "exit_code"] {
            #expect(object.keys.contains(key), "missing \(key)")
        }
        #expect(object["status_code"] is NSNull)
        #expect(object["tls"] is NSNull)
        #expect((object["auth"] as? [String: Any])?["username"] as? String == "alice")
        #expect(!JSONLine.encode(report).lowercased().contains("password"))
    }

    @Test("RFC 3263 §4.3: fail over after a timeout, a transport failure or a 503, not after other answers")
    func failoverEligibility() {
        func report(_ v: Verdict, _ code: Int?) -> ProbeReport {
            var r = ProbeReport.blank(check: "options", target: "t", requestURI: "sip:t", transport: .udp)
            r.verdict = v
            r.statusCode = code
            return r
        }
        #expect(ProbeRoute.failsOver(report(.timeout, nil)))
        #expect(ProbeRoute.failsOver(report(.refused, nil)))
        #expect(ProbeRoute.failsOver(report(.errorResponse, 503)))
        #expect(!ProbeRoute.failsOver(report(.errorResponse, 500)))
        #expect(!ProbeRoute.failsOver(report(.reachable, 404)))
        #expect(!ProbeRoute.failsOver(report(.ok, 200)))
    }
}
