import Foundation
import Testing
import SIPClient
import TestSupport

/// The TLS acceptance cases against a real Kamailio 5.6 with its tls module, one Kamailio per
/// server configuration on a free loopback port, certificates from `TestCertificates`.
@Suite(.enabled(if: Peers.shouldRun(Peers.kamailio) && Peers.shouldRun(Peers.openssl), "kamailio or openssl not installed"))
struct TLSKamailioTests {
    let pki: TestCertificates

    init() async throws {
        try requirePeer(Peers.kamailio, "kamailio")
        try requirePeer(Peers.openssl, "openssl")
        pki = try await TestCertificates.load()
    }

    func kamailio(_ kind: TestCertificates.Kind, method: String = "TLSv1.2+", requireClientCert: Bool = false) async throws -> KamailioPeer {
        try await KamailioPeer.start(tlsPort: FreePort.tcp(), tls: .init(
            certificate: pki.certificate(kind), privateKey: pki.privateKey(kind), caList: pki.caCertificate,
            method: method, requireClientCertificate: requireClientCert))
    }

    func port(_ k: KamailioPeer) throws -> Int { try #require(k.port("tls")) }

    @Test func verifiedCANotGivenAndInsecure() async throws {
        let k = try await kamailio(.server)
        defer { k.stop() }

        let ok = try await TLSHarness.probe(port: port(k), configuration: .client(caFile: pki.caCertificate))
        #expect(ok.statusLine == "SIP/2.0 200 OK", "\(ok)\n\(k.process.log)")
        let r = try #require(ok.report)
        #expect(r.chainVerification == .verified && r.nameMatch?.matched == "trunk.test" && !r.insecure)
        #expect(r.peerCertificate?.issuer.contains("trunkprobe test CA") == true)
        #expect(r.protocolVersion.hasPrefix("TLSv1."))
        #expect(ok.response?.contains("Server: kamailio") == true || ok.response?.contains("kamailio") == true)

        // No --ca-file: the system trust store does not know the test CA.
        let noCA = try await TLSHarness.probe(port: port(k), configuration: .client())
        #expect(noCA.failure == .unknownIssuer, "\(noCA)")
        #expect(noCA.response == nil)

        let insecure = try await TLSHarness.probe(port: port(k), configuration: .client(insecure: true))
        #expect(insecure.statusLine == "SIP/2.0 200 OK", "\(insecure)")
        #expect(insecure.report?.insecure == true)
        #expect(insecure.report?.chainVerification == .notVerifiedInsecure)
    }

    @Test func wrongNameCertificate() async throws {
        let k = try await kamailio(.wrongName)
        defer { k.stop() }
        let o = try await TLSHarness.probe(port: port(k), configuration: .client(caFile: pki.caCertificate))
        #expect(o.failure == .nameMismatch, "\(o)")
        #expect(o.response == nil)
    }

    @Test func expiredCertificate() async throws {
        let k = try await kamailio(.expired)
        defer { k.stop() }
        let o = try await TLSHarness.probe(port: port(k), configuration: .client(caFile: pki.caCertificate))
        #expect(o.failure == .expired, "\(o)")
        #expect(o.response == nil)
    }

    @Test(arguments: ["TLSv1.2+", "TLSv1.2"])
    func clientCertificateRequired(method: String) async throws {
        let k = try await kamailio(.server, method: method, requireClientCert: true)
        defer { k.stop() }
        let without = try await TLSHarness.probe(port: port(k), configuration: .client(caFile: pki.caCertificate))
        #expect(without.failure == .clientCertificateRequired, "\(without)\n\(k.process.log)")
        #expect(without.response == nil)

        let with = try await TLSHarness.probe(port: port(k), configuration: .client(
            caFile: pki.caCertificate, certificateFile: pki.certificate(.client), privateKeyFile: pki.privateKey(.client)))
        #expect(with.statusLine == "SIP/2.0 200 OK", "\(with)\n\(k.process.log)")
        #expect(with.report?.clientCertificateSent == true)
        if method == "TLSv1.2" { #expect(with.report?.protocolVersion == "TLSv1.2") }
    }
}
