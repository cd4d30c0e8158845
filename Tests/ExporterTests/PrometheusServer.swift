import Foundation
import TestSupport

/// A real Prometheus (Debian's /usr/bin/prometheus) on a free loopback port with a generated configuration
/// and its TSDB in a temporary directory; stopped by its pid, never by name.
final class PrometheusServer: @unchecked Sendable {
    static let binary = Peers.executable("prometheus")
    static let promtool = Peers.executable("promtool")

    let port: Int
    let process: PeerProcess

    init(configuration: String) throws {
        guard let binary = Self.binary else { throw PeerError("prometheus is not installed (Debian package: prometheus; `make test` installs it)") }
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "prometheus")
        let config = dir.appendingPathComponent("prometheus.yml")
        try configuration.write(to: config, atomically: true, encoding: .utf8)
        port = FreePort.tcp()
        process = try PeerProcess(name: "prometheus", executable: binary, arguments: [
            "--config.file=\(config.path)", "--storage.tsdb.path=\(dir.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn",
        ], directory: dir)
        guard FreePort.waitForTCP(port: port) else {
            process.stop()
            throw PeerError("prometheus did not start listening on \(port):\n\(process.log)")
        }
    }

    /// An instant query through the HTTP API: each result's labels and value.
    func query(_ expression: String) async throws -> [(labels: [String: String], value: Double)] {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        let run = try await CommandRun.run("/usr/bin/curl", ["-sS", "--max-time", "5", "http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)"])
        guard run.status == 0,
              let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any],
              let data = object["data"] as? [String: Any], let results = data["result"] as? [[String: Any]] else {
            throw PeerError("query \(expression) failed: \(run.stdout) \(run.stderr)")
        }
        return results.compactMap { result in
            guard let metric = result["metric"] as? [String: String], let pair = result["value"] as? [Any],
                  pair.count == 2, let text = pair[1] as? String, let value = Double(text) else { return nil }
            return (metric, value)
        }
    }

    func stop() { process.stop() }
    deinit { process.stop() }
}
