import SIPClient
import Foundation
import Logging
import SIPClient
import SIPCore

/// Runs suite checks through `ProbeEngine` with what the command line adds to every check (local address,
/// User-Agent, resolution, TLS trust) and judges each against its expectation.
public struct SuiteRunner: Sendable {
    public var bindHost: String?
    public var bindPort: Int?
    public var userAgent: String
    public var resolution: ResolutionSettings
    public var tls: TLSClientSettings?
    /// Where `password: {env: …}` is read from.
    public var environment: [String: String]
    private let logger: Logger

    public init(bindHost: String? = nil, bindPort: Int? = nil, userAgent: String = "trunkprobe",
                resolution: ResolutionSettings = ResolutionSettings(), tls: TLSClientSettings? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment, logger: Logger) {
        self.bindHost = bindHost
        self.bindPort = bindPort
        self.userAgent = userAgent
        self.resolution = resolution
        self.tls = tls
        self.environment = environment
        self.logger = logger
    }

    /// Every password a check will need is readable: a suite fails before its first packet, naming the
    /// check's file and line, not halfway through.
    public func preflight(_ checks: [CheckDefinition]) throws(SuiteError) {
        for check in checks {
            guard let credential = check.credential else { continue }
            do { _ = try credential.resolve(environment: environment) } catch {
                throw SuiteError(check.origin, key: error.key, "check '\(check.name)': \(error.message)")
            }
        }
    }

    /// Streams `(index, result)` in completion order, `concurrency` at a time, paced per destination.
    public func run(_ checks: [CheckDefinition], concurrency: Int, pacing: Duration) -> AsyncStream<(index: Int, result: CheckResult)> {
        ProbeEngine(concurrency: concurrency, minInterval: pacing).run(jobs(checks))
    }

    /// The same as a `ProbeRun`: `cancel()` interrupts the checks in flight (their calls are ended) and
    /// their results are still delivered, so an interrupted suite reports what it saw.
    public func start(_ checks: [CheckDefinition], concurrency: Int, pacing: Duration) -> ProbeRun<CheckResult> {
        ProbeEngine(concurrency: concurrency, minInterval: pacing).start(jobs(checks))
    }

    private func jobs(_ checks: [CheckDefinition]) -> [ProbeJob<CheckResult>] {
        checks.map { check in ProbeJob(destination: Self.destination(check)) { await self.run(check) } }
    }

    /// Runs one check and judges it.
    public func run(_ check: CheckDefinition) async -> CheckResult {
        let started = ContinuousClock.now
        let settings: ProbeSettings
        do {
            settings = try self.settings(check, target: check.target)
        } catch {
            return .unstarted(check, problem: error.message)
        }
        switch check.kind {
        case .options:
            let report = await OptionsProbe(configuration: settings, logger: logger).run()
            return judge(check, report: report, started: started)
        case .invite:
            var configuration = InviteProbe.Configuration(target: settings.target, to: check.to ?? "trunkprobe")
            configuration.settings = settings
            let report = await InviteProbe(configuration: configuration, logger: logger).run()
            return judge(check, report: report, started: started)
        case .failover:
            var fallback: ProbeSettings?
            if let uri = check.fallback {
                do { fallback = try self.settings(check, target: uri) } catch { return .unstarted(check, problem: error.message) }
            }
            let report = await FailoverProbe(primary: settings, fallback: fallback,
                                             policy: FailoverPolicy(extraCodes: Set(check.failoverOn)), logger: logger).run()
            return CheckResult.judged(check, verdict: report.verdict.rawValue, reportStatus: report.status,
                                      statusCode: report.primary.statusCode, explanation: report.explanation, hint: report.hint,
                                      duration: ContinuousClock.now - started, rttMs: report.primary.rttMs, failover: report)
        }
    }

    private func judge(_ check: CheckDefinition, report: ProbeReport, started: ContinuousClock.Instant) -> CheckResult {
        CheckResult.judged(check, verdict: report.verdict.rawValue, reportStatus: report.status, statusCode: report.statusCode,
                           explanation: report.explanation, hint: report.hint, duration: ContinuousClock.now - started,
                           rttMs: report.rttMs, probe: report)
    }

    private struct SetupProblem: Error { var message: String }

    private func settings(_ check: CheckDefinition, target text: String) throws(SetupProblem) -> ProbeSettings {
        let target: ProbeTarget
        do { target = try ProbeTarget(parsing: text, transport: check.transport) } catch {
            throw SetupProblem(message: "bad target '\(text)': \(error.message)")
        }
        var credentials: DigestCredentials?
        if let reference = check.credential {
            do { credentials = try reference.resolve(environment: environment) } catch {
                throw SetupProblem(message: error.message)
            }
        }
        var settings = ProbeSettings(target: target, timeout: check.timeout, bindHost: bindHost, bindPort: bindPort,
                                     from: check.from, userAgent: userAgent, credentials: credentials, tls: tls)
        settings.resolution = resolution
        return settings
    }

    /// `host:port:transport` of the target before resolution: the unit pacing applies to.
    static func destination(_ check: CheckDefinition) -> String? {
        guard let target = try? ProbeTarget(parsing: check.target, transport: check.transport) else { return nil }
        return "\(target.host):\(target.port):\(target.transport.rawValue)"
    }
}
