import Logging
import SIPCore

/// Wraps the stderr handler so every log line is escaped for the terminal: messages and metadata carry
/// remote text (a Server header, a reason phrase, a framing error quoting a peer's bytes), and a log is
/// read on a terminal as often as in a file.
struct TerminalSafeLogHandler: LogHandler {
    private var inner: StreamLogHandler

    init(_ inner: StreamLogHandler) { self.inner = inner }

    var logLevel: Logger.Level {
        get { inner.logLevel }
        set { inner.logLevel = newValue }
    }

    var metadata: Logger.Metadata {
        get { inner.metadata }
        set { inner.metadata = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { inner.metadataProvider }
        set { inner.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { inner[metadataKey: key] }
        set { inner[metadataKey: key] = newValue }
    }

    func log(event: LogEvent) {
        var safe = event
        safe.message = "\(event.message.description.terminalSafe())"
        safe.metadata = event.metadata?.mapValues { Self.safe($0) }
        inner.log(event: safe)
    }

    private static func safe(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let s): return .string(s.terminalSafe())
        case .stringConvertible(let c): return .string(c.description.terminalSafe())
        case .array(let a): return .array(a.map(safe))
        case .dictionary(let d): return .dictionary(d.mapValues(safe))
        }
    }
}
