import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// Runs the exporter: the HTTP application plus the SIGHUP reloader in one service group, which shuts down
/// gracefully on SIGTERM or SIGINT: the listener stops accepting, probes in flight run to their deadline and
/// are answered, then the process ends.
public enum ExporterServer {
    public static func application(
        exporter: Exporter, host: String, port: Int, logger: Logger,
        onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        Application(router: ExporterRouter.router(for: exporter),
                    configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "trunkprobe"),
                    onServerRunning: onServerRunning, logger: logger)
    }

    public static func run(exporter: Exporter, host: String, port: Int, logger: Logger,
                           onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) async throws {
        let app = application(exporter: exporter, host: host, port: port, logger: logger, onServerRunning: onServerRunning)
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: app), .init(service: ReloadOnHangup(exporter: exporter))],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
