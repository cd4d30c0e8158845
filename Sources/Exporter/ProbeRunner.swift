import Foundation
import Logging
import NIOCore
import NIOPosix
import Probes
import SIPClient
import SIPCore

/// Runs one module against one target with one deadline, using the probes' public API.
struct ProbeRunner: Sendable {
    var module: ProbeModule
    var target: ProbeTarget
    /// The fallback URI of a fail-over check (`&fallback=` on the scrape URL).
    var fallback: ProbeTarget?
    var deadline: Duration
    var group: any EventLoopGroup

    /// Parses the scrape's target as the module's probe will see it; the message is the 400 line.
    static func target(_ text: String, module: ProbeModule) throws(ExporterRequestError) -> ProbeTarget {
        guard !text.isEmpty else { throw ExporterRequestError("missing target parameter") }
        do {
            return try ProbeTarget(parsing: text, transport: module.transport)
        } catch {
            throw ExporterRequestError("bad target '\(text)': \(error.message)")
        }
    }

    /// The pacing key: the destination as sent to, before resolution (module and host:port:transport).
    var destination: String {
        var key = "\(module.name)|\(target.host):\(target.port):\(target.transport.rawValue)|\(target.uri.user ?? "")"
        if let fallback { key += "|\(fallback.host):\(fallback.port):\(fallback.transport.rawValue)" }
        return key
    }

    func settings(for target: ProbeTarget) -> ProbeSettings {
        var settings = ProbeSettings(target: target, timeout: deadline, from: module.from, userAgent: module.userAgent,
                                     credentials: module.credentials, tls: module.tls)
        settings.resolution = ResolutionSettings(dnsServer: module.dnsServer, maxAttempts: module.maxAttempts)
        return settings
    }

    func run(logger base: Logger) async -> ProbeOutcome {
        let capture = ProbeLogCapture()
        let logger = capture.logger(forwardingTo: base)
        logger.info("Beginning probe", metadata: ["module": "\(module.name)", "check": "\(module.check.rawValue)",
                                                  "target": "\(target.input)", "timeout_seconds": "\(deadline.seconds)"])
        let started = ContinuousClock.now
        let result: ProbeOutcome.Result
        let success: Bool
        switch module.check {
        case .options:
            let report = await OptionsProbe(configuration: settings(for: target), group: group, logger: logger).run()
            result = .single(report)
            success = Self.success(report, expect: module.expect)
        case .invite:
            var configuration = InviteProbe.Configuration(target: target, to: module.to ?? target.uri.user ?? "")
            configuration.settings = settings(for: target)
            let report = await InviteProbe(configuration: configuration, group: group, logger: logger).run()
            result = .single(report)
            success = Self.success(report, expect: module.expect)
        case .failover:
            let report = await FailoverProbe(primary: settings(for: target), fallback: fallback.map(settings(for:)), logger: logger).run()
            result = .failover(report)
            success = module.expect.map { $0.isMet(verdict: report.verdict.rawValue, statusCode: nil) } ?? (report.verdict != .down)
        }
        let duration = ContinuousClock.now - started
        if success {
            logger.info("Probe succeeded", metadata: ["duration_seconds": "\(duration.seconds)"])
        } else {
            logger.error("Probe failed", metadata: ["duration_seconds": "\(duration.seconds)"])
        }
        return ProbeOutcome(result: result, success: success, duration: duration, timeout: deadline, finished: Date(),
                            log: capture.records)
    }

    /// The default rule: OK and WARNING count as up (a certificate expiring soon or a 403 is alerted on by
    /// its own series), CRITICAL as down; `expect:` replaces the rule with a list of verdicts.
    static func success(_ report: ProbeReport, expect: CheckExpectation?) -> Bool {
        guard let expect else { return report.status <= .warning }
        return expect.isMet(verdict: report.verdict.rawValue, statusCode: report.statusCode)
    }
}
