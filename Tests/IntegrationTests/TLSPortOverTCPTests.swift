import Foundation
import Logging
import Probes
import SIPCore
import Testing
import TestSupport

/// The usual mistake: a TLS port (5061) probed over plain TCP. The report's hint must say to use
/// `;transport=tls`, not "check its logs", whether the server closes silently (OpenSSL, so Kamailio) or
/// answers with a TLS alert record first.
@Suite struct TLSPortOverTCPTests {
    let logger = Logger(label: "test")

    func probe(port: Int) async throws -> ProbeReport {
        let configuration = OptionsProbe.Configuration(target: try ProbeTarget(parsing: "127.0.0.1:\(port);transport=tcp"),
                                                       timeout: .seconds(3), userAgent: "trunkprobe-test")
        return await OptionsProbe(configuration: configuration, logger: logger).run()
    }

    @Test("openssl s_server (closes on plaintext without a byte): transport_error, and the hint names ;transport=tls")
    func opensslServer() async throws {
        let openssl = try #require(Peers.openssl)
        let perl = try #require(Peers.executable("perl"))
        let pki = try await TestCertificates.load()
        let port = FreePort.tcp()
        // perl clears the signal mask inherited from libdispatch threads, so SIGTERM stops s_server.
        let server = try PeerProcess(name: "s_server", executable: perl, arguments: [
            "-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new); exec(@ARGV) or die", openssl,
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", pki.certificate(.server), "-key", pki.privateKey(.server), "-quiet"])
        defer { server.stop() }
        #expect(await FreePort.waitForTCPListening(port: port, timeout: 5), "\(server.log)")
        let report = try await probe(port: port)
        #expect(report.verdict == .transportError, "\(report.explanation)")
        #expect(report.hint.contains(";transport=tls"), "\(report.hint)")
    }

    @Test("a server that answers with a TLS alert record: the framer names it and the hint says to use TLS")
    func tlsAlertRecord() async throws {
        // A TLS 1.2 alert record: content type 21, version 3.3, length 2, fatal (2) protocol_version (70).
        let peer = try await RoguePeer.tcp { _ in [[21, 3, 3, 0, 2, 2, 70]] }
        defer { Task { await peer.stop() } }
        let report = try await probe(port: peer.port)
        #expect(report.verdict == .transportError, "\(report.explanation)")
        #expect(report.ignored.contains { $0.contains("TLS record") }, "\(report.ignored)")
        #expect(report.hint.contains(";transport=tls") && report.hint.hasPrefix("this port speaks TLS"), "\(report.hint)")
    }

    @Test("a SIP answer over TCP is not mistaken for TLS: a 200 stays ok with no TLS hint")
    func plainSIPIsNotTLS() async throws {
        let peer = try await RoguePeer.tcp { [RogueAnswers.response(to: $0)] }
        defer { Task { await peer.stop() } }
        let report = try await probe(port: peer.port)
        #expect(report.verdict == .ok, "\(report.explanation)")
        #expect(!report.hint.contains("TLS"))
    }
}
