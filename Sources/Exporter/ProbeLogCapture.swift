import Foundation
import Logging
import Synchronization

/// Keeps one probe's log records in memory (and forwards them to the exporter's logger), so `debug=true`
/// can return what the probe did: blackbox_exporter's "Logs for the probe".
final class ProbeLogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var records: [String] { lines.withLock { $0 } }

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// A logger at debug level that records here and passes records at `forward`'s level on.
    func logger(forwardingTo forward: Logger) -> Logger {
        var logger = Logger(label: forward.label) { _ in Handler(capture: self, forward: forward) }
        logger.logLevel = .debug
        return logger
    }

    private struct Handler: LogHandler {
        let capture: ProbeLogCapture
        let forward: Logger
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
                 file: String, function: String, line: UInt) {
            let all = metadata.merging(explicit ?? [:]) { $1 }
            let fields = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            let stamp = ISO8601DateFormatter.withFractionalSeconds.string(from: Date())
            capture.append("ts=\(stamp) level=\(level) msg=\"\(message)\"\(fields.isEmpty ? "" : " " + fields)")
            if level >= forward.logLevel {
                forward.log(level: level, message, metadata: explicit, source: source, file: file, function: function, line: line)
            }
        }
    }
}

extension ISO8601DateFormatter {
    nonisolated(unsafe) static let withFractionalSeconds: ISO8601DateFormatter = {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f
    }()
}
