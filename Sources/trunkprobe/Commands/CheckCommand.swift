import ArgumentParser
import Foundation
import Probes
import Reporting

struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run the checks of one or more suite files and report them for people, CI or monitoring.",
        discussion: """
            A suite (probes/*.yaml, schema in docs/suites.md) lists options, invite and failover checks, each \
            with a target and what to expect; platform presets (livekit, vapi, elevenlabs, retell, \
            self-hosted) expand into the checks that prove a platform's setup. Passwords come from \
            environment variables or files named in the suite, never from the suite itself.

            Examples:
              trunkprobe check probes/examples/loopback.yaml
              trunkprobe check probes/examples/livekit.yaml --tags outbound --format json
              trunkprobe check probes/*.yaml --format text --junit report.xml
              trunkprobe check suite.yaml --format nagios --warning 200 --critical 1000
              trunkprobe check suite.yaml --format prometheus --output trunkprobe.prom

            Formats: text, json (JSON Lines), junit, nagios (status line and perfdata), prometheus \
            (text exposition). See docs/check.md and docs/outputs.md.
            Exit code: the worst status of all checks (0 OK, 1 WARNING, 2 CRITICAL); 3 for a suite that \
            cannot be read or run (the error names the file, line and key).
            """)

    @Argument(help: ArgumentHelp("Suite files (YAML), or directories whose *.yaml files are suites.", valueName: "SUITE"))
    var suites: [String]

    @Option(help: ArgumentHelp("Run only checks carrying one of these tags (comma-separated, repeatable).", valueName: "TAG[,TAG]"))
    var tags: [String] = []

    @Option(help: "Output: text, json, junit, nagios or prometheus.")
    var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Also write JUnit XML to this file, whatever --format says.", valueName: "FILE"))
    var junit: String?

    @Option(help: ArgumentHelp("Write the output to this file (atomically: a temporary file, then rename) instead of stdout.", valueName: "FILE"))
    var output: String?

    @Option(help: ArgumentHelp("Round-trip time range in ms that keeps a check OK, else WARNING (monitoring-plugins syntax: 10, 10:, ~:10, 10:20, @10:20).", valueName: "RANGE"),
            transform: NagiosRange.parser(flag: "--warning"))
    var warning: NagiosRange?

    @Option(help: ArgumentHelp("Round-trip time range in ms that keeps a check from CRITICAL (same syntax as --warning).", valueName: "RANGE"),
            transform: NagiosRange.parser(flag: "--critical"))
    var critical: NagiosRange?

    @Option(help: ArgumentHelp("Run at most N checks at once, 1–256 (default: the suite's concurrency).", valueName: "N"),
            transform: PositiveCount.parse)
    var concurrency: PositiveCount?

    @Option(help: ArgumentHelp("Local address to send from (IPv6 in brackets; :PORT for any address).", valueName: "ADDRESS[:PORT]"),
            transform: BindAddress.parse)
    var bind: BindAddress?

    @Option(help: "User-Agent header value.")
    var userAgent: String = "trunkprobe/\(TrunkProbe.version)"

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    @Flag(name: .shortAndLong, help: .verbose)
    var verbose = false

    @Flag(help: "Print every SIP message sent and received to stderr, in order with timestamps (credentials redacted); with --format json also as `trace` arrays.")
    var trace = false

    func validate() throws {
        try bind?.checkLocal()
        if let concurrency, concurrency.value > 256 {
            throw ValidationError("--concurrency must be between 1 and 256, got \(concurrency)")
        }
        // Refused before any check is sent, not after every one was.
        for (flag, file) in [("--output", output), ("--junit", junit)] {
            guard let file else { continue }
            do { try AtomicFile.checkDestination(file) } catch { throw ValidationError("\(flag) \(file): \(error)") }
        }
    }

    var thresholds: RoundTripThresholds { RoundTripThresholds(warning: warning, critical: critical) }

    /// The suite files named, directories expanded to their *.yaml files in name order.
    func suiteFiles() throws -> [String] {
        var files: [String] = []
        for path in suites {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("\(path): no such suite file")
            }
            if isDirectory.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
                let yaml = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                guard !yaml.isEmpty else { throw ValidationError("\(path): no *.yaml suite files in this directory") }
                files += yaml.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        // A file named twice (directly and through its directory) runs once.
        var seen = Set<String>()
        return files.filter { seen.insert(($0 as NSString).standardizingPath).inserted }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: verbose)
        let wanted = Set(tags.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty })
        let runner = SuiteRunner(bindHost: bind?.host, bindPort: bind?.port, userAgent: userAgent,
                                 resolution: try resolution.settings(), tls: tls.settings, logger: logger)
        var loaded: [Suite] = []
        do {
            for file in try suiteFiles() {
                let suite = try SuiteLoader.load(path: file).selecting(tags: wanted)
                try runner.preflight(suite.checks)
                loaded.append(suite)
            }
        } catch let error as SuiteError {
            Output.error("trunkprobe: \(error)")
            throw ExitCode(3)
        }
        guard loaded.contains(where: { !$0.checks.isEmpty }) else {
            Output.error("trunkprobe: no check matches" + (wanted.isEmpty ? "" : " --tags \(wanted.sorted().joined(separator: ","))"))
            throw ExitCode(3)
        }
        let thresholds = self.thresholds
        // SIGINT/SIGTERM cancel the run: checks in flight end their calls (CANCEL, or ACK and BYE) and report,
        // checks not started are reported as such, and the exit code is at least UNKNOWN (docs/verdicts.md).
        let (trace, width) = (self.trace, concurrency?.value)
        let all: [SuiteResults] = await SignalTrap.interruptible { [loaded, runner, thresholds, logger] in
            var all: [SuiteResults] = []
            for suite in loaded where !suite.checks.isEmpty {
                if Task.isCancelled {
                    all.append(SuiteResults(file: suite.file, results: suite.checks.map {
                        .unstarted($0, problem: "interrupted (SIGINT/SIGTERM) before the check started", hint: "run the suite again to the end")
                    }))
                    continue
                }
                let run = runner.start(suite.checks, concurrency: width ?? suite.concurrency, pacing: suite.pacing)
                // Not a child of this task: on a signal it keeps draining the run to its end, so a check
                // interrupted in flight still ends its calls and delivers its result before the command exits.
                let consumer = Task { () -> [CheckResult?] in
                    var slots = [CheckResult?](repeating: nil, count: suite.checks.count)
                    for await (index, result) in run.results {
                        var result = result
                        if trace { Self.trace(&result) }
                        slots[index] = thresholds.apply(to: result)
                        logger.debug("check finished", metadata: ["check": "\(result.name)", "verdict": "\(result.verdict)"])
                    }
                    return slots
                }
                let slots = await withTaskCancellationHandler { await consumer.value } onCancel: { run.cancel() }
                let interrupted = Task.isCancelled
                all.append(SuiteResults(file: suite.file, results: slots.enumerated().map { index, result in
                    result ?? (interrupted
                        ? .unstarted(suite.checks[index], problem: "interrupted (SIGINT/SIGTERM) before the check finished",
                                     hint: "run the suite again to the end")
                        : .unstarted(suite.checks[index], problem: "the check was cancelled before it finished"))
                }))
            }
            return all
        }
        if let signal = SignalTrap.interruptedBy {
            Output.error("trunkprobe: \(SignalTrap.name(signal)): the suite was interrupted; checks not finished are reported as such")
        }
        let results = all.flatMap(\.results)
        let text = CheckResultsRenderer.render(all, format: format, thresholds: thresholds)
        do {
            if let junit { try AtomicFile.write(JUnitRenderer.render(all), to: junit) }
            if let output {
                try AtomicFile.write(text + "\n", to: output)
            } else {
                Output.line(text)
            }
        } catch {
            Output.error("trunkprobe: \(error)")
            throw ExitCode(3)
        }
        let worst = results.map(\.status).max() ?? .unknown
        throw ExitCode((SignalTrap.interruptedBy == nil ? worst : max(worst, .unknown)).rawValue)
    }
}

extension CheckCommand {
    /// Prints a check's SIP messages to stderr and keeps them in its reports for JSON.
    static func trace(_ result: inout CheckResult) {
        if result.probe != nil {
            result.probe?.includeTrace()
            if let probe = result.probe { Output.error(TraceTextRenderer.render(probe, label: result.name)) }
        }
        if result.failover != nil {
            result.failover?.primary.includeTrace()
            result.failover?.fallback?.includeTrace()
            if let failover = result.failover {
                Output.error(TraceTextRenderer.render(failover.primary, label: "\(result.name) (primary)"))
                if let fallback = failover.fallback { Output.error(TraceTextRenderer.render(fallback, label: "\(result.name) (fallback)")) }
            }
        }
    }
}
