import Foundation
import NIOCore
import Testing
import TestSupport
@testable import SIPClient
import SIPCore

/// RFC 3263 resolution end to end: NIODNSLookup and ServerLocator against a real dnsmasq on loopback.
///
/// Skipped only when dnsmasq is absent and TRUNKPROBE_REQUIRE_PEERS is not 1; with it set, a missing
/// dnsmasq fails every test here (green must mean tested).
@Suite(.serialized, .enabled(if: Peers.shouldRun(Peers.dnsmasq), "dnsmasq not installed; `make test` installs it and requires it"))
struct ResolverDnsmasqTests {
    /// The zone:
    /// - `naptr.test`: NAPTR for UDP (10/20), TLS (10/10), TCP (20/10) and SCTP (5/10, unsupported);
    ///   `_sip._udp` has priorities 10 (weights 60, 40) and 20 (weight 0); `_sips._tcp` and `_sip._tcp` one each.
    /// - `srvonly.test`: no NAPTR; SRV `_sip._udp` and `_sips._tcp`.
    /// - `plain.test`: no NAPTR, no SRV; A and AAAA.
    static func startZone() async throws -> DnsmasqPeer {
        try await DnsmasqPeer.start(
            naptr: [
                .init("naptr.test", order: 10, preference: 20, service: "SIP+D2U", replacement: "_sip._udp.naptr.test"),
                .init("naptr.test", order: 10, preference: 10, service: "SIPS+D2T", replacement: "_sips._tcp.naptr.test"),
                .init("naptr.test", order: 20, preference: 10, service: "SIP+D2T", replacement: "_sip._tcp.naptr.test"),
                .init("naptr.test", order: 5, preference: 10, service: "SIP+D2S", replacement: "_sip._sctp.naptr.test"),
            ],
            srv: [
                .init("_sip._udp.naptr.test", target: "p1.naptr.test", port: 5070, priority: 10, weight: 60),
                .init("_sip._udp.naptr.test", target: "p2.naptr.test", port: 5071, priority: 10, weight: 40),
                .init("_sip._udp.naptr.test", target: "backup.naptr.test", port: 5072, priority: 20, weight: 0),
                .init("_sips._tcp.naptr.test", target: "tls.naptr.test", port: 5061, priority: 10, weight: 0),
                .init("_sip._tcp.naptr.test", target: "tcp.naptr.test", port: 5060, priority: 1, weight: 0),
                .init("_sip._sctp.naptr.test", target: "sctp.naptr.test", port: 5060, priority: 1, weight: 0),
                .init("_sip._udp.srvonly.test", target: "s1.srvonly.test", port: 5080, priority: 1, weight: 10),
                .init("_sips._tcp.srvonly.test", target: "s2.srvonly.test", port: 5081, priority: 1, weight: 10),
            ],
            hosts: [
                .init("p1.naptr.test", ipv4: "127.0.0.31"),
                .init("p2.naptr.test", ipv4: "127.0.0.32"),
                .init("backup.naptr.test", ipv4: "127.0.0.33"),
                .init("tls.naptr.test", ipv4: "127.0.0.21", ipv6: "::21"),
                .init("tcp.naptr.test", ipv4: "127.0.0.41"),
                .init("sctp.naptr.test", ipv4: "127.0.0.51"),
                .init("s1.srvonly.test", ipv4: "127.0.0.61"),
                .init("s2.srvonly.test", ipv4: "127.0.0.62"),
                .init("plain.test", ipv4: "127.0.0.70", ipv6: "::70"),
            ],
            ttl: 120)
    }

    /// Starts the zone, or records a failure (peers required but dnsmasq missing, or it did not start).
    static func zone() async -> DnsmasqPeer? {
        guard Peers.dnsmasq != nil else {
            Issue.record("dnsmasq is required (TRUNKPROBE_REQUIRE_PEERS=1) but not installed: apt-get install dnsmasq-base")
            return nil
        }
        do { return try await startZone() } catch {
            Issue.record("dnsmasq did not start: \(error)")
            return nil
        }
    }

    static func lookup(_ peer: DnsmasqPeer) throws -> NIODNSLookup {
        try NIODNSLookup(dnsServer: peer.server, timeout: .seconds(2))
    }

    static func summary(_ l: ServerLocation) -> [String] { l.targets.map { "\($0.transport) \($0.address):\($0.port)" } }

    @Test("NIODNSLookup decodes NAPTR, SRV, A and AAAA from dnsmasq, with TTLs; NXDOMAIN and NODATA")
    func rawLookups() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        let dns = try Self.lookup(peer)

        let naptr = try await dns.naptr("naptr.test").recordsOrEmpty
        #expect(naptr.count == 4)
        let tls = try #require(naptr.first { $0.service == "SIPS+D2T" })
        #expect(tls.order == 10 && tls.preference == 10 && tls.flags.lowercased() == "s" && tls.regexp.isEmpty)
        #expect(tls.replacement == "_sips._tcp.naptr.test")

        let srv = try await dns.srv("_sip._udp.naptr.test").recordsOrEmpty
        #expect(Set(srv.map { "\($0.priority) \($0.weight) \($0.port) \($0.target)" }) ==
                ["10 60 5070 p1.naptr.test", "10 40 5071 p2.naptr.test", "20 0 5072 backup.naptr.test"])
        #expect(srv.allSatisfy { $0.ttl > 0 })

        #expect(try await dns.a("plain.test") == .records([AddressRecord(address: "127.0.0.70", ttl: 120)]))
        #expect(try await dns.aaaa("plain.test") == .records([AddressRecord(address: "::70", ttl: 120)]))
        #expect(try await dns.aaaa("p1.naptr.test") == .noData)
        #expect(try await dns.a("missing.test") == .nxdomain)
        #expect(try await dns.naptr("plain.test") == .noData)
        #expect(try await dns.srv("_sip._tcp.srvonly.test") == .nxdomain)
    }

    @Test("Locator via NAPTR: order then preference, SCTP dropped, RFC 2782 within priorities, chain with TTLs")
    func naptrChain() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        // Draws: _sip._udp priority 10 has weights 60 (p1) and 40 (p2), sum 100: draw 61 → p2 first.
        let draws = Draws([61])
        let locator = ServerLocator(lookup: try Self.lookup(peer), random: draws.random)
        let l = try await locator.locate(ServerLocationRequest(host: "naptr.test"))
        #expect(Self.summary(l) == [
            "tls 127.0.0.21:5061", "tls ::21:5061",                       // order 10, pref 10: SIPS+D2T
            "udp 127.0.0.32:5071", "udp 127.0.0.31:5070", "udp 127.0.0.33:5072",  // order 10, pref 20: p2, p1, backup
            "tcp 127.0.0.41:5060",                                         // order 20
        ])
        let chain = l.targets[2].chain
        #expect(chain.map(\.type) == [.naptr, .srv, .a])
        #expect(chain[0].name == "naptr.test" && chain[0].value.contains("SIP+D2U") && (chain[0].ttl ?? 0) > 0)
        #expect(chain[1].name == "_sip._udp.naptr.test" && chain[1].value == "10 40 5071 p2.naptr.test.")
        #expect(chain[2] == ResolutionStep(type: .a, name: "p2.naptr.test", value: "127.0.0.32", ttl: 120))
        #expect(!l.queries.contains { $0.name.contains("sctp") })
    }

    @Test("sips: through NAPTR keeps only SIPS+D2T")
    func naptrSips() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        let l = try await ServerLocator(lookup: try Self.lookup(peer), random: .lowest)
            .locate(ServerLocationRequest(scheme: .sips, host: "naptr.test"))
        #expect(Self.summary(l) == ["tls 127.0.0.21:5061", "tls ::21:5061"])
    }

    @Test("No NAPTR: SRV fall-back in _sip._udp, _sip._tcp, _sips._tcp order; sips: only _sips._tcp")
    func srvFallback() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        let locator = ServerLocator(lookup: try Self.lookup(peer), random: .lowest)
        let l = try await locator.locate(ServerLocationRequest(host: "srvonly.test"))
        #expect(Self.summary(l) == ["udp 127.0.0.61:5080", "tls 127.0.0.62:5081"])
        #expect(l.queries.first == ResolutionQuery(type: .naptr, name: "srvonly.test", outcome: .noData))
        #expect(l.targets[0].chain.map(\.type) == [.srv, .a])

        let secure = try await locator.locate(ServerLocationRequest(scheme: .sips, host: "srvonly.test"))
        #expect(Self.summary(secure) == ["tls 127.0.0.62:5081"])
        #expect(!secure.queries.contains { $0.name.hasPrefix("_sip.") })
    }

    @Test("No NAPTR and no SRV: A/AAAA on 5060 UDP (sip:) and 5061 TLS (sips:)")
    func addressFallback() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        let locator = ServerLocator(lookup: try Self.lookup(peer))
        #expect(Self.summary(try await locator.locate(ServerLocationRequest(host: "plain.test"))) == ["udp 127.0.0.70:5060", "udp ::70:5060"])
        #expect(Self.summary(try await locator.locate(ServerLocationRequest(scheme: .sips, host: "plain.test"))) == ["tls 127.0.0.70:5061", "tls ::70:5061"])
        let l = try await locator.locate(ServerLocationRequest(host: "plain.test"))
        #expect(l.targets[0].chain == [ResolutionStep(type: .a, name: "plain.test", value: "127.0.0.70", ttl: 120)])
    }

    @Test("Explicit port skips NAPTR and SRV; explicit transport queries only its SRV; --resolve overrides A")
    func explicitAndStatic() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        let locator = ServerLocator(lookup: try Self.lookup(peer), random: .lowest)
        let port = try await locator.locate(ServerLocationRequest(host: "plain.test", port: 5099))
        #expect(Self.summary(port) == ["udp 127.0.0.70:5099", "udp ::70:5099"])
        #expect(Set(port.queries.map(\.type)) == [.a, .aaaa])

        // naptr.test has NAPTR and SRV but no address of its own: with an explicit port only A/AAAA is
        // asked, so nothing resolves, and the error says what each query answered.
        do {
            _ = try await locator.locate(ServerLocationRequest(host: "naptr.test", port: 5099))
            Issue.record("expected noTargets")
        } catch {
            guard case .noTargets(_, let queries) = error else { Issue.record("\(error)"); return }
            #expect(Set(queries.map(\.type)) == [.a, .aaaa])
            #expect(queries.allSatisfy { $0.outcome == .noData })
        }
    }

    @Test("Explicit transport and --resolve against dnsmasq")
    func transportAndResolve() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        var locator = ServerLocator(lookup: try Self.lookup(peer), random: .lowest)
        let tcp = try await locator.locate(ServerLocationRequest(host: "naptr.test", transport: .tcp))
        #expect(Self.summary(tcp) == ["tcp 127.0.0.41:5060"])
        #expect(!tcp.queries.contains { $0.type == .naptr })

        locator.staticEntries = [try StaticResolveEntry(parsing: "s1.srvonly.test:5080:10.9.8.7")]
        let overridden = try await locator.locate(ServerLocationRequest(host: "srvonly.test"))
        #expect(Self.summary(overridden) == ["udp 10.9.8.7:5080", "tls 127.0.0.62:5081"])
        #expect(overridden.targets[0].chain.map(\.type) == [.srv, .staticEntry])
    }

    @Test("An answer too big for UDP (TC bit) is fetched again over TCP")
    func truncatedOverTCP() async throws {
        guard Peers.dnsmasq != nil else {
            Issue.record("dnsmasq is required (TRUNKPROBE_REQUIRE_PEERS=1) but not installed: apt-get install dnsmasq-base")
            return
        }
        // 60 NAPTR records with long replacements: far over the 1232-octet EDNS payload.
        let records = (0..<60).map { i in
            DnsmasqPeer.NAPTR("big.test", order: 10, preference: i, service: "SIP+D2U",
                              replacement: "_sip._udp.a-rather-long-label-to-fill-the-datagram-\(i).big.test")
        }
        let peer = try await DnsmasqPeer.start(naptr: records)
        defer { peer.stop() }
        var dns = try Self.lookup(peer)
        let got = try await dns.naptr("big.test").recordsOrEmpty
        #expect(got.count == 60)
        #expect(Set(got.map(\.preference)) == Set((0..<60).map(UInt16.init)))
        #expect(peer.log.components(separatedBy: "query[NAPTR] big.test").count - 1 == 2, "UDP then TCP:\n\(peer.log)")

        dns.tcpFallback = false
        await #expect(throws: DNSError.truncated(name: "big.test", type: "NAPTR", server: peer.server)) {
            try await dns.naptr("big.test")
        }
    }

    @Test("A name that does not exist: noTargets with NXDOMAIN for each query")
    func nothing() async throws {
        guard let peer = await Self.zone() else { return }
        defer { peer.stop() }
        let locator = ServerLocator(lookup: try Self.lookup(peer))
        do {
            _ = try await locator.locate(ServerLocationRequest(host: "missing.test"))
            Issue.record("expected noTargets")
        } catch {
            guard case .noTargets(_, let queries) = error else { Issue.record("\(error)"); return }
            #expect(queries.count == 6 && queries.allSatisfy { $0.outcome == .nxdomain })
        }
    }
}

/// A silent server (nothing listens): bounded timeout and one retry. No peer needed.
@Suite struct ResolverTimeoutTests {
    @Test("No answer: two attempts of the timeout each, then DNSError.timeout; the locator reports it")
    func timeout() async throws {
        let port = FreePort.udp()
        let dns = NIODNSLookup(server: DNSServerAddress(host: "127.0.0.1", port: port), timeout: .milliseconds(200), attempts: 2)
        let start = ContinuousClock.now
        do {
            _ = try await dns.srv("_sip._udp.example.test")
            Issue.record("expected a timeout")
        } catch {
            #expect(error == .timeout(name: "_sip._udp.example.test", type: "SRV", server: "127.0.0.1:\(port)", attempts: 2))
        }
        let elapsed = ContinuousClock.now - start
        // The upper bound only rules out a hang (the default would be 2 attempts × 2 s); it is loose because
        // the whole suite runs in parallel on 2 cores and event loops can be busy with other tests.
        #expect(elapsed >= .milliseconds(350) && elapsed < .seconds(15))

        do {
            _ = try await ServerLocator(lookup: dns).locate(ServerLocationRequest(host: "example.test"))
            Issue.record("expected noTargets")
        } catch {
            guard case .noTargets(_, let queries) = error else { Issue.record("\(error)"); return }
            #expect(queries.allSatisfy { if case .failed(.timeout) = $0.outcome { true } else { false } })
        }
    }

    @Test("A responder that answers with the wrong id is ignored (times out), then a right one is accepted")
    func idMatching() async throws {
        let fake = try FakeDNSServer()
        defer { fake.stop() }
        // First attempt: answer with a wrong id; second attempt: answer correctly with one A record.
        fake.behaviour = { query, attempt in
            var resp = query
            resp[2] = 0x81; resp[3] = 0x80
            if attempt == 1 { resp[0] ^= 0xFF }
            resp[7] = 1                                   // ANCOUNT 1
            resp[11] = 0                                  // drop the OPT record count
            // Cut the OPT record off the echoed query: question ends 4 octets after the name.
            var i = 12
            while resp[i] != 0 { i += Int(resp[i]) + 1 }
            resp = Array(resp[0..<(i + 5)])
            resp += [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 9, 0, 4, 10, 1, 2, 3]
            return resp
        }
        let dns = NIODNSLookup(server: DNSServerAddress(host: "127.0.0.1", port: fake.port), timeout: .milliseconds(300), attempts: 2)
        #expect(try await dns.a("x.test") == .records([AddressRecord(address: "10.1.2.3", ttl: 9)]))
        #expect(fake.queries == 2)
    }

    @Test("A truncated (TC) answer is reported as such, a garbage answer as malformed")
    func truncatedAndGarbage() async throws {
        let fake = try FakeDNSServer()
        defer { fake.stop() }
        fake.behaviour = { query, _ in var r = query; r[2] = 0x83; r[3] = 0x80; return r }
        let dns = NIODNSLookup(server: DNSServerAddress(host: "127.0.0.1", port: fake.port), timeout: .milliseconds(500), attempts: 1)
        await #expect(throws: DNSError.truncated(name: "x.test", type: "NAPTR", server: "127.0.0.1:\(fake.port)")) {
            try await dns.naptr("x.test")
        }
        fake.behaviour = { query, _ in Array(query.prefix(2)) + [0x81, 0x80, 0, 1, 0, 5, 0, 0, 0, 0, 3, 0x61] }
        do {
            _ = try await dns.naptr("x.test")
            Issue.record("expected malformed")
        } catch {
            guard case .malformedResponse = error else { Issue.record("\(error)"); return }
        }
    }
}

/// Replays a fixed list of draws for RFC 2782 selection, then 0.
final class Draws: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [UInt32]
    init(_ values: [UInt32]) { self.values = values }
    var random: ServerSelectionRandom {
        ServerSelectionRandom { _ in
            self.lock.lock(); defer { self.lock.unlock() }
            return self.values.isEmpty ? 0 : self.values.removeFirst()
        }
    }
}
