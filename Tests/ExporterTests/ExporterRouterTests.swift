@testable import Exporter
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// The router without sockets (HummingbirdTesting's `.router`), against an in-process SIP responder.
@Suite("Exporter router")
struct ExporterRouterTests {
    static let yaml = """
        modules:
          sip_options: {check: options, timeout: 3s}
          paced: {check: options, min_interval: 15s}
          expect_refused: {check: options, expect: [refused, timeout]}
          fo: {check: failover, timeout: 2s}
        """

    static func app(_ exporter: Exporter) -> some ApplicationProtocol {
        Application(router: ExporterRouter.router(for: exporter))
    }

    @Test("unknown module, missing module, missing or bad target, bad timeout header: HTTP 400 with one line")
    func badRequests() async throws {
        let exporter = try ExporterHarness.exporter(Self.yaml)
        try await Self.app(exporter).test(.router) { client in
            let cases: [(String, [String: String], String)] = [
                ("/probe?target=127.0.0.1&module=nope", [:], "unknown module 'nope'"),
                ("/probe?target=127.0.0.1", [:], "missing module parameter"),
                ("/probe?module=sip_options", [:], "missing target parameter"),
                ("/probe?module=sip_options&target=sip:%5Bnot", [:], "bad target"),
                ("/probe?module=sip_options&target=127.0.0.1&fallback=127.0.0.2", [:], "fallback is only for failover modules"),
                ("/probe?module=sip_options&target=127.0.0.1", ["X-Prometheus-Scrape-Timeout-Seconds": "soon"],
                 "bad X-Prometheus-Scrape-Timeout-Seconds"),
            ]
            for (uri, headerValues, message) in cases {
                var headers = HTTPFields()
                for (name, value) in headerValues { headers[HTTPField.Name(name)!] = value }
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .badRequest, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(body.contains(message), "\(uri): \(body)")
                    #expect(body.split(separator: "\n").count == 1)
                }
            }
        }
        #expect(ExporterHarness.value("trunkprobe_exporter_module_unknown_total", in: exporter.metrics.exposition()) == 1)
    }

    @Test("a responder gives probe_success 1 with the SIP series; a dead port gives 0 and verdict refused")
    func responderAndDeadPort() async throws {
        let (responder, port) = try await ExporterHarness.responder()
        defer { Task { await responder.stop() } }
        let exporter = try ExporterHarness.exporter(Self.yaml)
        let dead = try await ExporterHarness.silentUDP()
        let deadPort = dead.localAddress!.port!
        try await dead.close()
        try await Self.app(exporter).test(.router) { client in
            try await client.execute(uri: "/probe?module=sip_options&target=sip:127.0.0.1:\(port)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let body = String(buffer: response.body)
                #expect(ExporterHarness.value("probe_success", in: body) == 1)
                #expect(ExporterHarness.value("probe_sip_status_code", in: body) == 200)
                #expect(ExporterHarness.value("probe_sip_verdict", labels: "verdict=\"ok\"", in: body) == 1)
                #expect(ExporterHarness.value("probe_sip_verdict", labels: "verdict=\"timeout\"", in: body) == 0)
                #expect((ExporterHarness.value("probe_sip_rtt_seconds", in: body) ?? -1) > 0)
                #expect(ExporterHarness.value("probe_cached", in: body) == 0)
                #expect(ExporterHarness.value("probe_timeout_seconds", in: body) == 3)
            }
            try await client.execute(uri: "/probe?module=sip_options&target=127.0.0.1:\(deadPort)", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(ExporterHarness.value("probe_success", in: body) == 0)
                // refused, or timeout when a parallel test has bound the freed port since.
                #expect(ExporterHarness.value("probe_sip_verdict", labels: "verdict=\"ok\"", in: body) == 0)
                #expect(ExporterHarness.value("probe_sip_exit_status", in: body) == 2)
                #expect(ExporterHarness.value("probe_sip_status_code", in: body) == 0)
            }
            // expect: replaces the default rule.
            try await client.execute(uri: "/probe?module=expect_refused&target=127.0.0.1:\(deadPort)", method: .get) { response in
                #expect(ExporterHarness.value("probe_success", in: String(buffer: response.body)) == 1)
            }
        }
        let metrics = exporter.metrics.exposition()
        #expect(ExporterHarness.value("trunkprobe_exporter_probes_total", labels: "result=\"success\"", in: metrics) == 1)
        #expect(ExporterHarness.value("trunkprobe_exporter_probes_total", labels: "result=\"failure\"", in: metrics) == 1)
        #expect(ExporterHarness.value("trunkprobe_exporter_probe_duration_seconds_count", labels: "module=\"sip_options\"", in: metrics) == 2)
    }

    @Test("the deadline is the scrape-timeout header minus the offset, capped by the module's timeout")
    func timeoutHeader() async throws {
        func deadline(_ header: String?) throws -> Duration {
            try Exporter.deadline(header: header, offset: .milliseconds(500), moduleTimeout: .seconds(5), fallback: .seconds(120)).get()
        }
        #expect(try deadline("2") == .milliseconds(1500))
        #expect(try deadline("10") == .seconds(5))
        #expect(try deadline(nil) == .seconds(5))
        #expect(try deadline("0.3") == .milliseconds(300))
        let silent = try await ExporterHarness.silentUDP()
        defer { silent.close(promise: nil) }
        let exporter = try ExporterHarness.exporter(Self.yaml)
        try await Self.app(exporter).test(.router) { client in
            let started = ContinuousClock.now
            try await client.execute(uri: "/probe?module=sip_options&target=127.0.0.1:\(silent.localAddress!.port!)", method: .get,
                                     headers: [HTTPField.Name("X-Prometheus-Scrape-Timeout-Seconds")!: "1.5"]) { response in
                let body = String(buffer: response.body)
                #expect(ExporterHarness.value("probe_timeout_seconds", in: body) == 1)
                #expect(ExporterHarness.value("probe_success", in: body) == 0)
                #expect(ExporterHarness.value("probe_sip_verdict", labels: "verdict=\"timeout\"", in: body) == 1)
            }
            _ = started
        }
    }

    @Test("debug=true returns the probe's log, its report, the metrics and the module, as text")
    func debug() async throws {
        let (responder, port) = try await ExporterHarness.responder()
        defer { Task { await responder.stop() } }
        let exporter = try ExporterHarness.exporter(Self.yaml)
        try await Self.app(exporter).test(.router) { client in
            try await client.execute(uri: "/probe?module=sip_options&target=sip:127.0.0.1:\(port)&debug=true", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                let body = String(buffer: response.body)
                let sections = ["Logs for the probe:", "Report:", "Metrics that would have been returned:", "Module configuration:"]
                let positions = sections.compactMap { body.range(of: $0)?.lowerBound }
                #expect(positions.count == 4 && positions == positions.sorted(), "\(body)")
                #expect(body.contains("Beginning probe"))
                #expect(body.contains("sip:127.0.0.1:\(port) over UDP"))
                #expect(body.contains("probe_success 1"))
                #expect(body.contains("check: options"))
            }
        }
    }

    @Test("min_interval: a scrape sooner gets the last result with probe_cached 1; after it, a fresh probe")
    func pacing() async throws {
        let (responder, port) = try await ExporterHarness.responder()
        defer { Task { await responder.stop() } }
        let clock = ManualClock()
        let exporter = try ExporterHarness.exporter(Self.yaml, now: { clock.now })
        try await Self.app(exporter).test(.router) { client in
            let uri = "/probe?module=paced&target=sip:127.0.0.1:\(port)"
            try await client.execute(uri: uri, method: .get) { #expect(ExporterHarness.value("probe_cached", in: String(buffer: $0.body)) == 0) }
            clock.advance(by: .seconds(10))
            try await client.execute(uri: uri, method: .get) { response in
                let body = String(buffer: response.body)
                #expect(ExporterHarness.value("probe_cached", in: body) == 1)
                #expect(ExporterHarness.value("probe_success", in: body) == 1)
                #expect((ExporterHarness.value("probe_result_age_seconds", in: body) ?? 0) >= 10)
            }
            clock.advance(by: .seconds(6))
            try await client.execute(uri: uri, method: .get) { #expect(ExporterHarness.value("probe_cached", in: String(buffer: $0.body)) == 0) }
        }
        let metrics = exporter.metrics.exposition()
        #expect(ExporterHarness.value("trunkprobe_exporter_pacing_hits_total", labels: "module=\"paced\"", in: metrics) == 1)
        // Two probes were sent for three scrapes.
        #expect(ExporterHarness.value("trunkprobe_exporter_probe_duration_seconds_count", labels: "module=\"paced\"", in: metrics) == 2)
    }

    @Test("beyond the concurrency limit a scrape waits, then fails at its deadline with the reason")
    func concurrencyLimit() async throws {
        let silent = try await ExporterHarness.silentUDP()
        defer { silent.close(promise: nil) }
        let port = silent.localAddress!.port!
        let exporter = try ExporterHarness.exporter(Self.yaml, options: Exporter.Options(maxConcurrentProbes: 1))
        let first = Task {
            await exporter.probe(parameters: ["module": "sip_options", "target": "127.0.0.1:\(port)"], scrapeTimeout: "2.5")
        }
        while ExporterHarness.value("trunkprobe_exporter_probes_in_flight", in: exporter.metrics.exposition()) != 1 {
            try await Task.sleep(for: .milliseconds(10))
        }
        let second = await exporter.probe(parameters: ["module": "sip_options", "target": "127.0.0.2:\(port)", "debug": "true"],
                                          scrapeTimeout: "1")
        #expect(second.status == 200)
        #expect(second.body.contains("probe_concurrency_limited 1"))
        #expect(second.body.contains("probe_success 0"))
        #expect(second.body.contains("no probe slot became free"))
        let firstAnswer = await first.value
        #expect(firstAnswer.body.contains("probe_concurrency_limited 0"))
        #expect(ExporterHarness.value("trunkprobe_exporter_probes_total", labels: "result=\"concurrency_limited\"",
                                      in: exporter.metrics.exposition()) == 1)
    }

    @Test("/-/healthy, /metrics, and POST /-/reload: a broken file is refused and the old configuration kept")
    func reloadAndHealth() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("exporter-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("exporter.yaml").path
        try "modules:\n  first: {check: options}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let exporter = try Exporter(options: Exporter.Options(configPath: path), logger: ExporterHarness.logger)
        try await Self.app(exporter).test(.router) { client in
            try await client.execute(uri: "/-/healthy", method: .get) { #expect($0.status == .ok) }
            try "modules:\n  first: {check: ping}\n".write(toFile: path, atomically: true, encoding: .utf8)
            try await client.execute(uri: "/-/reload", method: .post) { response in
                #expect(response.status == .internalServerError)
                #expect(String(buffer: response.body).contains("unknown check 'ping'"))
            }
            #expect(exporter.configuration.modules.keys.sorted() == ["first"])
            try "modules:\n  second: {check: options}\n".write(toFile: path, atomically: true, encoding: .utf8)
            try await client.execute(uri: "/-/reload", method: .post) { #expect($0.status == .ok) }
            #expect(exporter.configuration.modules.keys.sorted() == ["second"])
            try await client.execute(uri: "/metrics", method: .get) { response in
                let body = String(buffer: response.body)
                #expect(ExporterHarness.value("trunkprobe_exporter_config_reloads_total", labels: "result=\"failure\"", in: body) == 1)
                #expect(ExporterHarness.value("trunkprobe_exporter_config_reloads_total", labels: "result=\"success\"", in: body) == 1)
                #expect(ExporterHarness.value("trunkprobe_exporter_config_last_reload_successful", in: body) == 1)
            }
        }
    }

    @Test("a failover module reports the fail-over verdict and both legs")
    func failover() async throws {
        let (responder, port) = try await ExporterHarness.responder()
        defer { Task { await responder.stop() } }
        let dead = try await ExporterHarness.silentUDP()
        let deadPort = dead.localAddress!.port!
        try await dead.close()
        let exporter = try ExporterHarness.exporter(Self.yaml)
        let answer = await exporter.probe(parameters: ["module": "fo", "target": "127.0.0.1:\(port)", "fallback": "127.0.0.1:\(deadPort)"],
                                          scrapeTimeout: nil)
        #expect(ExporterHarness.value("probe_sip_failover_verdict", labels: "verdict=\"no_fallback\"", in: answer.body) == 1)
        #expect(ExporterHarness.value("probe_sip_status_code", labels: "leg=\"primary\"", in: answer.body) == 200)
        #expect(ExporterHarness.value("probe_sip_verdict", labels: "leg=\"fallback\",verdict=\"ok\"", in: answer.body) == 0, "\(answer.body)")
        #expect(ExporterHarness.value("probe_sip_verdict", labels: "leg=\"primary\",verdict=\"ok\"", in: answer.body) == 1)
        #expect(ExporterHarness.value("probe_success", in: answer.body) == 1)
    }
}
