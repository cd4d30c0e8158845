import ArgumentParser
import Foundation
import Logging
import Probes
import Reporting
import SIPCore

struct OptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "options",
        abstract: "Send SIP OPTIONS to a target and report whether it answers, with what, and how fast.",
        discussion: """
            TARGET forms: sip:/sips: URIs (with or without a user part, ;transport=udp|tcp|tls), and the \
            origination-URI strings Zentrunk accepts: host, host:port, IPv4, IPv4:port, [IPv6]:port, \
            optionally followed by ;transport=….
            Defaults (RFC 3263 §4.1–4.2): sip: → UDP 5060; sips: or transport=tls → TLS 5061.

            Examples:
              trunkprobe options sip:127.0.0.1:5060
              trunkprobe options 21784177241578.zt.plivo.com --transport tcp
              trunkprobe options "sip.rtc.elevenlabs.io:5060;transport=tcp" --format json
              trunkprobe options 192.0.2.10 --count 5 --interval 15
              trunkprobe options sip:example.com --each-server

            Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments). See docs/verdicts.md.
            Ctrl-C or SIGTERM stops the run, prints the reports so far (and the summary with --count) and exits \
            with the worst status so far, at least 3 (UNKNOWN); a second signal exits at once (130/143).
            """)

    @Argument(help: "The target: a sip:/sips: URI, host, host:port, or an origination-URI string.")
    var target: String

    @OptionGroup var credentials: SIPCredentialOptions

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    @OptionGroup var common: ProbeCommandOptions

    @Option(help: "Number of probes to send, ping style.")
    var count: Int = 1

    @Option(help: "Seconds between probes when --count > 1. Providers may block OPTIONS sent more often than every 10–15 s.")
    var interval: Double = 1

    func validate() throws {
        guard count >= 1, count <= 100_000 else { throw ValidationError("--count must be at least 1, got \(count)") }
        guard interval >= 0, interval.isFinite else { throw ValidationError("--interval must be 0 or more seconds, got \(interval)") }
        _ = try common.target(target)
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        var configuration = OptionsProbe.Configuration(
            target: try common.target(target), timeout: common.timeoutDuration, bindHost: common.bindAddress.host,
            bindPort: common.bindAddress.port, from: common.from, userAgent: common.userAgent,
            credentials: try credentials.credentials())
        configuration.resolution = try resolution.settings()
        configuration.tls = tls.settings
        let probe = OptionsProbe(configuration: configuration, logger: logger)
        let format = common.format
        let (count, interval, eachServer, trace) = (self.count, self.interval, resolution.eachServer, common.trace)
        // SIGINT/SIGTERM cancel the run: the probe in flight stops waiting, and no further probe starts.
        var reports = await SignalTrap.interruptible { () -> [ProbeReport] in
            var reports: [ProbeReport] = []
            for i in 0..<count {
                if i > 0 {
                    do { try await Task.sleep(for: .milliseconds(Int64(interval * 1000))) } catch { break }
                }
                if Task.isCancelled { break }
                let batch = eachServer ? await probe.runEachServer() : [await probe.run()]
                for var report in batch {
                    if trace {
                        report.includeTrace()
                        Output.error(TraceTextRenderer.render(report))
                    }
                    reports.append(report)
                    switch format {
                    case .json: Output.line(JSONLine.encode(report))
                    case .text: Output.line(ReportTextRenderer.render(report) + (count > 1 || batch.count > 1 ? "\n" : ""))
                    case .junit, .nagios, .prometheus: break  // one document for all probes, below
                    }
                }
                if batch.contains(where: \.interrupted) { break }
            }
            return reports
        }
        let interrupted = SignalTrap.interruptedBy != nil
        if interrupted, reports.isEmpty || !reports[reports.count - 1].interrupted {
            // Interrupted between probes (or before the first): nothing in flight, but the run is unfinished.
            Output.error("trunkprobe: \(SignalTrap.name(SignalTrap.interruptedBy ?? SIGINT)): stopped after \(reports.count) of \(count) probes")
        }
        let several = count > 1 || reports.count > 1
        switch common.format {
        case .json where several: Output.line(JSONLine.encode(ProbeSummary(reports: reports)))
        case .text where several: Output.line(ReportTextRenderer.summary(reports))
        case .junit, .nagios, .prometheus:
            let results = reports.enumerated().map { index, report in
                CheckResult.of(report, name: several ? "options \(report.target) #\(index + 1)" : nil)
            }
            Output.line(ProbeOutput.render(results, format: common.format, command: "options"))
        default: break
        }
        if interrupted && reports.isEmpty { throw ExitCode(ProbeStatus.unknown.rawValue) }
        if interrupted { reports[reports.count - 1] = reports[reports.count - 1].markedInterrupted() }
        let worst = reports.map(\.status).max() ?? .unknown
        throw ExitCode(worst.rawValue)
    }
}
