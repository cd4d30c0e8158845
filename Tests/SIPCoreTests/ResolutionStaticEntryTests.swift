import Testing
@testable import SIPCore

@Suite struct ResolutionStaticEntryTests {
    @Test("Parses HOST:PORT:ADDRESS with IPv4, bracketed and bare IPv6, several addresses")
    func valid() throws {
        let e = try StaticResolveEntry(parsing: "Sip.Example.COM:5061:192.0.2.1")
        #expect(e.host == "sip.example.com" && e.port == 5061 && e.addresses == ["192.0.2.1"])
        #expect(try StaticResolveEntry(parsing: "h:5060:[2001:db8::1]").addresses == ["2001:db8::1"])
        #expect(try StaticResolveEntry(parsing: "h:5060:2001:db8::1").addresses == ["2001:db8::1"])
        #expect(try StaticResolveEntry(parsing: "+h:5060:10.0.0.1, [::1]").addresses == ["10.0.0.1", "::1"])
        #expect(e.matches(host: "SIP.example.com.", port: 5061))
        #expect(!e.matches(host: "sip.example.com", port: 5060))
        #expect(try StaticResolveEntry(parsing: "h:5060:[::1],10.0.0.1").description == "h:5060:[::1],10.0.0.1")
    }

    @Test("Clear errors", arguments: [
        ("", "expected HOST:PORT:ADDRESS"), ("example.com", "expected HOST:PORT:ADDRESS"),
        ("example.com:5060", "expected HOST:PORT:ADDRESS"), (":5060:1.2.3.4", "host is empty"),
        ("h:0:1.2.3.4", "is not a port"), ("h:70000:1.2.3.4", "is not a port"), ("h:abc:1.2.3.4", "is not a port"),
        ("h:5060:", "expected HOST:PORT:ADDRESS"), ("h:5060:not-an-ip", "not a numeric"), ("h:5060:1.2.3.4,", "not a numeric"),
        ("h:5060:1.2.3.999", "not a numeric"), ("-h:5060", "not supported"), ("*:5060:1.2.3.4", "not supported"),
    ])
    func invalid(_ input: String, _ message: String) {
        do {
            _ = try StaticResolveEntry(parsing: input)
            Issue.record("'\(input)' parsed")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
        }
    }
}

@Suite struct ResolutionWildcardEntryTests {
    @Test("*.DOMAIN matches names under DOMAIN only; ADDRESS:PORT sets the port to connect to")
    func wildcardAndPort() throws {
        let e = try StaticResolveEntry(parsing: "*.zt.plivo.com:5060:127.0.0.1:25090")
        #expect(e.isWildcard && e.connectPort == 25090 && e.addresses == ["127.0.0.1"])
        #expect(e.matches(host: "21784177241578.ZT.plivo.com", port: 5060))
        #expect(!e.matches(host: "zt.plivo.com", port: 5060))
        #expect(!e.matches(host: "x.zt.plivo.com", port: 5061))
        #expect(e.description == "*.zt.plivo.com:5060:127.0.0.1:25090")
        #expect(try StaticResolveEntry(parsing: "h:5060:[::1]:5080").connectPort == 5080)
        #expect(try StaticResolveEntry(parsing: "h:5060:2001:db8::1").connectPort == nil)
        #expect(throws: StaticResolveEntry.ParseError.self) { try StaticResolveEntry(parsing: "a.*.com:5060:1.2.3.4") }
        #expect(throws: StaticResolveEntry.ParseError.self) { try StaticResolveEntry(parsing: "*.x.com:5060:1.2.3.4:0") }
    }

    @Test("A wildcard entry pins its names: no NAPTR or SRV query, the entry's address and port")
    func pinsWithoutDNS() async throws {
        let dns = FakeDNS()
        let entry = try StaticResolveEntry(parsing: "*.zt.plivo.com:5060:127.0.0.1:25090")
        let location = try await ServerLocator(lookup: dns, staticEntries: [entry]).locate(uri: "sip:1234.zt.plivo.com")
        #expect(dns.asked.isEmpty)
        #expect(location.targets.map(\.address) == ["127.0.0.1"])
        #expect(location.targets.map(\.port) == [25090])
        #expect(location.targets.map(\.transport) == [.udp])
        // Another port than the entry's: ordinary resolution.
        _ = try? await ServerLocator(lookup: dns, staticEntries: [entry]).locate(uri: "sip:1234.zt.plivo.com:5070")
        #expect(!dns.asked.isEmpty)
    }
}
