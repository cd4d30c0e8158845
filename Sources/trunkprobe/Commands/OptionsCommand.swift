import ArgumentParser
import Foundation
import Logging
import Probes
import Reporting
import SIPCore

struct OptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "options",
        abstract: "Send SIP OPTIONS to one or more targets and report whether each answers, with what, and how fast.",
        discussion: """
            TARGET forms: sip:/sips: URIs (with or without a user part, ;transport=udp|tcp|tls), and the \
            origination-URI strings Zentrunk accepts: host, host:port, IPv4, IPv4:port, [IPv6]:port, \
            optionally followed by ;transport=….
            Defaults (RFC 3263 §4.1–4.2): sip: → UDP 5060; sips: or transport=tls → TLS 5061.

            Several targets (arguments, --targets-file, or both) are probed at once, at most --concurrency \
            in flight, and each report is printed as it completes. --count repeats every target; --interval \
            and --min-interval space the probes to one host:port:transport. With more than one probe, a \
            summary follows (in JSON: a last object with "summary": true). The exit code is the worst status.

            Examples:
              trunkprobe options sip:127.0.0.1:5060
              trunkprobe options 21784177241578.zt.plivo.com --transport tcp
              trunkprobe options "sip.rtc.elevenlabs.io:5060;transport=tcp" --format json
              trunkprobe options 192.0.2.10 --count 5 --interval 15
              trunkprobe options sip:192.0.2.10 sip:192.0.2.11:5080 --format json
              trunkprobe options --targets-file sbcs.txt --concurrency 32 --min-interval 15
              grep -v staging trunks.txt | trunkprobe options --targets-file -
              trunkprobe options sip:example.com --each-server

            Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments). See docs/verdicts.md.
            Ctrl-C or SIGTERM stops the run, prints the reports so far (and the summary with --count) and exits \
            with the worst status so far, at least 3 (UNKNOWN); a second signal exits at once (130/143).
            """)

    @Argument(help: "Targets: sip:/sips: URIs, hosts, host:port, or origination-URI strings.")
    var targets: [String] = []

    @OptionGroup var credentials: SIPCredentialOptions

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    @OptionGroup var common: ProbeCommandOptions

    @OptionGroup var engine: EngineOptions

    @Option(help: "Output: text (for people), json (one object per probe), junit, nagios (status line and perfdata) or prometheus (see docs/outputs.md).")
    var format: ReportFormat = .text

    @Option(help: "Number of probes to send to each target, ping style.", transform: PositiveCount.parse)
    var count = PositiveCount(1)

    @Option(help: ArgumentHelp("Seconds between probes when --count > 1. Providers may block OPTIONS sent more often than every 10–15 s.",
                               valueName: "SECONDS"), transform: IntervalSeconds.parse)
    var interval = IntervalSeconds(1)

    func validate() throws {
        guard count.value <= 100_000 else { throw ValidationError("--count must be at most 100000, got \(count)") }
        for target in targets { _ = try common.target(target) }
        if targets.isEmpty && engine.targetsFile == nil { throw ValidationError("give at least one target, or --targets-file FILE") }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        let targets = try await TargetArguments.targets(targets, file: engine.targetsFile, transport: common.transport)
        var configuration = OptionsProbe.Configuration(
            target: targets[0], timeout: common.timeoutDuration, bindHost: common.bind?.host,
            bindPort: common.bind?.port, from: common.from, userAgent: common.userAgent,
            credentials: try credentials.credentials())
        configuration.resolution = try resolution.settings()
        configuration.tls = tls.settings
        let batch = ProbeBatch(targets: targets, count: count.value, engine: engine.engine(pacing: count.value > 1 ? interval.seconds : 0),
                               format: format, trace: common.trace,
                               command: "options")
        let eachServer = resolution.eachServer
        let worst = await batch.run { [configuration] target in
            var configuration = configuration
            configuration.target = target
            let probe = OptionsProbe(configuration: configuration, logger: logger)
            return eachServer ? await probe.runEachServer() : [await probe.run()]
        }
        throw ExitCode(worst.rawValue)
    }
}
