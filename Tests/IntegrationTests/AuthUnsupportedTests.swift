import Foundation
import Logging
import Probes
import SIPCore
import TestSupport
import Reporting
import Testing

/// With credentials given, a challenge trunkprobe cannot answer is `auth_unsupported` (CRITICAL) with a hint
/// that says why, never `reachable` (docs/verdicts.md): INVITE and OPTIONS, over UDP and TCP, against SIPp.
@Suite(.serialized) struct AuthUnsupportedTests {
    let logger = Logger(label: "test")
    static let credentials = DigestCredentials(username: "alice", password: "s3cret")

    /// (challenge, a word the explanation must contain)
    static let challenges: [(String, String)] = [
        ("Digest realm=\"sipp.test\", nonce=\"n1\", qop=\"auth\", algorithm=AKAv1-MD5", "AKAv1-MD5"),
        ("Digest realm=\"sipp.test\", nonce=\"n1\", qop=\"auth-int\", algorithm=MD5", "auth-int"),
        ("Digest nonce=\"n1\", qop=\"auth\", algorithm=MD5", "realm"),
        ("Basic realm=\"sipp.test\"", "Basic"),
    ]

    static let cases: [(Int, String)] = ["udp", "tcp"].flatMap { transport in challenges.indices.map { ($0, transport) } }

    func target(_ port: Int, _ transport: String) throws -> ProbeTarget {
        try ProbeTarget(parsing: "sip:127.0.0.1:\(port)", transport: transport == "tcp" ? .tcp : .udp)
    }

    @Test("INVITE with credentials, unanswerable challenge → auth_unsupported", .needsSIPp, arguments: cases)
    func invite(index: Int, transport: String) async throws {
        let (challenge, word) = Self.challenges[index]
        let sipp = try SIPpPeer(scenario: SIPpScenarios.unanswerableChallenge(challenge), transport: transport)
        defer { sipp.stop() }
        let config = InviteProbe.Configuration(target: try target(sipp.port, transport), to: "14155550100",
                                               credentials: Self.credentials, timeout: .seconds(4))
        let report = await InviteProbe(configuration: config, logger: logger).run()
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "\(sipp.diagnostics)")
        #expect(report.verdict == .authUnsupported, "\(report.explanation)")
        #expect(report.status == .critical)
        #expect(report.explanation.contains(word), "\(report.explanation)")
        #expect(!report.hint.isEmpty && report.hint != "nothing to do")
        #expect(report.auth?.unsupportedReason != nil)
        #expect(report.auth?.attemptsWithCredentials == 0)
        #expect(JSONLine.encode(report).contains("\"auth_unsupported\""))
        #expect(!JSONLine.encode(report).contains("s3cret"))
    }

    @Test("OPTIONS with credentials, unanswerable challenge → auth_unsupported", .needsSIPp, arguments: cases)
    func options(index: Int, transport: String) async throws {
        let (challenge, word) = Self.challenges[index]
        let sipp = try SIPpPeer(scenario: SIPpScenarios.unanswerableChallenge(challenge, method: "OPTIONS"), transport: transport)
        defer { sipp.stop() }
        let config = OptionsProbe.Configuration(target: try target(sipp.port, transport), timeout: .seconds(4),
                                                credentials: Self.credentials)
        let report = await OptionsProbe(configuration: config, logger: logger).run()
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "\(sipp.diagnostics)")
        #expect(report.verdict == .authUnsupported, "\(report.explanation)")
        #expect(report.status == .critical)
        #expect(report.explanation.contains(word), "\(report.explanation)")
    }

    @Test("without credentials the same challenge stays reachable (nothing was asked to be tested)", .needsSIPp)
    func withoutCredentials() async throws {
        let sipp = try SIPpPeer(scenario: SIPpScenarios.unanswerableChallenge(Self.challenges[3].0))
        defer { sipp.stop() }
        let t = try target(sipp.port, "udp")
        let report = await InviteProbe(configuration: .init(target: t, to: "1", timeout: .seconds(4)), logger: logger).run()
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "\(sipp.diagnostics)")
        #expect(report.verdict == .reachable)
    }

    @Test("stale=true again after the one stale retry (an endless loop) → auth_unsupported, no fourth INVITE", .needsSIPp,
          arguments: ["udp", "tcp"])
    func endlessStale(transport: String) async throws {
        let sipp = try SIPpPeer(scenario: SIPpScenarios.endlessStale, transport: transport)
        defer { sipp.stop() }
        let config = InviteProbe.Configuration(target: try target(sipp.port, transport), to: "14155550100",
                                               credentials: Self.credentials, timeout: .seconds(4))
        let report = await InviteProbe(configuration: config, logger: logger).run()
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "\(sipp.diagnostics)")
        #expect(report.verdict == .authUnsupported, "\(report.explanation)")
        #expect(report.explanation.contains("stale"))
        #expect(report.exchange.filter { $0.direction == "sent" && $0.message == "INVITE" }.count == 3)
    }
}
