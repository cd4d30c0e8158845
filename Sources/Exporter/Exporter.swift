import Foundation
import Logging
import NIOCore
import NIOPosix
import Probes
import Reporting
import SIPCore
import Synchronization

/// The multi-target exporter in the blackbox_exporter mould: one probe per scrape of
/// `/probe?target=T&module=M`, modules from a reloadable configuration, pacing per destination, a bound
/// on probes in flight, and its own metrics. HTTP lives in `ExporterRouter`; this type knows none of it.
public final class Exporter: Sendable {
    public struct Options: Sendable {
        /// The configuration file to (re)load; nil when the configuration was given in memory.
        public var configPath: String?
        /// Subtracted from the scrape timeout so the answer reaches Prometheus before it gives up.
        public var timeoutOffset: Duration
        /// Probes in flight at most; scrapes beyond wait for a slot until their deadline.
        public var maxConcurrentProbes: Int
        /// The deadline when Prometheus sends no scrape-timeout header (and the module allows it).
        public var defaultScrapeTimeout: Duration

        public init(configPath: String? = nil, timeoutOffset: Duration = .milliseconds(500), maxConcurrentProbes: Int = 64,
                    defaultScrapeTimeout: Duration = .seconds(120)) {
            self.configPath = configPath
            self.timeoutOffset = timeoutOffset
            self.maxConcurrentProbes = maxConcurrentProbes
            self.defaultScrapeTimeout = defaultScrapeTimeout
        }
    }

    public let options: Options
    public let metrics: ExporterMetrics
    private let current: Mutex<ExporterConfiguration>
    private let pacing: ProbePacing
    private let gate: ProbeGate
    private let group: any EventLoopGroup
    private let logger: Logger

    public init(configuration: ExporterConfiguration, options: Options = Options(), version: String = "dev",
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger,
                now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.options = options
        self.current = Mutex(configuration)
        self.metrics = ExporterMetrics(version: version)
        self.pacing = ProbePacing(now: now)
        self.gate = ProbeGate(limit: options.maxConcurrentProbes)
        self.group = group
        self.logger = logger
        metrics.reloaded(success: true, initial: true)
    }

    /// Loads `options.configPath` and starts serving it.
    public convenience init(options: Options, version: String = "dev", logger: Logger) throws(ExporterConfigurationError) {
        guard let path = options.configPath else { throw ExporterConfigurationError("no configuration file given") }
        self.init(configuration: try ExporterConfiguration.load(path: path), options: options, version: version, logger: logger)
    }

    public var configuration: ExporterConfiguration { current.withLock { $0 } }

    /// Reads the configuration file again. An invalid file is reported and the running configuration kept.
    @discardableResult
    public func reload() -> Result<Void, ExporterConfigurationError> {
        guard let path = options.configPath else {
            metrics.reloaded(success: false)
            return .failure(ExporterConfigurationError("no configuration file to reload"))
        }
        do {
            let fresh = try ExporterConfiguration.load(path: path)
            current.withLock { $0 = fresh }
            metrics.reloaded(success: true)
            logger.info("configuration reloaded", metadata: ["path": "\(path)", "modules": "\(fresh.modules.count)"])
            return .success(())
        } catch {
            metrics.reloaded(success: false)
            logger.error("configuration reload failed; keeping the previous configuration", metadata: ["error": "\(error)"])
            return .failure(error)
        }
    }

    /// Answers `/probe`: `parameters` are the URL's query parameters, `scrapeTimeout` the
    /// X-Prometheus-Scrape-Timeout-Seconds header.
    public func probe(parameters: [String: String], scrapeTimeout: String?) async -> ExporterAnswer {
        let received = ContinuousClock.now
        let configuration = self.configuration
        guard let moduleName = parameters["module"], !moduleName.isEmpty else {
            return .badRequest("missing module parameter (known modules: \(configuration.modules.keys.sorted().joined(separator: ", ")))")
        }
        guard let module = configuration.modules[moduleName] else {
            metrics.unknownModule()
            return .badRequest("unknown module '\(moduleName)' (known modules: \(configuration.modules.keys.sorted().joined(separator: ", ")))")
        }
        let target: ProbeTarget
        var fallback: ProbeTarget?
        do {
            target = try ProbeRunner.target(parameters["target"] ?? "", module: module)
            if let text = parameters["fallback"], !text.isEmpty {
                guard module.check == .failover else {
                    return .badRequest("fallback is only for failover modules; module '\(module.name)' runs \(module.check.rawValue)")
                }
                fallback = try ProbeRunner.target(text, module: module)
            }
        } catch {
            return .badRequest(error.description)
        }
        if module.check == .invite, module.to == nil, (target.uri.user ?? "").isEmpty {
            return .badRequest("module '\(module.name)' places a call: give the number in the target (sip:NUMBER@host) or set 'to' in the module")
        }
        let deadline: Duration
        switch Self.deadline(header: scrapeTimeout, offset: options.timeoutOffset, moduleTimeout: module.timeout,
                             fallback: options.defaultScrapeTimeout) {
        case .success(let value): deadline = value
        case .failure(let error): return .badRequest(error.description)
        }
        let debug = parameters["debug"] == "true"
        let runner = ProbeRunner(module: module, target: target, fallback: fallback, deadline: deadline, group: group)
        let answer = await pacing.answer(key: runner.destination, minInterval: module.minInterval) { [self] in
            await self.run(runner, received: received)
        }
        let outcome = answer.outcome
        if answer.cached {
            metrics.pacingHit(module: module.name)
            metrics.answered(module: module.name, result: "cached")
        } else {
            metrics.answered(module: module.name, result: outcome.resultLabel)
        }
        let exposition = ProbeExposition.render(outcome, cached: answer.cached, age: answer.age)
        guard debug else { return ExporterAnswer(status: 200, contentType: ExporterAnswer.exposition, body: exposition) }
        return ExporterAnswer(status: 200, contentType: ExporterAnswer.text,
                              body: Self.debugText(outcome, cached: answer.cached, exposition: exposition, module: module))
    }

    /// Waits for a slot until the deadline, then probes with what is left of it.
    private func run(_ runner: ProbeRunner, received: ContinuousClock.Instant) async -> ProbeOutcome {
        let end = received + runner.deadline
        guard await gate.acquire(before: end) else {
            let reason = "no probe slot became free within the \(runner.deadline.seconds)s deadline: \(options.maxConcurrentProbes) probes were in flight (--max-concurrent-probes)"
            logger.warning("probe not sent", metadata: ["target": "\(runner.target.input)", "reason": "\(reason)"])
            return ProbeOutcome(result: .notRun(reason: reason), success: false, duration: ContinuousClock.now - received,
                                timeout: runner.deadline, finished: Date(), log: ["level=error msg=\"\(reason)\""])
        }
        metrics.probeStarted()
        var timed = runner
        timed.deadline = max(end - ContinuousClock.now, .milliseconds(1))
        var outcome = await timed.run(logger: logger)
        outcome.timeout = runner.deadline
        metrics.probeEnded()
        await gate.release()
        metrics.probed(module: runner.module.name, duration: outcome.duration)
        return outcome
    }

    /// The probe's deadline: the scrape timeout minus the offset (when the timeout exceeds it), capped by the
    /// module's timeout; without the header, the module's timeout capped by `fallback`.
    static func deadline(header: String?, offset: Duration, moduleTimeout: Duration, fallback: Duration) -> Result<Duration, ExporterRequestError> {
        guard let header else { return .success(min(moduleTimeout, fallback)) }
        guard let seconds = Double(header.trimmingCharacters(in: .whitespaces)), seconds > 0, seconds.isFinite else {
            return .failure(ExporterRequestError("bad X-Prometheus-Scrape-Timeout-Seconds header '\(header)': expected a positive number of seconds"))
        }
        var scrape = Duration.milliseconds(Int64((seconds * 1000).rounded()))
        if scrape > offset { scrape -= offset }
        return .success(min(moduleTimeout, scrape))
    }

    static func debugText(_ outcome: ProbeOutcome, cached: Bool, exposition: String, module: ProbeModule) -> String {
        var text = "Logs for the probe:\n"
        if cached { text += "(cached: this is the last result, kept because min_interval had not passed)\n" }
        text += outcome.log.joined(separator: "\n") + "\n\nReport:\n"
        switch outcome.result {
        case .single(let report): text += ReportTextRenderer.render(report)
        case .failover(let report): text += ReportTextRenderer.render(report)
        case .notRun(let reason): text += "no probe was sent: \(reason)"
        }
        text += "\n\nMetrics that would have been returned:\n" + exposition
        text += "\nModule configuration:\n" + module.summary + "\n"
        return text
    }
}
