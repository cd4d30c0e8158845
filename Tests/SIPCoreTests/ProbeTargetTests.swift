import Testing
@testable import SIPCore

@Suite struct ProbeTargetTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var input: String
        var host: String
        var port: Int
        var transport: SIPTransportKind
        var uri: String
        var testDescription: String { input }
    }

    @Test("every form users write resolves to a URI, transport and port", arguments: [
        Case(input: "sip.example.com", host: "sip.example.com", port: 5060, transport: .udp, uri: "sip:sip.example.com"),
        Case(input: "sip.example.com:5060", host: "sip.example.com", port: 5060, transport: .udp, uri: "sip:sip.example.com:5060"),
        Case(input: "192.168.1.100", host: "192.168.1.100", port: 5060, transport: .udp, uri: "sip:192.168.1.100"),
        Case(input: "192.168.1.100:5060", host: "192.168.1.100", port: 5060, transport: .udp, uri: "sip:192.168.1.100:5060"),
        Case(input: "sip:alice@pbx.example.com", host: "pbx.example.com", port: 5060, transport: .udp, uri: "sip:alice@pbx.example.com"),
        Case(input: "sip:+14155550100@21784177241578.zt.plivo.com", host: "21784177241578.zt.plivo.com", port: 5060, transport: .udp,
             uri: "sip:+14155550100@21784177241578.zt.plivo.com"),
        Case(input: "sips:secure.example.com", host: "secure.example.com", port: 5061, transport: .tls, uri: "sips:secure.example.com"),
        Case(input: "sip:host.example.com;transport=tcp", host: "host.example.com", port: 5060, transport: .tcp,
             uri: "sip:host.example.com;transport=tcp"),
        Case(input: "sip:host.example.com;transport=TLS", host: "host.example.com", port: 5061, transport: .tls,
             uri: "sip:host.example.com;transport=TLS"),
        Case(input: "sip.rtc.elevenlabs.io:5060;transport=tcp", host: "sip.rtc.elevenlabs.io", port: 5060, transport: .tcp,
             uri: "sip:sip.rtc.elevenlabs.io:5060;transport=tcp"),
        Case(input: "vjnxecm0tjk.sip.livekit.cloud;transport=tls", host: "vjnxecm0tjk.sip.livekit.cloud", port: 5061, transport: .tls,
             uri: "sip:vjnxecm0tjk.sip.livekit.cloud;transport=tls"),
        Case(input: "[2001:db8::1]:5070", host: "2001:db8::1", port: 5070, transport: .udp, uri: "sip:[2001:db8::1]:5070"),
        Case(input: "sip:[::1]", host: "::1", port: 5060, transport: .udp, uri: "sip:[::1]"),
        Case(input: "sips:bob@[2001:db8::2]:5071", host: "2001:db8::2", port: 5071, transport: .tls, uri: "sips:bob@[2001:db8::2]:5071"),
        Case(input: "SIP:Upper.Example.com", host: "Upper.Example.com", port: 5060, transport: .udp, uri: "sip:Upper.Example.com"),
    ])
    func forms(_ c: Case) throws {
        let target = try ProbeTarget(parsing: c.input)
        #expect(target.host == c.host)
        #expect(target.port == c.port)
        #expect(target.transport == c.transport)
        #expect(target.uri.description == c.uri)
    }

    @Test("--transport overrides the default and the URI parameter, and the Request-URI follows")
    func override() throws {
        let t = try ProbeTarget(parsing: "sip:h.example.com;transport=udp", transport: .tcp)
        #expect(t.transport == .tcp)
        #expect(t.uri.description == "sip:h.example.com;transport=tcp")
        let u = try ProbeTarget(parsing: "h.example.com", transport: .tls)
        #expect(u.port == 5061)
        #expect(u.transportIsExplicit)
    }

    @Test("bad targets are refused with a message naming the problem", arguments: [
        "", "sip:", "sips:host;transport=udp", "http://example.com", "tel:+14155550100", "host:99999", "host:0",
        "[2001:db8::1", "[nothex]:5060", "sip:host;transport=carrier-pigeon", "exa mple.com", "300.1.1.1",
        "host..example", "sip:@host", "sip:host?subject=x", "-bad.example.com", "host:port",
    ])
    func bad(_ input: String) {
        #expect(throws: SIPParseError.self) { try ProbeTarget(parsing: input) }
    }

    @Test("Via parses sent-by, IPv6, and rport with and without a value")
    func via() throws {
        let v = try Via(parsing: "SIP/2.0/UDP [2001:db8::9]:5060;branch=z9hG4bKx;rport=1234;received=2001:db8::10")
        #expect(v.host == "2001:db8::9")
        #expect(v.rport == 1234)
        #expect(v.received == "2001:db8::10")
        let w = try Via(parsing: "SIP / 2.0 / tcp host.example.com;branch=z9hG4bKy;rport")
        #expect(w.transport == "TCP")
        #expect(w.rport == nil)
        #expect(w.parameter("rport") != nil)
        #expect(w.headerValue == "SIP/2.0/TCP host.example.com;branch=z9hG4bKy;rport")
    }
}
