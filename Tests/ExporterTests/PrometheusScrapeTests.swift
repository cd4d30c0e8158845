import Exporter
import Foundation
import Testing
import TestSupport

/// A real Prometheus scrapes two exporter instances that split the targets with `hashmod` relabelling
/// (the way docs/exporter.md scales past one machine), and the test reads probe_success back through
/// Prometheus's HTTP API.
@Suite("Exporter with a real Prometheus",
       .enabled(if: Peers.shouldRun(PrometheusServer.binary) && Peers.shouldRun(Peers.kamailio)))
struct PrometheusScrapeTests {
    static func job(name: String, shard: Int, exporterPort: Int, targets: [String]) -> String {
        """
          - job_name: \(name)
            metrics_path: /probe
            params: {module: [sip_options]}
            scrape_interval: 1s
            scrape_timeout: 1s
            static_configs:
              - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]
            relabel_configs:
              - {source_labels: [__address__], target_label: __param_target}
              - {source_labels: [__param_target], target_label: instance}
              - {source_labels: [__param_target], modulus: 2, target_label: __tmp_shard, action: hashmod}
              - {source_labels: [__tmp_shard], regex: '\(shard)', action: keep}
              - {target_label: exporter, replacement: '\(name)'}
              - {target_label: __address__, replacement: '127.0.0.1:\(exporterPort)'}

        """
    }

    @Test("responder and Kamailio up, dead port down; each target scraped through exactly one of two exporters")
    func twoExportersOnePrometheus() async throws {
        let (responder, responderPort) = try await ExporterHarness.responder()
        defer { Task { await responder.stop() } }
        let kamailioPort = FreePort.pair()
        let kamailio = try KamailioPeer(listens: [.init("udp", port: kamailioPort), .init("tcp", port: kamailioPort)])
        defer { kamailio.stop() }
        let dead = try await ExporterHarness.silentUDP()
        let deadPort = dead.localAddress!.port!
        try await dead.close()

        let yaml = "modules:\n  sip_options: {check: options, timeout: 2s}\n"
        let a = try LiveExporter(try ExporterHarness.exporter(yaml))
        let b = try LiveExporter(try ExporterHarness.exporter(yaml))
        defer { a.stop(); b.stop() }

        // A dozen responder targets (user parts differ) so both shards get some, plus Kamailio and the dead port.
        let responderTargets = (1...12).map { "sip:u\($0)@127.0.0.1:\(responderPort)" }
        let kamailioTarget = "sip:127.0.0.1:\(kamailioPort)"
        let deadTarget = "127.0.0.1:\(deadPort)"
        let targets = responderTargets + [kamailioTarget, deadTarget]
        let configuration = "global: {scrape_interval: 1s, scrape_timeout: 1s}\nscrape_configs:\n"
            + Self.job(name: "exporter_a", shard: 0, exporterPort: a.port, targets: targets)
            + Self.job(name: "exporter_b", shard: 1, exporterPort: b.port, targets: targets)
        let prometheus = try PrometheusServer(configuration: configuration)
        defer { prometheus.stop() }

        var samples: [(labels: [String: String], value: Double)] = []
        let deadline = ContinuousClock.now + .seconds(40)
        while ContinuousClock.now < deadline {
            samples = (try? await prometheus.query("probe_success")) ?? []
            if Set(samples.compactMap { $0.labels["instance"] }).count == targets.count { break }
            try await Task.sleep(for: .milliseconds(500))
        }
        let byInstance = Dictionary(grouping: samples, by: { $0.labels["instance"] ?? "" })
        #expect(byInstance.count == targets.count, "\(samples)\n\(prometheus.process.log.suffix(2000))")
        for target in targets {
            let series = byInstance[target] ?? []
            #expect(series.count == 1, "\(target) is scraped by \(series.count) exporters")
            #expect(series.first?.value == (target == deadTarget ? 0 : 1), "\(target): \(series)")
        }
        // Each exporter probed exactly the targets of its shard.
        for (name, live) in [("exporter_a", a), ("exporter_b", b)] {
            let shardHasTargets = samples.contains { $0.labels["exporter"] == name }
            let probes = ExporterHarness.value("trunkprobe_exporter_probe_duration_seconds_count", labels: "module=\"sip_options\"",
                                               in: live.exporter.metrics.exposition()) ?? 0
            #expect((probes > 0) == shardHasTargets, "\(name): \(probes) probes, shard has targets: \(shardHasTargets)")
        }
        #expect(Set(samples.compactMap { $0.labels["exporter"] }).count == 2, "both shards got targets")
    }
}
