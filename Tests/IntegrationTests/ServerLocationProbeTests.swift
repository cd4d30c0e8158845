import Foundation
import Logging
import Probes
import SIPClient
import SIPCore
import TestSupport
import Testing

extension Trait where Self == ConditionTrait {
    static var needsDnsmasq: Self {
        .enabled(if: Peers.shouldRun(Peers.dnsmasq), "dnsmasq not installed; `make test` installs and requires it")
    }
}

/// The probes find servers through a real dnsmasq (RFC 3263) and move on to the next one when the first
/// refuses, stays silent or answers 503 (§4.3), each attempt a new transaction.
@Suite(.serialized) struct ServerLocationProbeTests {
    let logger = Logger(label: "test")

    /// Location here is several sequential queries, all within one timeout: 5 s leaves room on loaded
    /// cores. No server in this suite is silent, so no test waits for it.
    func options(_ target: String, dns: DnsmasqPeer, timeout: Duration = .seconds(5)) async throws -> ProbeReport {
        var config = OptionsProbe.Configuration(target: try ProbeTarget(parsing: target), timeout: timeout)
        config.resolution = ResolutionSettings(dnsServer: dns.server, random: .lowest)
        return await OptionsProbe(configuration: config, logger: logger).run()
    }

    /// trunk.test over UDP: SRV priority 10 to sbc1 on port `first`, priority 20 to sbc2 on `second`, both
    /// 127.0.0.1, so RFC 3263 tries `first` and fails over to `second`.
    func twoServers(first: Int, second: Int) async throws -> DnsmasqPeer {
        try await DnsmasqPeer.start(srv: [
            .init("_sip._udp.trunk.test", target: "sbc1.trunk.test", port: first, priority: 10, weight: 1),
            .init("_sip._udp.trunk.test", target: "sbc2.trunk.test", port: second, priority: 20, weight: 1),
        ], hosts: [.init("sbc1.trunk.test", ipv4: "127.0.0.1"), .init("sbc2.trunk.test", ipv4: "127.0.0.1")])
    }

    @Test("SRV: the priority-10 server refuses, the priority-20 one answers → ok after two attempts", .needsDnsmasq)
    func srvFailoverOnRefused() async throws {
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop() } }
        let dead = FreePort.udp()
        let dns = try await twoServers(first: dead, second: up.port)
        defer { dns.stop() }
        let report = try await options("sip:trunk.test", dns: dns)
        #expect(report.verdict == .ok, "\(report.explanation) \(report.attempts) \(dns.log.suffix(800))")
        #expect(report.attempts.map(\.verdict) == [.refused, .ok])
        #expect(report.attempts.map(\.remoteAddress) == ["127.0.0.1:\(dead)", "127.0.0.1:\(up.port)"])
        #expect(report.resolution.contains { $0.type == "SRV" && $0.name == "_sip._udp.trunk.test" })
        #expect(report.resolution.last?.type == "A")
        #expect(report.dnsMs != nil)
    }

    @Test("the text report of `options` says the answer came from the second SRV server, with the DNS chain", .needsDnsmasq)
    func textNamesTheFailover() async throws {
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop() } }
        let dead = FreePort.udp()
        let dns = try await twoServers(first: dead, second: up.port)
        defer { dns.stop() }
        let run = try await CommandRun.run(CommandRun.trunkprobe, ["options", "sip:trunk.test", "--dns-server", dns.server])
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        #expect(lines.first?.hasPrefix("WARNING: options ok:") == true, "\(run.stdout)")
        #expect(lines.contains { $0.hasPrefix("  dns         SRV _sip._udp.trunk.test → 20 1 \(up.port) sbc2.trunk.test") }, "\(run.stdout)")
        #expect(run.stdout.contains("failed over answered by 127.0.0.1:\(up.port), server 2 of those tried"), "\(run.stdout)")
        #expect(run.stdout.contains("127.0.0.1:\(dead) (refused)"), "\(run.stdout)")
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(run.stdout)")
    }

    @Test("a 503 moves to the next server; a 404 does not", .needsDnsmasq)
    func failoverOn503Only() async throws {
        let busy = try await RoguePeer.udp { [RogueAnswers.response(to: $0, code: 503)] }
        let missing = try await RoguePeer.udp { [RogueAnswers.response(to: $0, code: 404)] }
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop(); await busy.stop(); await missing.stop() } }
        let dns = try await DnsmasqPeer.start(srv: [
            .init("_sip._udp.a.test", target: "h.a.test", port: busy.port, priority: 10, weight: 1),
            .init("_sip._udp.a.test", target: "h.a.test", port: up.port, priority: 20, weight: 1),
            .init("_sip._udp.b.test", target: "h.a.test", port: missing.port, priority: 10, weight: 1),
            .init("_sip._udp.b.test", target: "h.a.test", port: up.port, priority: 20, weight: 1),
        ], hosts: [.init("h.a.test", ipv4: "127.0.0.1")])
        defer { dns.stop() }
        let a = try await options("sip:a.test", dns: dns)
        #expect(a.attempts.map(\.statusCode) == [503, 200])
        #expect(a.verdict == .ok)
        let b = try await options("sip:b.test", dns: dns)
        #expect(b.attempts.map(\.statusCode) == [404])
        #expect(b.verdict == .reachable)
    }

    @Test("failover: a primary URI that answers only after RFC 3263 fail-over from a dead first SRV server is WARNING, not healthy OK", .needsDnsmasq)
    func failoverCommandSeesThePrimarysFailover() async throws {
        let busy = try await RoguePeer.udp { [RogueAnswers.response(to: $0, code: 503)] }
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop(); await busy.stop() } }
        let dns = try await twoServers(first: busy.port, second: up.port)
        defer { dns.stop() }
        let run = try await CommandRun.run(CommandRun.trunkprobe, [
            "failover", "--primary", "sip:trunk.test", "--fallback", "sip:127.0.0.1:\(up.port)", "--dns-server", dns.server,
            "--timeout", "5", "--format", "json",
        ])
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stdout)")
        #expect(object["status"] as? String == "WARNING")
        #expect(object["verdict"] as? String == "healthy", "both URIs answer; the status carries the fail-over")
        let explanation = object["explanation"] as? String ?? ""
        #expect(explanation.contains("the primary answered only after RFC 3263 fail-over from 127.0.0.1:\(busy.port) (503)"), "\(explanation)")
    }

    @Test("invite: a first server that says 100 Trying and then nothing is not failed over (Timer B runs only in Calling): CRITICAL timeout, one attempt", .needsDnsmasq)
    func inviteProceedingDoesNotFailOver() async throws {
        let trying = try await RoguePeer.udp { [RogueAnswers.response(to: $0, code: 100, reason: "Trying")] }
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop(); await trying.stop() } }
        let dns = try await twoServers(first: trying.port, second: up.port)
        defer { dns.stop() }
        var config = InviteProbe.Configuration(target: try ProbeTarget(parsing: "sip:trunk.test"), to: "14155550100", timeout: .seconds(3),
                                               userAgent: "trunkprobe-test")
        config.resolution = ResolutionSettings(dnsServer: dns.server, random: .lowest)
        let report = await InviteProbe(configuration: config, logger: logger).run()
        #expect(report.attempts.map(\.remoteAddress) == ["127.0.0.1:\(trying.port)"], "\(report.attempts)")
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.status == .critical)
        #expect(report.exchange.contains { $0.message == "CANCEL" }, "the INVITE in Proceeding was cancelled")
    }

    @Test("an explicit port skips SRV: A only, one attempt", .needsDnsmasq)
    func explicitPortSkipsSRV() async throws {
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop() } }
        let dns = try await DnsmasqPeer.start(srv: [.init("_sip._udp.trunk.test", target: "nowhere.trunk.test", port: 1, priority: 10, weight: 1)],
                                  hosts: [.init("trunk.test", ipv4: "127.0.0.1")])
        defer { dns.stop() }
        let report = try await options("sip:trunk.test:\(up.port)", dns: dns)
        #expect(report.verdict == .ok)
        #expect(report.attempts.count == 1)
        #expect(!report.resolution.contains { $0.type == "SRV" })
    }

    @Test("--resolve pins an address without DNS (curl's HOST:PORT:ADDRESS)")
    func staticResolve() async throws {
        let responder = SIPResponder(logger: logger)
        let up = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])[0]
        defer { Task { await responder.stop() } }
        var config = OptionsProbe.Configuration(target: try ProbeTarget(parsing: "sip:pinned.invalid:\(up.port)"), timeout: .seconds(2))
        config.resolution = ResolutionSettings(staticEntries: [try StaticResolveEntry(parsing: "pinned.invalid:\(up.port):127.0.0.1")])
        let report = await OptionsProbe(configuration: config, logger: logger).run()
        #expect(report.verdict == .ok, "\(report.explanation)")
        #expect(report.remoteAddress == "127.0.0.1:\(up.port)")
    }
}
