import Testing
@testable import SIPCore

@Suite struct ResolutionRequestURITests {
    @Test("URI strings: scheme, user with ';', IPv6, port, transport, maddr, headers")
    func parse() throws {
        let a = try ServerLocationRequest(uri: "sip:+15551234567;npdi@Trunk.Example.com;transport=TCP")
        #expect(a == ServerLocationRequest(scheme: .sip, host: "Trunk.Example.com", port: nil, transport: .tcp))
        let b = try ServerLocationRequest(uri: "<sips:alice@[2001:db8::1]:5071;lr?Subject=x>")
        #expect(b.scheme == .sips && b.host == "2001:db8::1" && b.port == 5071 && b.hostIsNumeric)
        let c = try ServerLocationRequest(uri: "SIP:pbx.example.com:5080;maddr=192.0.2.9")
        #expect(c.host == "192.0.2.9" && c.port == 5080 && c.hostIsNumeric)
        let d = try ServerLocationRequest(uri: "sip:example.com")
        #expect(d.host == "example.com" && d.port == nil && d.transport == nil && !d.hostIsNumeric)
    }

    @Test("URI errors are typed", arguments: ["http://x", "example.com", "sip:", "sip:user@", "sip:h:0", "sip:h:x",
                                            "sip:[::1", "sip:h;transport=sctp", "sip:[::1]5060"])
    func errors(_ uri: String) {
        #expect(throws: ServerLocationRequest.URIError.self) { try ServerLocationRequest(uri: uri) }
    }

    @Test("locate(uri:) reads the URI and locates; a bad URI is invalidRequest")
    func locateURI() async throws {
        let dns = FakeDNS()
        dns.host("pbx.example.com", ["192.0.2.1"])
        let l = try await ServerLocator(lookup: dns).locate(uri: "sips:pbx.example.com:5071")
        #expect(l.targets.map(\.description) == ["tls 192.0.2.1:5071 (pbx.example.com)"])
        await #expect(throws: ServerLocationError.invalidRequest("'http://x' is not a sip: or sips: URI")) {
            try await ServerLocator(lookup: dns).locate(uri: "http://x")
        }
    }
}
