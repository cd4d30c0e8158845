import Foundation
import Logging
import NIOCore
import NIOPosix
import Probes
import SIPClient
import SIPCore
import TestSupport
import Testing

/// Real listeners on loopback that never finish a stage: each probe must end within its timeout plus a
/// small margin, with the right verdict and the stalled stage named (docs/verdicts.md, "Which stage stalled").
@Suite struct EndpointDeadlineTests {
    let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
    /// Generous: the suite runs in parallel on two loaded cores (other engineers' builds included); the
    /// bugs this guards were "never returns" and "12 s for a 2 s timeout", both far outside it.
    static let margin: Duration = .seconds(5)

    /// A TCP listener that accepts and never writes a byte.
    final class SilentTCP: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {}
    }

    static func silentTCPServer() async throws -> any Channel {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(SilentTCP()) } }
            .bind(host: "127.0.0.1", port: 0).get()
    }

    func probe(_ target: String, timeout: Duration, dnsServer: String? = nil) async throws -> (ProbeReport, Duration) {
        var configuration = OptionsProbe.Configuration(target: try ProbeTarget(parsing: target), timeout: timeout, userAgent: "trunkprobe-test",
                                                        tls: TLSClientSettings(insecure: true))
        configuration.resolution.dnsServer = dnsServer
        // An event loop of its own, so the deadline is not queued behind other tests' I/O on the shared loops.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { group.shutdownGracefully { _ in } }
        let started = ContinuousClock.now
        let report = await OptionsProbe(configuration: configuration, group: group, logger: logger).run()
        return (report, ContinuousClock.now - started)
    }

    @Test("TLS to a peer that accepts and stays silent: timeout at the deadline, stalled in tls_handshake")
    func tlsSilentPeer() async throws {
        let server = try await Self.silentTCPServer()
        defer { server.close(promise: nil) }
        let port = server.localAddress!.port!
        // 2 s, so that even on loaded cores the loopback connect completes and the handshake is what stalls.
        let (report, took) = try await probe("sip:127.0.0.1:\(port);transport=tls", timeout: .seconds(2))
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.stalledStage == .tlsHandshake)
        #expect(report.explanation.contains("TLS handshake did not complete"))
        #expect(report.status == .critical)
        #expect(took < .seconds(2) + Self.margin, "took \(took)")
    }

    @Test("TLS to a plain TCP SIP port (Kamailio): ends at the deadline with tls_handshake or tls_failed", .needsKamailio)
    func tlsToPlainTCPSIP() async throws {
        let port = FreePort.pair()
        let kamailio = try await KamailioPeer.start(listens: [.init("udp", port: port), .init("tcp", port: port)])
        defer { kamailio.stop() }
        let (report, took) = try await probe("sip:127.0.0.1:\(port);transport=tls", timeout: .seconds(2))
        #expect([.timeout, .tlsFailed].contains(report.verdict), "\(report.explanation)")
        if report.verdict == .timeout { #expect(report.stalledStage == .tlsHandshake) }
        #expect(took < .seconds(2) + Self.margin, "took \(took)")
    }

    @Test("TCP peer that accepts and stays silent: timeout, stalled in the transaction")
    func tcpSilentPeer() async throws {
        let server = try await Self.silentTCPServer()
        defer { server.close(promise: nil) }
        let port = server.localAddress!.port!
        let (report, took) = try await probe("sip:127.0.0.1:\(port);transport=tcp", timeout: .seconds(2))
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.stalledStage == .transaction)
        #expect(report.connectMs != nil)
        #expect(took < .seconds(2) + Self.margin, "took \(took)")
    }

    @Test("--dns-server that never answers: --timeout 2 ends in about 2 s, stalled in dns")
    func silentDNSServer() async throws {
        // A bound UDP socket that reads nothing and answers nothing.
        let silent = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = silent.localAddress!.port!
        let (report, took) = try await probe("sip:trunk.example.test", timeout: .seconds(2), dnsServer: "127.0.0.1:\(port)")
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.stalledStage == .dns)
        #expect(report.explanation.contains("name resolution did not finish"))
        #expect(took < .seconds(2) + Self.margin, "took \(took)")
    }
}
