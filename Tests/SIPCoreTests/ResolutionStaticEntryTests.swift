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
