import ArgumentParser
import Exporter
import Foundation
import Logging
import SIPCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a Prometheus exporter: one SIP probe per scrape of /probe?target=T&module=M.",
        discussion: """
            The blackbox_exporter pattern: Prometheus schedules, this process probes. The configuration's \
            top-level `modules:` maps a name to a module; the smallest is `{check: options}`. docs/exporter.md \
            lists every module field and series.

            Endpoints: GET /probe?target=T&module=M[&fallback=URI][&debug=true], GET /metrics, GET /-/healthy, \
            POST /-/reload (also on SIGHUP; an invalid file keeps the running configuration). SIGTERM shuts down \
            gracefully: probes in flight finish first.

            Examples:
              trunkprobe serve --config examples/prometheus/exporter.yaml
              trunkprobe serve --config exporter.yaml --listen 0.0.0.0:9166
              curl 'http://127.0.0.1:9166/probe?module=sip_options&target=127.0.0.1'
              curl '127.0.0.1:9166/probe?module=sip_options&target=127.0.0.1&debug=true'

            Exit codes: 0 after a clean shutdown, 3 for a bad flag or configuration file.
            """)

    @Option(help: ArgumentHelp("The exporter configuration (YAML).", valueName: "FILE"))
    var config: String

    @Option(help: ArgumentHelp("Address and port to listen on (IPv6 in brackets).", valueName: "HOST:PORT"),
            transform: ListenAddress.parse)
    var listen = ListenAddress(host: "127.0.0.1", port: 9166)

    @Option(help: ArgumentHelp("Seconds subtracted from Prometheus's scrape timeout to give the probe's deadline (under 60).",
                               valueName: "SECONDS"), transform: IntervalSeconds.parse)
    var timeoutOffset = IntervalSeconds(0.5)

    @Option(help: ArgumentHelp("Probes in flight at most (1–10000); scrapes beyond wait for a slot until their deadline.", valueName: "N"),
            transform: PositiveCount.parse)
    var maxConcurrentProbes = PositiveCount(64)

    @Flag(name: .shortAndLong, help: .verbose)
    var verbose = false

    func validate() throws {
        try listen.checkLocal(flag: "--listen")
        guard timeoutOffset.seconds < 60 else {
            throw ValidationError("--timeout-offset must be under 60 seconds, got \(timeoutOffset)")
        }
        guard maxConcurrentProbes.value <= 10_000 else {
            throw ValidationError("--max-concurrent-probes must be at most 10000, got \(maxConcurrentProbes)")
        }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: verbose, label: "trunkprobe.exporter")
        let (host, port) = (listen.host, listen.port)
        let options = Exporter.Options(configPath: config, timeoutOffset: timeoutOffset.duration,
                                       maxConcurrentProbes: maxConcurrentProbes.value)
        let exporter: Exporter
        do {
            exporter = try Exporter(options: options, version: TrunkProbe.version, logger: logger)
        } catch {
            throw ValidationError(error.description)
        }
        let listenText = listen.description
        try await ExporterServer.run(exporter: exporter, host: host, port: port, logger: logger) { channel in
            let address = channel.localAddress.map { "\($0)" } ?? listenText
            FileHandle.standardError.write(Data("trunkprobe: exporter listening on \(address) with \(exporter.configuration.modules.count) module(s)\n".utf8))
        }
    }
}
