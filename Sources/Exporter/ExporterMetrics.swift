import CoreMetrics
import Foundation
import Metrics
import Prometheus

/// The exporter's own series on /metrics, recorded through swift-metrics into a registry of this exporter's
/// own (no global bootstrap, so several exporters can live in one process). docs/exporter.md lists them.
public final class ExporterMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let factory: DocumentedMetricsFactory
    private let inFlight: Meter
    private let lastReloadSuccessful: Meter
    private let lastReloadTimestamp: Meter

    static let help: [String: String] = [
        "trunkprobe_exporter_probes_total": "Scrapes of /probe answered, by module and result (success, failure, cached, concurrency_limited).",
        "trunkprobe_exporter_probe_duration_seconds": "Duration of the probes this exporter sent, by module (cached answers excluded).",
        "trunkprobe_exporter_probes_in_flight": "Probes running now.",
        "trunkprobe_exporter_pacing_hits_total": "Scrapes answered from the last result because the module's min_interval had not passed, by module.",
        "trunkprobe_exporter_config_reloads_total": "Configuration reloads, by result (success, failure).",
        "trunkprobe_exporter_config_last_reload_successful": "1 when the last configuration reload succeeded, 0 when it failed and the previous configuration is kept.",
        "trunkprobe_exporter_config_last_reload_success_timestamp_seconds": "When the configuration was last loaded successfully, as a Unix timestamp.",
        "trunkprobe_exporter_module_unknown_total": "Scrapes that named a module the configuration does not have.",
        "trunkprobe_exporter_build_info": "The exporter's version; the value is always 1.",
    ]

    public init(version: String) {
        registry = PrometheusCollectorRegistry()
        factory = DocumentedMetricsFactory(
            registry: registry, help: Self.help,
            buckets: [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                      .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30)])
        inFlight = Meter(label: "trunkprobe_exporter_probes_in_flight", factory: factory)
        lastReloadSuccessful = Meter(label: "trunkprobe_exporter_config_last_reload_successful", factory: factory)
        lastReloadTimestamp = Meter(label: "trunkprobe_exporter_config_last_reload_success_timestamp_seconds", factory: factory)
        Meter(label: "trunkprobe_exporter_build_info", dimensions: [("version", version)], factory: factory).set(1)
        inFlight.set(0)
        Counter(label: "trunkprobe_exporter_module_unknown_total", factory: factory).increment(by: 0)
    }

    func probeStarted() { inFlight.increment() }
    func probeEnded() { inFlight.decrement() }

    func answered(module: String, result: String) {
        Counter(label: "trunkprobe_exporter_probes_total", dimensions: [("module", module), ("result", result)], factory: factory).increment()
    }

    func probed(module: String, duration: Duration) {
        CoreMetrics.Timer(label: "trunkprobe_exporter_probe_duration_seconds", dimensions: [("module", module)], factory: factory)
            .recordNanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    func pacingHit(module: String) {
        Counter(label: "trunkprobe_exporter_pacing_hits_total", dimensions: [("module", module)], factory: factory).increment()
    }

    func unknownModule() { Counter(label: "trunkprobe_exporter_module_unknown_total", factory: factory).increment() }

    func reloaded(success: Bool, initial: Bool = false) {
        if !initial {
            Counter(label: "trunkprobe_exporter_config_reloads_total", dimensions: [("result", success ? "success" : "failure")], factory: factory)
                .increment()
        }
        lastReloadSuccessful.set(success ? 1 : 0)
        if success { lastReloadTimestamp.set(Date().timeIntervalSince1970) }
    }

    /// The text exposition of every series.
    public func exposition() -> String { registry.emitToString() }
}
