import Testing
@testable import SIPCore

@Suite struct ResolutionLocatorTests {
    func locate(_ dns: FakeDNS, _ request: ServerLocationRequest, entries: [StaticResolveEntry] = [],
                random: ServerSelectionRandom = .lowest) async throws -> ServerLocation {
        try await ServerLocator(lookup: dns, staticEntries: entries, random: random).locate(request)
    }

    func summary(_ l: ServerLocation) -> [String] { l.targets.map { "\($0.transport) \($0.address):\($0.port)" } }

    // MARK: §4.1 / §4.2 numeric host

    @Test("Numeric IP: no DNS; UDP 5060 for sip:, TLS 5061 for sips:")
    func numeric() async throws {
        let dns = FakeDNS()
        #expect(summary(try await locate(dns, .init(host: "192.0.2.7"))) == ["udp 192.0.2.7:5060"])
        #expect(summary(try await locate(dns, .init(scheme: .sips, host: "192.0.2.7"))) == ["tls 192.0.2.7:5061"])
        #expect(summary(try await locate(dns, .init(host: "[2001:db8::1]", port: 5080, transport: .tcp))) == ["tcp 2001:db8::1:5080"])
        let l = try await locate(dns, .init(host: "192.0.2.7", transport: .tls))
        #expect(summary(l) == ["tls 192.0.2.7:5061"])
        #expect(l.targets[0].chain == [ResolutionStep(type: .numeric, name: "192.0.2.7", value: "192.0.2.7", ttl: nil)])
        #expect(dns.asked.isEmpty)
    }

    // MARK: explicit port

    @Test("Explicit port: no NAPTR, no SRV, A/AAAA on that port; UDP for sip:, TLS for sips:")
    func explicitPort() async throws {
        let dns = FakeDNS()
        dns.host("pbx.example.com", ["192.0.2.1"], ["2001:db8::1"])
        dns.naptr("pbx.example.com", [naptrRec(10, 10, "SIP+D2T", "_sip._tcp.pbx.example.com")])
        let l = try await locate(dns, .init(host: "pbx.example.com", port: 5070))
        #expect(summary(l) == ["udp 192.0.2.1:5070", "udp 2001:db8::1:5070"])
        #expect(Set(dns.asked) == ["A pbx.example.com", "AAAA pbx.example.com"])
        #expect(l.targets[0].chain == [ResolutionStep(type: .a, name: "pbx.example.com", value: "192.0.2.1", ttl: 300)])
        #expect(summary(try await locate(dns, .init(scheme: .sips, host: "pbx.example.com", port: 5071))).first == "tls 192.0.2.1:5071")
        #expect(summary(try await locate(dns, .init(host: "pbx.example.com", port: 5070, transport: .tcp))).first == "tcp 192.0.2.1:5070")
    }

    // MARK: explicit transport

    @Test("Explicit transport, no port: SRV for that transport only, no NAPTR")
    func explicitTransport() async throws {
        let dns = FakeDNS()
        dns.naptr("example.com", [naptrRec(10, 10, "SIP+D2U", "_sip._udp.example.com")])
        dns.srv("_sip._tcp.example.com", [srvRec(10, 0, 5090, "tcp1.example.com")])
        dns.host("tcp1.example.com", ["192.0.2.20"])
        let l = try await locate(dns, .init(host: "example.com", transport: .tcp))
        #expect(summary(l) == ["tcp 192.0.2.20:5090"])
        #expect(!dns.asked.contains { $0.hasPrefix("NAPTR") })
        #expect(l.targets[0].chain.map(\.type) == [.srv, .a])
        #expect(l.targets[0].chain[0].value == "10 0 5090 tcp1.example.com.")
        #expect(l.targets[0].chain[0].ttl == 600)
    }

    @Test("Explicit transport with no SRV falls back to A/AAAA on the transport's default port")
    func explicitTransportNoSRV() async throws {
        let dns = FakeDNS()
        dns.host("example.com", ["192.0.2.30"])
        #expect(summary(try await locate(dns, .init(host: "example.com", transport: .tls))) == ["tls 192.0.2.30:5061"])
        #expect(dns.asked.contains("SRV _sips._tcp.example.com"))
    }

    @Test("sips: with transport=udp is refused; with transport=tcp it means TLS")
    func sipsTransport() async throws {
        let dns = FakeDNS()
        dns.host("example.com", ["192.0.2.30"])
        await #expect(throws: ServerLocationError.self) { try await locate(dns, .init(scheme: .sips, host: "example.com", transport: .udp)) }
        #expect(summary(try await locate(dns, .init(scheme: .sips, host: "example.com", transport: .tcp))) == ["tls 192.0.2.30:5061"])
    }

    // MARK: NAPTR

    static func naptrZone() -> FakeDNS {
        let dns = FakeDNS()
        dns.naptr("example.com", [
            naptrRec(20, 10, "SIP+D2U", "_sip._udp.example.com"),
            naptrRec(10, 20, "SIP+D2T", "_sip._tcp.example.com"),
            naptrRec(10, 10, "SIPS+D2T", "_sips._tcp.example.com"),
            naptrRec(5, 10, "SIP+D2S", "_sip._sctp.example.com"),          // SCTP: unsupported, dropped
            naptrRec(1, 1, "SIP+D2U", "weird.example.com", flags: "a"),    // not an "s" record: dropped
            naptrRec(1, 1, "E2U+sip", "e164.example.com"),                 // ENUM service: dropped
        ])
        dns.srv("_sip._udp.example.com", [srvRec(10, 0, 5060, "udp1.example.com")])
        dns.srv("_sip._tcp.example.com", [srvRec(10, 0, 5060, "tcp1.example.com")])
        dns.srv("_sips._tcp.example.com", [srvRec(10, 0, 5061, "tls1.example.com")])
        dns.host("udp1.example.com", ["192.0.2.1"])
        dns.host("tcp1.example.com", ["192.0.2.2"])
        dns.host("tls1.example.com", ["192.0.2.3"], ["2001:db8::3"])
        return dns
    }

    @Test("NAPTR: supported services only, sorted by order then preference; chain NAPTR→SRV→A with TTLs")
    func naptr() async throws {
        let dns = Self.naptrZone()
        let l = try await locate(dns, .init(host: "example.com"))
        #expect(summary(l) == ["tls 192.0.2.3:5061", "tls 2001:db8::3:5061", "tcp 192.0.2.2:5060", "udp 192.0.2.1:5060"])
        let chain = l.targets[0].chain
        #expect(chain.map(\.type) == [.naptr, .srv, .a])
        #expect(chain[0] == ResolutionStep(type: .naptr, name: "example.com",
                                           value: #"10 10 "s" "SIPS+D2T" "" _sips._tcp.example.com."#, ttl: 3600))
        #expect(chain[1] == ResolutionStep(type: .srv, name: "_sips._tcp.example.com", value: "10 0 5061 tls1.example.com.", ttl: 600))
        #expect(chain[2] == ResolutionStep(type: .a, name: "tls1.example.com", value: "192.0.2.3", ttl: 300))
        #expect(l.targets[1].chain.last?.type == .aaaa)
        #expect(!dns.asked.contains("SRV _sip._sctp.example.com"))
        #expect(!dns.asked.contains { $0.contains("weird") || $0.contains("e164") })
    }

    @Test("sips: keeps only SIPS+D2T from NAPTR")
    func naptrSips() async throws {
        let dns = Self.naptrZone()
        let l = try await locate(dns, .init(scheme: .sips, host: "example.com"))
        #expect(l.targets.allSatisfy { $0.transport == .tls })
        #expect(summary(l) == ["tls 192.0.2.3:5061", "tls 2001:db8::3:5061"])
        #expect(!dns.asked.contains("SRV _sip._udp.example.com") && !dns.asked.contains("SRV _sip._tcp.example.com"))
    }

    @Test("sips: with only non-SIPS NAPTR services falls back to _sips._tcp SRV only")
    func naptrSipsNoneUsable() async throws {
        let dns = FakeDNS()
        dns.naptr("example.com", [naptrRec(10, 10, "SIP+D2U", "_sip._udp.example.com")])
        dns.srv("_sips._tcp.example.com", [srvRec(1, 0, 5061, "tls.example.com")])
        dns.host("tls.example.com", ["192.0.2.9"])
        #expect(summary(try await locate(dns, .init(scheme: .sips, host: "example.com"))) == ["tls 192.0.2.9:5061"])
        #expect(!dns.asked.contains("SRV _sip._udp.example.com"))
        #expect(!dns.asked.contains("SRV _sip._tcp.example.com"))
    }

    @Test("NAPTR present but its SRV is empty: A/AAAA of the domain with the NAPTR transport's default port")
    func naptrWithoutSRV() async throws {
        let dns = FakeDNS()
        dns.naptr("example.com", [naptrRec(10, 10, "SIPS+D2T", "_sips._tcp.example.com")])
        dns.host("example.com", ["192.0.2.40"])
        #expect(summary(try await locate(dns, .init(host: "example.com"))) == ["tls 192.0.2.40:5061"])
    }

    @Test("NAPTR timeout is logged and treated as no NAPTR")
    func naptrError() async throws {
        let dns = FakeDNS()
        let timeout = DNSError.timeout(name: "example.com", type: "NAPTR", server: "127.0.0.1:53", attempts: 2)
        dns.naptrs["example.com"] = .failure(timeout)
        dns.srv("_sip._tcp.example.com", [srvRec(1, 0, 5060, "tcp.example.com")])
        dns.host("tcp.example.com", ["192.0.2.50"])
        let l = try await locate(dns, .init(host: "example.com"))
        #expect(summary(l) == ["tcp 192.0.2.50:5060"])
        #expect(l.queries.first == ResolutionQuery(type: .naptr, name: "example.com", outcome: .failed(timeout)))
    }

    // MARK: no NAPTR

    @Test("No NAPTR: SRV _sip._udp, _sip._tcp, _sips._tcp, results in that order")
    func srvFallback() async throws {
        let dns = FakeDNS()
        dns.srv("_sips._tcp.example.com", [srvRec(1, 0, 5061, "tls.example.com")])
        dns.srv("_sip._udp.example.com", [srvRec(1, 0, 5060, "udp.example.com")])
        dns.host("tls.example.com", ["192.0.2.3"])
        dns.host("udp.example.com", ["192.0.2.1"])
        let l = try await locate(dns, .init(host: "example.com"))
        #expect(summary(l) == ["udp 192.0.2.1:5060", "tls 192.0.2.3:5061"])
        for s in ["_sip._udp", "_sip._tcp", "_sips._tcp"] { #expect(dns.asked.contains("SRV \(s).example.com")) }
        #expect(l.targets[0].chain.map(\.type) == [.srv, .a])
    }

    @Test("No NAPTR, sips: only _sips._tcp is queried")
    func srvFallbackSips() async throws {
        let dns = FakeDNS()
        dns.srv("_sip._udp.example.com", [srvRec(1, 0, 5060, "udp.example.com")])
        dns.host("udp.example.com", ["192.0.2.1"])
        dns.host("example.com", ["192.0.2.100"])
        let l = try await locate(dns, .init(scheme: .sips, host: "example.com"))
        #expect(summary(l) == ["tls 192.0.2.100:5061"])
        #expect(dns.asked.filter { $0.hasPrefix("SRV") } == ["SRV _sips._tcp.example.com"])
    }

    @Test("No NAPTR, no SRV: A/AAAA with UDP 5060 (sip:) or TLS 5061 (sips:)")
    func addressFallback() async throws {
        let dns = FakeDNS()
        dns.host("example.com", ["192.0.2.100"], ["2001:db8::100"])
        #expect(summary(try await locate(dns, .init(host: "example.com"))) == ["udp 192.0.2.100:5060", "udp 2001:db8::100:5060"])
        #expect(summary(try await locate(dns, .init(scheme: .sips, host: "example.com"))) == ["tls 192.0.2.100:5061", "tls 2001:db8::100:5061"])
    }

    @Test("SRV target '.' means not available: no A/AAAA fall-back, no targets")
    func srvDot() async throws {
        let dns = FakeDNS()
        dns.srv("_sips._tcp.example.com", [srvRec(0, 0, 0, "")])
        dns.host("example.com", ["192.0.2.100"])
        await #expect(throws: ServerLocationError.self) { try await locate(dns, .init(scheme: .sips, host: "example.com")) }
        #expect(!dns.asked.contains("A example.com"))
    }

    @Test("Nothing resolves: noTargets carries every query's outcome")
    func noTargets() async throws {
        let dns = FakeDNS()
        do {
            _ = try await ServerLocator(lookup: dns).locate(.init(host: "nowhere.example"))
            Issue.record("expected an error")
        } catch {
            guard case .noTargets(let host, let queries) = error else { Issue.record("\(error)"); return }
            #expect(host == "nowhere.example")
            #expect(queries.count == 6)  // NAPTR, 3 SRV, A, AAAA
            #expect(queries.allSatisfy { $0.outcome == .nxdomain })
            #expect(error.description.contains("NAPTR nowhere.example: NXDOMAIN"))
        }
    }

    // MARK: --resolve

    @Test("--resolve replaces A/AAAA for a matching host and port, after SRV")
    func staticEntries() async throws {
        let dns = FakeDNS()
        dns.srv("_sip._udp.example.com", [srvRec(1, 0, 5080, "sip1.example.com")])
        dns.host("sip1.example.com", ["192.0.2.1"])
        let entry = try StaticResolveEntry(parsing: "SIP1.example.com:5080:127.0.0.1,[::1]")
        let l = try await locate(dns, .init(host: "example.com"), entries: [entry])
        #expect(summary(l) == ["udp 127.0.0.1:5080", "udp ::1:5080"])
        #expect(l.targets[0].chain.map(\.type) == [.srv, .staticEntry])
        #expect(!dns.asked.contains("A sip1.example.com"))

        // Port must match: a 5060 entry does not apply to the 5080 SRV target.
        let other = try StaticResolveEntry(parsing: "sip1.example.com:5060:127.0.0.2")
        #expect(summary(try await locate(dns, .init(host: "example.com"), entries: [other])) == ["udp 192.0.2.1:5080"])

        // Explicit port in the URI.
        #expect(summary(try await locate(FakeDNS(), .init(host: "pbx.test", port: 5099), entries: [.init(host: "pbx.test", port: 5099, addresses: ["10.0.0.9"])]))
                == ["udp 10.0.0.9:5099"])
    }

    @Test("Duplicate targets are kept once")
    func dedupe() async throws {
        let dns = FakeDNS()
        dns.srv("_sip._udp.example.com", [srvRec(1, 0, 5060, "a.example.com"), srvRec(2, 0, 5060, "b.example.com")])
        dns.host("a.example.com", ["192.0.2.1"])
        dns.host("b.example.com", ["192.0.2.1"])
        #expect(summary(try await locate(dns, .init(host: "example.com"))) == ["udp 192.0.2.1:5060"])
    }

    @Test("Request normalisation: brackets, trailing dot, numeric detection")
    func request() {
        #expect(ServerLocationRequest(host: "[::1]").hostIsNumeric)
        #expect(ServerLocationRequest(host: "[::1]").host == "::1")
        #expect(ServerLocationRequest(host: "example.com.").host == "example.com")
        #expect(!ServerLocationRequest(host: "example.com").hostIsNumeric)
        #expect(!ServerLocationRequest(host: "1.2.3.4.example").hostIsNumeric)
    }
}
