import Foundation
import Logging
import NIOCore
import Probes
import SIPClient
import SIPCore
import TestSupport
import Testing

/// The probe against peers that answer with lying framing, oversized datagrams or escape sequences, over
/// UDP, TCP and TLS: every case ends in a classified verdict by the deadline, never a crash or a spin.
@Suite struct HostilePeerProbeTests {
    let logger = Logger(label: "test")

    func probe(_ target: String, transport: SIPTransportKind? = nil, timeout: Duration = .seconds(2),
               tls: TLSClientSettings? = nil) async throws -> (ProbeReport, Duration) {
        var configuration = OptionsProbe.Configuration(target: try ProbeTarget(parsing: target, transport: transport), timeout: timeout,
                                                       userAgent: "trunkprobe-test")
        configuration.tls = tls
        let start = ContinuousClock.now
        let report = await OptionsProbe(configuration: configuration, logger: logger).run()
        return (report, ContinuousClock.now - start)
    }

    /// A response padded with a header to about `size` bytes (UDP: one datagram).
    static func padded(_ request: String, size: Int) -> [UInt8] {
        let base = RogueAnswers.response(to: request).count
        let padding = "X-Padding: " + String(repeating: "p", count: max(0, size - base - 13)) + "\r\n"
        return RogueAnswers.response(to: request, extra: padding)
    }

    @Test("a healthy UDP answer of 3 KB and of 60 KB is read whole: ok", arguments: [3_000, 60_000])
    func largeDatagram(_ size: Int) async throws {
        let peer = try await RoguePeer.udp { [Self.padded($0, size: size)] }
        defer { Task { await peer.stop() } }
        // A generous deadline: a healthy answer ends the probe at once, so only a failure waits for it.
        let (report, _) = try await probe("127.0.0.1:\(peer.port)", timeout: .seconds(8))
        #expect(report.verdict == .ok, "\(size) bytes: \(report.explanation)")
        #expect(report.statusCode == 200)
    }

    static let lies = ["-200", "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "70000", "abc"]

    @Test("UDP: an answer whose Content-Length is negative, overflowing, out of range or a lie is ignored, the probe times out on time",
          arguments: lies + ["500"])
    func lyingDatagram(_ value: String) async throws {
        let peer = try await RoguePeer.udp { [RogueAnswers.response(to: $0, contentLength: value, body: "abc")] }
        defer { Task { await peer.stop() } }
        let (report, elapsed) = try await probe("127.0.0.1:\(peer.port)", timeout: .milliseconds(1200))
        #expect(report.verdict == .timeout, "\(value): \(report.explanation)")
        // The bound is the point (no wedge), with room for a loaded machine: a wedge never ends.
        #expect(elapsed < .seconds(20), "the deadline holds")
        #expect(!report.ignored.isEmpty, "the bad answer is counted as ignored")
    }

    @Test("TCP: a bad Content-Length ends the probe at once as a transport error; a lie that waits ends at the deadline",
          arguments: lies + ["500"])
    func lyingStream(_ value: String) async throws {
        let peer = try await RoguePeer.tcp { [RogueAnswers.response(to: $0, contentLength: value, body: "abc")] }
        defer { Task { await peer.stop() } }
        let (report, elapsed) = try await probe("127.0.0.1:\(peer.port)", transport: .tcp, timeout: .milliseconds(1500))
        #expect(report.verdict != .ok, "\(value): \(report.explanation)")
        #expect(report.status == .critical)
        #expect(elapsed < .seconds(20), "\(value): the deadline holds (took \(elapsed))")
        if value == "500" { #expect(report.verdict == .timeout) }
    }

    @Test("TCP: oversized header section and garbage before the start line are classified, not hung on")
    func streamGarbage() async throws {
        let huge = RogueAnswers.response(to: "", extra: String(repeating: "X-H: \(String(repeating: "h", count: 100))\r\n", count: 300))
        for answer in [huge, Array("\u{1B}[2J HELLO\r\n\r\n".utf8)] {
            let peer = try await RoguePeer.tcp { _ in [answer] }
            let (report, elapsed) = try await probe("127.0.0.1:\(peer.port)", transport: .tcp, timeout: .milliseconds(1500))
            await peer.stop()
            #expect(report.verdict != .ok)
            #expect(elapsed < .seconds(20))
        }
    }

    @Test("TLS: a bad Content-Length over TLS is classified by the deadline too", arguments: ["-200", "99999999999999999999999"])
    func lyingTLS(_ value: String) async throws {
        let context = try OpenSSLContext(configuration: .server(try SelfSignedCertificate(name: "127.0.0.1")))
        let peer = try await RoguePeer.tcp(security: { channel in
            try channel.pipeline.syncOperations.addHandler(TLSHandler(server: context))
        }, answers: { [RogueAnswers.response(to: $0, contentLength: value, body: "abc")] })
        defer { Task { await peer.stop() } }
        let (report, elapsed) = try await probe("sips:127.0.0.1:\(peer.port)", timeout: .milliseconds(2000),
                                                tls: TLSClientSettings(insecure: true))
        #expect(report.verdict != .ok, "\(report.explanation)")
        #expect(report.tlsFailure == nil, "the handshake itself succeeded: \(report.explanation)")
        #expect(elapsed < .seconds(20))
    }

    @Test("escape sequences in the Server header and reason phrase are printed escaped by `trunkprobe options`")
    func escapedText() async throws {
        let peer = try await RoguePeer.udp {
            [RogueAnswers.response(to: $0, extra: "Server: evil\u{1B}]0;owned\u{07}\u{1B}[2J\r\n", reason: "OK\u{1B}[31m red")]
        }
        defer { Task { await peer.stop() } }
        let run = try await CommandRun.run(CommandRun.trunkprobe, ["options", "127.0.0.1:\(peer.port)", "--timeout", "2"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(!run.stdout.contains("\u{1B}"), "no raw ESC reaches the terminal")
        #expect(!run.stdout.contains("\u{07}"))
        #expect(run.stdout.contains("evil\\u001B]0;owned\\u0007\\u001B[2J"), "\(run.stdout)")
        #expect(run.stdout.contains("OK\\u001B[31m red"), "\(run.stdout)")
        let json = try await CommandRun.run(CommandRun.trunkprobe, ["options", "127.0.0.1:\(peer.port)", "--timeout", "2", "--format", "json"])
        #expect(!json.stdout.contains("\u{1B}"), "JSON escapes control characters itself")
        #expect(json.stdout.contains("\\u001b") || json.stdout.contains("\\u001B"), "\(json.stdout)")
    }

    @Test("--bind on a UDP port another socket holds is an error naming the address, not a shared socket")
    func bindTakenUDPPort() async throws {
        // A SIP server sets SO_REUSEADDR on its socket (Kamailio does): the probe must still not join it.
        let holder = try await RoguePeer.udp(reuseAddress: true)
        defer { Task { await holder.stop() } }
        let target = try await RoguePeer.udp { [RogueAnswers.response(to: $0)] }
        defer { Task { await target.stop() } }
        let run = try await CommandRun.run(CommandRun.trunkprobe, ["options", "127.0.0.1:\(target.port)", "--bind", "127.0.0.1:\(holder.port)",
                                                             "--timeout", "2"])
        #expect(run.status != 0)
        #expect((run.stdout + run.stderr).contains("udp:127.0.0.1:\(holder.port)"), "\(run.stdout)\n\(run.stderr)")
        #expect((run.stdout + run.stderr).contains("already in use"))
        #expect(target.receivedCount == 0)
    }
}
