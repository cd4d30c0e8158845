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
              trunkprobe serve --config exporter.yaml --listen 0.0.0.0:9166 --max-concurrent-probes 128
              curl 'http://127.0.0.1:9166/probe?module=sip_options&target=sip:127.0.0.1:5060'
              curl 'http://127.0.0.1:9166/probe?module=sip_options&target=sip:127.0.0.1:5060&debug=true'

            Exit codes: 0 after a clean shutdown, 3 for a bad flag or configuration file.
            """)

    @Option(help: ArgumentHelp("The exporter configuration (YAML).", valueName: "FILE"))
    var config: String

    @Option(help: ArgumentHelp("Address and port to listen on, HOST:PORT (IPv6 in brackets).", valueName: "HOST:PORT"))
    var listen: String = "127.0.0.1:9166"

    @Option(help: "Seconds subtracted from Prometheus's scrape timeout to give the probe's deadline.")
    var timeoutOffset: Double = 0.5

    @Option(help: "Probes in flight at most; scrapes beyond wait for a slot until their deadline.")
    var maxConcurrentProbes: Int = 64

    @Flag(name: .shortAndLong, help: "Log every request and probe detail to stderr.")
    var verbose = false

    func validate() throws {
        _ = try listenAddress()
        guard timeoutOffset >= 0, timeoutOffset < 60, timeoutOffset.isFinite else {
            throw ValidationError("--timeout-offset must be between 0 and 60 seconds, got \(timeoutOffset)")
        }
        guard (1...10_000).contains(maxConcurrentProbes) else {
            throw ValidationError("--max-concurrent-probes must be between 1 and 10000, got \(maxConcurrentProbes)")
        }
    }

    func listenAddress() throws -> (host: String, port: Int) {
        do {
            let (host, port) = try HostPort.split(listen)
            guard let port, (0...65535).contains(port) else { throw ValidationError("--listen needs HOST:PORT, got '\(listen)'") }
            return (host, port)
        } catch let error as SIPParseError {
            throw ValidationError("--listen: \(error.message)")
        }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: verbose, label: "trunkprobe.exporter")
        let (host, port) = try listenAddress()
        let options = Exporter.Options(configPath: config, timeoutOffset: .milliseconds(Int64(timeoutOffset * 1000)),
                                       maxConcurrentProbes: maxConcurrentProbes)
        let exporter: Exporter
        do {
            exporter = try Exporter(options: options, version: TrunkProbe.version, logger: logger)
        } catch {
            throw ValidationError(error.description)
        }
        let listenText = listen
        try await ExporterServer.run(exporter: exporter, host: host, port: port, logger: logger) { channel in
            let address = channel.localAddress.map { "\($0)" } ?? listenText
            FileHandle.standardError.write(Data("trunkprobe: exporter listening on \(address) with \(exporter.configuration.modules.count) module(s)\n".utf8))
        }
    }
}
