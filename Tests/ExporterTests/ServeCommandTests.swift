import Foundation
import Testing
import TestSupport

/// `trunkprobe serve` as a user runs it: a bad file, SIGHUP reload, and SIGTERM with a probe in flight.
@Suite("trunkprobe serve")
struct ServeCommandTests {
    static func configFile(_ yaml: String) throws -> (URL, String) {
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "serve")
        let path = dir.appendingPathComponent("exporter.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return (dir, path)
    }

    @Test("a bad configuration file exits 3 with one line on stderr and nothing on stdout")
    func badFile() async throws {
        let (_, path) = try Self.configFile("modules:\n  m: {check: ping}\n")
        let run = try await CommandRun.run(CommandRun.trunkprobe, ["serve", "--config", path, "--listen", "127.0.0.1:\(FreePort.tcp())"])
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("unknown check 'ping'"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
    }

    @Test("SIGHUP reloads; SIGTERM lets the probe in flight answer, then exits 0")
    func reloadAndGracefulShutdown() async throws {
        let silent = try await ExporterHarness.silentUDP()
        defer { silent.close(promise: nil) }
        let (dir, path) = try Self.configFile("modules:\n  slow: {check: options, timeout: 2s}\n")
        let port = FreePort.tcp()
        let serve = try PeerProcess(name: "serve", executable: CommandRun.trunkprobe,
                                    arguments: ["serve", "--config", path, "--listen", "127.0.0.1:\(port)"], directory: dir)
        defer { serve.stop() }
        #expect(FreePort.waitForTCP(port: port), "\(serve.log)")

        try "modules:\n  slow: {check: options, timeout: 2s}\n  added: {check: options}\n".write(toFile: path, atomically: true, encoding: .utf8)
        kill(serve.pid, SIGHUP)
        var reloaded = false
        for _ in 0..<100 where !reloaded {
            let metrics = try await CommandRun.run("/usr/bin/curl", ["-sS", "http://127.0.0.1:\(port)/metrics"])
            reloaded = ExporterHarness.value("trunkprobe_exporter_config_reloads_total", labels: "result=\"success\"", in: metrics.stdout) == 1
            if !reloaded { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(reloaded, "SIGHUP did not reload: \(serve.log)")

        let target = "127.0.0.1:\(silent.localAddress!.port!)"
        // curl in its own process, so the scrape runs whatever the test's threads are doing.
        let scrape = try PeerProcess(name: "curl", executable: "/usr/bin/curl",
                                     arguments: ["-sS", "--max-time", "10", "http://127.0.0.1:\(port)/probe?module=slow&target=\(target)"])
        defer { scrape.stop() }
        // Wait until the probe is in flight, then ask the server to stop.
        var inFlight = false
        for _ in 0..<100 where !inFlight {
            let metrics = try await CommandRun.run("/usr/bin/curl", ["-sS", "http://127.0.0.1:\(port)/metrics"])
            inFlight = ExporterHarness.value("trunkprobe_exporter_probes_in_flight", in: metrics.stdout) == 1
            if !inFlight { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(inFlight)
        kill(serve.pid, SIGTERM)
        #expect(scrape.waitForExit(timeout: 10) == 0)
        #expect(ExporterHarness.value("probe_sip_verdict", labels: "verdict=\"timeout\"", in: scrape.log) == 1, "\(scrape.log)\n\(serve.log)")
        #expect(serve.waitForExit(timeout: 10) == 0, "\(serve.log)")
    }
}
