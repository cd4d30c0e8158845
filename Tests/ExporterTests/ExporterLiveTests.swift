import Exporter
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing
import TestSupport

/// A live server on an ephemeral port, and `promtool check metrics` on what it serves.
@Suite("Exporter live", .enabled(if: Peers.shouldRun(PrometheusServer.promtool)))
struct ExporterLiveTests {
    static func promtoolCheckMetrics(_ text: String) async throws -> CommandRun {
        guard let promtool = PrometheusServer.promtool else { throw PeerError("promtool is not installed (Debian package: prometheus)") }
        return try await CommandRun.run(promtool, ["check", "metrics"], stdin: text)
    }

    @Test("HummingbirdTesting .live: /probe and /metrics over a socket pass promtool check metrics")
    func liveAndPromtool() async throws {
        let (responder, port) = try await ExporterHarness.responder()
        defer { Task { await responder.stop() } }
        let exporter = try ExporterHarness.exporter("""
            modules:
              sip_options: {check: options}
              fo: {check: failover}
            """)
        let app = Application(router: ExporterRouter.router(for: exporter))
        try await app.test(.live) { client in
            var bodies: [String] = []
            for uri in ["/probe?module=sip_options&target=sip:127.0.0.1:\(port)",
                        "/probe?module=fo&target=127.0.0.1:\(port)&fallback=127.0.0.1:\(port)"] {
                let body = try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
                bodies.append(body)
            }
            bodies.append(try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            })
            for body in bodies {
                let check = try await Self.promtoolCheckMetrics(body)
                #expect(check.status == 0, "promtool: \(check.stdout)\(check.stderr)\n\(body)")
            }
            #expect(ExporterHarness.value("probe_sip_failover_verdict", labels: "verdict=\"healthy\"", in: bodies[1]) == 1)
        }
    }
}
