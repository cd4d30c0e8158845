import Exporter
import Foundation
import Hummingbird
import TestSupport

/// An exporter served on a real loopback port for a test, as `trunkprobe serve` runs it; stopped by
/// cancelling its task.
final class LiveExporter: Sendable {
    let exporter: Exporter
    let port: Int
    private let task: Task<Void, any Error>

    init(_ exporter: Exporter) throws {
        self.exporter = exporter
        let port = FreePort.tcp()
        self.port = port
        let app = ExporterServer.application(exporter: exporter, host: "127.0.0.1", port: port, logger: ExporterHarness.logger)
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
        guard FreePort.waitForTCP(port: port) else {
            task.cancel()
            throw PeerError("the exporter did not listen on \(port)")
        }
    }

    /// GET over real HTTP with curl: the status line's code and the body.
    func get(_ path: String, headers: [String] = []) async throws -> (status: Int, body: String) {
        let run = try await CommandRun.run("/usr/bin/curl", ["-sS", "--max-time", "10", "-w", "\n%{http_code}"] + headers.flatMap { ["-H", $0] }
                                     + ["http://127.0.0.1:\(port)\(path)"])
        var lines = run.stdout.components(separatedBy: "\n")
        let status = Int(lines.popLast() ?? "") ?? 0
        return (status, lines.joined(separator: "\n"))
    }

    func stop() { task.cancel() }
    deinit { task.cancel() }
}
