import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP (as Prometheus and blackbox_exporter do) until graceful shutdown.
public struct ReloadOnHangup: Service {
    let exporter: Exporter

    public init(exporter: Exporter) { self.exporter = exporter }

    public func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            exporter.reload()
        }
    }
}
