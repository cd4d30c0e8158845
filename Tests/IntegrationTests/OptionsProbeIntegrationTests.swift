import Foundation
import Logging
import Probes
import SIPClient
import SIPCore
import TestSupport
import Testing

@Suite(.serialized) struct OptionsProbeIntegrationTests {
    let logger = Logger(label: "test")

    func probe(_ target: String, transport: SIPTransportKind? = nil, timeout: Duration = .seconds(3)) async throws -> ProbeReport {
        let t = try ProbeTarget(parsing: target, transport: transport)
        return await OptionsProbe(configuration: .init(target: t, timeout: timeout, userAgent: "trunkprobe-test"), logger: logger).run()
    }

    @Test("OPTIONS over UDP to a real Kamailio: 200, its Server and Allow headers, Via received/rport", .needsKamailio)
    func kamailioUDP() async throws {
        let port = FreePort.pair()
        let kamailio = try await KamailioPeer.start(listens: [.init("udp", port: port), .init("tcp", port: port)])
        defer { kamailio.stop() }
        let report = try await probe("sip:127.0.0.1:\(port)")
        #expect(report.verdict == .ok, "\(report.explanation)\n\(kamailio.process.log)")
        #expect(report.statusCode == 200)
        #expect(report.status == .ok)
        #expect(report.headers["server"]?.lowercased().contains("kamailio") == true)
        #expect(report.headers["allow"]?.contains("OPTIONS") == true)
        #expect(report.headers["supported"] == "path")
        #expect(report.nat?.received == "127.0.0.1")
        #expect(report.nat?.rport == Int(report.localAddress?.split(separator: ":").last ?? ""))
        #expect(report.nat?.natDetected == false)
        #expect(report.retransmissions == 0)
        #expect((report.rttMs ?? 1e9) < 1000)
        #expect(report.remoteAddress == "127.0.0.1:\(port)")
    }

    @Test("OPTIONS over TCP to a real Kamailio: 200 with connect time measured", .needsKamailio)
    func kamailioTCP() async throws {
        let port = FreePort.pair()
        let kamailio = try await KamailioPeer.start(listens: [.init("udp", port: port), .init("tcp", port: port)])
        defer { kamailio.stop() }
        let report = try await probe("127.0.0.1:\(port);transport=tcp")
        #expect(report.verdict == .ok, "\(report.explanation)\n\(kamailio.process.log)")
        #expect(report.transport == .tcp)
        #expect(report.connectMs != nil)
        #expect(report.headers["server"]?.lowercased().contains("kamailio") == true)
        let viaTransportOK = report.requestURI.hasSuffix("transport=tcp")
        #expect(viaTransportOK)
    }

    @Test("a closed UDP port is refused (ICMP port unreachable) within a second")
    func closedUDPPort() async throws {
        let port = FreePort.udp()
        let start = ContinuousClock.now
        let report = try await probe("127.0.0.1:\(port)")
        #expect(report.verdict == .refused, "\(report.explanation)")
        #expect(report.status == .critical)
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("a closed TCP port is refused (reset) within a second")
    func closedTCPPort() async throws {
        let refusing = RefusingTCPPort()
        let start = ContinuousClock.now
        let report = try await probe("127.0.0.1:\(refusing.port)", transport: .tcp)
        withExtendedLifetime(refusing) {}
        #expect(report.verdict == .refused, "\(report.explanation)")
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test("a silent UDP socket times out at the deadline with its retransmissions counted")
    func silentUDP() async throws {
        let peer = try await RoguePeer.udp()
        let start = ContinuousClock.now
        let report = try await probe("127.0.0.1:\(peer.port)", timeout: .milliseconds(2000))
        let elapsed = ContinuousClock.now - start
        await peer.stop()
        #expect(report.verdict == .timeout)
        #expect(report.status == .critical)
        // Sends at 0, 0.5 and 1.5 s; the 2 s deadline cuts the next one (3.5 s).
        #expect(report.retransmissions == 2)
        #expect(peer.receivedCount == 3)
        // Ended by the 2 s deadline, not by Timer F (32 s); loose above because the suite runs in parallel.
        #expect(elapsed >= .milliseconds(1990) && elapsed < .seconds(8))
        #expect(report.explanation.contains("UDP"))
    }

    @Test("garbage, a wrong branch and an oversized datagram are ignored; the real answer still counts")
    func malformedThenValid() async throws {
        let peer = try await RoguePeer.udp { request in
            [Array("this is not SIP at all".utf8),
             RogueAnswers.response(to: request, code: 200, branch: "z9hG4bKnotyours"),
             Array("SIP/2.0 200 OK\r\nVia: broken\r\n".utf8),
             Array(repeating: UInt8(ascii: "A"), count: 60_000),
             RogueAnswers.response(to: request, code: 404, extra: "Server: rogue\r\n")]
        }
        let report = try await probe("127.0.0.1:\(peer.port)")
        await peer.stop()
        #expect(report.statusCode == 404)
        #expect(report.verdict == .reachable)
        #expect(report.status == .ok)
        #expect(report.headers["server"] == "rogue")
        #expect(report.ignored.count >= 3, "\(report.ignored)")
    }

    @Test("a TCP peer that sends more than 64 KiB without a message end is cut off, not buffered forever")
    func oversizedStream() async throws {
        let peer = try await RoguePeer.tcp { _ in [Array(repeating: UInt8(ascii: "B"), count: 70_000)] }
        let report = try await probe("127.0.0.1:\(peer.port)", transport: .tcp)
        await peer.stop()
        #expect(report.verdict == .transportError, "\(report.explanation)")
        #expect(report.statusCode == nil)
    }

    @Test("a TCP peer answering in two chunks is framed by Content-Length")
    func fragmentedStream() async throws {
        let peer = try await RoguePeer.tcp { request in
            let whole = RogueAnswers.response(to: request, code: 200)
            return [Array(whole[..<20]), Array(whole[20...])]
        }
        let report = try await probe("127.0.0.1:\(peer.port)", transport: .tcp)
        await peer.stop()
        #expect(report.verdict == .ok, "\(report.explanation)")
    }

    @Test("OPTIONS answers a Kamailio 401 with credentials: right password → 200 ok, wrong → auth_rejected", .needsKamailio)
    func optionsWithCredentials() async throws {
        let port = FreePort.pair()
        let route = """
            request_route {
                if (is_method("OPTIONS")) {
                    if (!pv_www_authenticate("trunk.test", "s3cret", "0")) { www_challenge("trunk.test", "1"); exit; }
                    sl_send_reply("200", "OK");
                    exit;
                }
                sl_send_reply("501", "Not Implemented");
            }
            """
        let kamailio = try await KamailioPeer.start(listens: [.init("udp", port: port), .init("tcp", port: port)], modules: ["auth"],
                                        globals: #"modparam("auth", "algorithm", "SHA-256")"#, routeScript: route)
        defer { kamailio.stop() }
        let t = try ProbeTarget(parsing: "sip:127.0.0.1:\(port)")
        func run(_ password: String?) async -> ProbeReport {
            await OptionsProbe(configuration: .init(target: t, timeout: .seconds(3),
                                                    credentials: password.map { DigestCredentials(username: "alice", password: $0) }),
                               logger: logger).run()
        }
        let good = await run("s3cret")
        #expect(good.verdict == .ok, "\(good.explanation)")
        #expect(good.auth?.challengedWith == 401)
        #expect(good.auth?.algorithm == "SHA-256")
        #expect(good.exchange.filter { $0.direction == "sent" }.count == 2)
        let bad = await run("nope")
        #expect(bad.verdict == .authRejected)
        #expect(bad.status == .critical)
        let none = await run(nil)
        #expect(none.verdict == .reachable)
        #expect(none.statusCode == 401)
        #expect(none.status == .ok)
    }

    @Test("OPTIONS over TLS to Kamailio's tls module: verified ok; expired → tls_failed; a certificate expiring in 5 days → WARNING", .needsKamailio)
    func kamailioTLS() async throws {
        let certs = try await TestCertificates.load()
        func probe(_ kind: TestCertificates.Kind) async throws -> ProbeReport {
            let port = FreePort.tcp()
            let kamailio = try await KamailioPeer.start(tlsPort: port, tls: .init(certificate: certs.certificate(kind), privateKey: certs.privateKey(kind)))
            defer { kamailio.stop() }
            var config = OptionsProbe.Configuration(target: try ProbeTarget(parsing: "sips:\(TestCertificates.serverName):\(port)"), timeout: .seconds(3))
            config.resolution = ResolutionSettings(staticEntries: [try StaticResolveEntry(parsing: "\(TestCertificates.serverName):\(port):127.0.0.1")])
            config.tls = TLSClientSettings(caFile: certs.caCertificate)
            return await OptionsProbe(configuration: config, logger: logger).run()
        }
        let ok = try await probe(.server)
        #expect(ok.verdict == .ok, "\(ok.explanation)")
        #expect(ok.tls?.insecure == false)
        #expect(ok.status == .ok)
        let expired = try await probe(.expired)
        #expect(expired.verdict == .tlsFailed)
        #expect(expired.tlsFailure == .expired)
        let soon = try await probe(.expiringSoon)
        #expect(soon.verdict == .ok)
        #expect(soon.status == .warning)
        #expect(soon.explanation.contains("its TLS certificate expires in"))
    }

    @Test("an unresolvable host name is dns_failed")
    func dnsFailure() async throws {
        let report = try await probe("no-such-host.invalid")
        #expect(report.verdict == .dnsFailed)
        #expect(report.status == .critical)
    }
}
