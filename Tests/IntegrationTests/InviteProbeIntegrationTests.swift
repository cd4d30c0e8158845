import Foundation
import Logging
import Probes
import Reporting
import SIPCore
import TestSupport
import Testing

@Suite(.serialized) struct InviteProbeIntegrationTests {
    let logger = Logger(label: "test")

    func invite(_ target: String, transport: SIPTransportKind? = nil, user: String? = nil, password: String? = nil,
                timeout: Duration = .seconds(4)) async throws -> ProbeReport {
        let t = try ProbeTarget(parsing: target, transport: transport)
        let credentials = user.map { DigestCredentials(username: $0, password: password ?? "") }
        let config = InviteProbe.Configuration(target: t, to: "14155550100", credentials: credentials, timeout: timeout,
                                               userAgent: "trunkprobe-test")
        return await InviteProbe(configuration: config, logger: logger).run()
    }

    func methods(_ report: ProbeReport, _ direction: String) -> [String] {
        report.exchange.filter { $0.direction == direction }.map { $0.message }
    }

    @Test("SIPp: 180 → CANCEL → 487 → ACK (the phone stops ringing at once)", .needsSIPp)
    func ringThenCancel() async throws {
        let sipp = try await SIPpPeer.start(scenario: SIPpScenarios.ringThenCancel)
        defer { sipp.stop() }
        let report = try await invite("sip:127.0.0.1:\(sipp.port)")
        #expect(sipp.waitForCompletion() == 0, "\(sipp.diagnostics)")
        #expect(methods(report, "sent") == ["INVITE", "CANCEL", "ACK"])
        #expect(report.statusCode == 487)
        #expect(report.verdict == .noChallenge)
        #expect(report.exchange.contains { $0.message.hasPrefix("180") })
    }

    @Test("SIPp: 486 → ACK", .needsSIPp)
    func busy() async throws {
        let sipp = try await SIPpPeer.start(scenario: SIPpScenarios.busy)
        defer { sipp.stop() }
        let report = try await invite("sip:127.0.0.1:\(sipp.port)")
        #expect(sipp.waitForCompletion() == 0, "\(sipp.diagnostics)")
        #expect(methods(report, "sent") == ["INVITE", "ACK"])
        #expect(report.statusCode == 486)
    }

    @Test("SIPp: 200 → ACK → BYE (a call that was answered is hung up)", .needsSIPp)
    func answeredThenHungUp() async throws {
        let sipp = try await SIPpPeer.start(scenario: SIPpScenarios.answer)
        defer { sipp.stop() }
        let report = try await invite("sip:127.0.0.1:\(sipp.port)")
        #expect(sipp.waitForCompletion() == 0, "\(sipp.diagnostics)")
        #expect(methods(report, "sent") == ["INVITE", "ACK", "BYE"])
        #expect(report.exchange.last?.message.hasPrefix("200 OK (BYE)") == true)
        #expect(report.statusCode == 200)
    }

    @Test("SIPp over TCP: 486 → ACK on the same connection", .needsSIPp)
    func busyOverTCP() async throws {
        let sipp = try await SIPpPeer.start(scenario: SIPpScenarios.busy, transport: "tcp")
        defer { sipp.stop() }
        let report = try await invite("sip:127.0.0.1:\(sipp.port)", transport: .tcp)
        #expect(sipp.waitForCompletion() == 0, "\(sipp.diagnostics)")
        #expect(methods(report, "sent") == ["INVITE", "ACK"])
    }

    @Test("SIPp verifyauth: the right password → auth_ok; the wrong one → auth_rejected", .needsSIPp,
          arguments: [("s3cret", Verdict.authOK, 486), ("wrong", Verdict.authRejected, 403)])
    func digestAgainstSIPp(password: String, expected: Verdict, code: Int) async throws {
        let sipp = try await SIPpPeer.start(scenario: SIPpScenarios.digest(user: "alice", password: "s3cret"))
        defer { sipp.stop() }
        let report = try await invite("sip:127.0.0.1:\(sipp.port)", user: "alice", password: password)
        #expect(sipp.waitForCompletion() == 0, "\(sipp.diagnostics)")
        #expect(report.verdict == expected)
        #expect(report.statusCode == code)
        #expect(methods(report, "sent") == ["INVITE", "ACK", "INVITE", "ACK"])
        #expect(report.auth?.challengedWith == 401)
        #expect(report.auth?.algorithm == "MD5")
        #expect(!JSONLine.encode(report).contains(password))
    }

    @Test("SIPp: stale=true after the first credentials gets exactly one retry with the new nonce → auth_ok", .needsSIPp)
    func staleNonceRetry() async throws {
        let sipp = try await SIPpPeer.start(scenario: SIPpScenarios.staleNonce(user: "alice", password: "s3cret"))
        defer { sipp.stop() }
        let report = try await invite("sip:127.0.0.1:\(sipp.port)", user: "alice", password: "s3cret")
        #expect(sipp.waitForCompletion() == 0, "\(sipp.diagnostics)")
        #expect(report.verdict == .authOK, "\(report.explanation)")
        #expect(report.statusCode == 486)
        #expect(report.auth?.staleRetried == true)
        #expect(report.auth?.attemptsWithCredentials == 2)
        #expect(methods(report, "sent") == ["INVITE", "ACK", "INVITE", "ACK", "INVITE", "ACK"])
    }

    static func kamailioAuthRoute(proxy: Bool, algorithmIsSHA256: Bool) -> (globals: String, route: String) {
        let globals = """
            modparam("auth", "algorithm", "\(algorithmIsSHA256 ? "SHA-256" : "MD5")")
            modparam("auth", "nonce_expire", 30)
            """
        let authenticate = proxy ? "pv_proxy_authenticate(\"trunk.test\", \"s3cret\", \"0\")" : "pv_www_authenticate(\"trunk.test\", \"s3cret\", \"0\")"
        let challenge = proxy ? "proxy_challenge(\"trunk.test\", \"1\")" : "www_challenge(\"trunk.test\", \"1\")"
        let route = """
            request_route {
                if (is_method("ACK")) { exit; }
                if (is_method("INVITE")) {
                    if (!\(authenticate)) { \(challenge); exit; }
                    if ($au != "alice") { sl_send_reply("403", "Forbidden"); exit; }
                    sl_send_reply("486", "Busy Here");
                    exit;
                }
                sl_send_reply("501", "Not Implemented");
            }
            """
        return (globals, route)
    }

    @Test("Kamailio digest: 401/407 × MD5/SHA-256, right password → auth_ok, wrong → auth_rejected", .needsKamailio,
          arguments: [(false, false), (false, true), (true, false), (true, true)])
    func kamailioDigest(proxy: Bool, sha256: Bool) async throws {
        let port = FreePort.pair()
        let cfg = Self.kamailioAuthRoute(proxy: proxy, algorithmIsSHA256: sha256)
        let kamailio = try await KamailioPeer.start(listens: [.init("udp", port: port), .init("tcp", port: port)], modules: ["auth"],
                                        globals: cfg.globals, routeScript: cfg.route)
        defer { kamailio.stop() }
        let good = try await invite("sip:127.0.0.1:\(port)", user: "alice", password: "s3cret")
        #expect(good.verdict == .authOK, "\(good.explanation)\n\(kamailio.process.log.suffix(2000))")
        #expect(good.statusCode == 486)
        #expect(good.auth?.challengedWith == (proxy ? 407 : 401))
        #expect(good.auth?.algorithm == (sha256 ? "SHA-256" : "MD5"))
        #expect(good.status == .ok)
        let bad = try await invite("sip:127.0.0.1:\(port)", user: "alice", password: "nope")
        #expect(bad.verdict == .authRejected, "\(bad.explanation)")
        #expect(bad.status == .critical)
        let none = try await invite("sip:127.0.0.1:\(port)")
        #expect(none.verdict == .reachable)
        #expect(none.statusCode == (proxy ? 407 : 401))
    }

    @Test("Kamailio with a source-address allow-list that excludes us → 403 without a challenge → acl_rejected", .needsKamailio)
    func kamailioACL() async throws {
        let port = FreePort.pair()
        // An IP ACL as a trunk applies it: only 192.0.2.10 may send INVITEs; everyone else gets 403 before auth.
        let route = """
            request_route {
                if (is_method("ACK")) { exit; }
                if ($si != "192.0.2.10") { sl_send_reply("403", "Forbidden"); exit; }
                if (!pv_www_authenticate("trunk.test", "s3cret", "0")) { www_challenge("trunk.test", "1"); exit; }
                sl_send_reply("486", "Busy Here");
            }
            """
        let kamailio = try await KamailioPeer.start(listens: [.init("udp", port: port), .init("tcp", port: port)], modules: ["auth"],
                                        routeScript: route)
        defer { kamailio.stop() }
        let t = try ProbeTarget(parsing: "sip:127.0.0.1:\(port)")
        let config = InviteProbe.Configuration(target: t, to: "14155550100",
                                               credentials: DigestCredentials(username: "alice", password: "s3cret"), timeout: .seconds(3))
        let report = await InviteProbe(configuration: config, logger: logger).run()
        #expect(report.verdict == .aclRejected, "\(report.explanation)")
        #expect(report.status == .critical)
        #expect(report.hint.contains("IP ACL"))
        #expect(report.auth?.attemptsWithCredentials == 0)
    }
}
