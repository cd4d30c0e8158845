import SIPClient
import SIPCore
import Testing
@testable import Probes

/// Hints fit the evidence: the same verdict gets a different hint when the detail says which mistake it is.
@Suite("Hints from the evidence")
struct EvidenceHintTests {
    static func report(_ transport: SIPTransportKind = .udp) -> ProbeReport {
        ProbeReport.blank(check: "options", target: "trunk.example.com", requestURI: "sip:trunk.example.com", transport: transport)
    }

    @Test("a DNS server that answers REFUSED or SERVFAIL is not a spelling mistake; NXDOMAIN still is", arguments: [5, 2])
    func dnsRefused(rcode: Int) {
        let detail = DNSError.serverFailure(name: "trunk.example.com", type: "A", server: "127.0.0.1:53", rcode: rcode).description
        let r = Self.report().concluded(.dnsFailed, detail: detail, policy: .default)
        #expect(r.hint.contains("answered \(DNSError.rcodeName(rcode))"), "\(r.hint)")
        #expect(!r.hint.contains("spelling"))
        let nx = Self.report().concluded(.dnsFailed, detail: "DNS A trunk.example.com: no such name", policy: .default)
        #expect(nx.hint.contains("spelling"))
    }

    @Test("over TCP: a TLS record, or a close before any answer, points at ;transport=tls; over UDP it does not")
    func tlsPortOverTCP() {
        let record = Self.report(.tcp).concluded(.transportError, detail: "peer sent bytes that cannot be framed: "
                                                 + SIPStreamFramer.tlsRecordDescription, policy: .default)
        #expect(record.hint.hasPrefix("this port speaks TLS"))
        let silent = Self.report(.tcp).concluded(.transportError, detail: "connection closed by peer", policy: .default)
        #expect(silent.hint.contains(";transport=tls"))
        let udp = Self.report(.udp).concluded(.transportError, detail: "connection closed by peer", policy: .default)
        #expect(!udp.hint.contains("transport=tls"))
    }
}
