import Logging
import Probes
import SIPCore

/// Runs planned probes with the user's probe settings (timeout, TLS, resolution, credentials), through the
/// probe engine so they run side by side.
public struct PlannedProbeRunner: Sendable {
    /// Settings every probe starts from; each probe replaces the target.
    public var settings: ProbeSettings
    /// false: no probe runs (`--no-probes`, or no network to the targets); each is reported as not run.
    public var enabled: Bool
    /// `--transport`: probe every URI over this transport instead of the one it names.
    public var transport: SIPTransportKind?
    public var logger: Logger

    public init(settings: ProbeSettings, enabled: Bool = true, transport: SIPTransportKind? = nil, logger: Logger) {
        self.settings = settings
        self.enabled = enabled
        self.transport = transport
        self.logger = logger
    }

    public func run(_ probes: [PlannedProbe]) async -> [(PlannedProbe, ProbeOutcome)] {
        guard enabled else { return probes.map { ($0, .notRun("probes are turned off (--no-probes)")) } }
        let jobs = probes.map { probe in ProbeJob(destination: nil) { await self.run(probe) } }
        let outcomes = await ProbeEngine(concurrency: 4).results(jobs)
        return zip(probes, outcomes).map { ($0, $1 ?? .notRun("interrupted before it started")) }
    }

    private func run(_ probe: PlannedProbe) async -> ProbeOutcome {
        switch probe.kind {
        case .options(let target):
            guard let configuration = configuration(target) else { return .notRun("'\(target)' is not a SIP target") }
            return .report(await OptionsProbe(configuration: configuration, logger: logger).run())
        case .invite(let target, let number):
            guard let base = configuration(target) else { return .notRun("'\(target)' is not a SIP target") }
            var configuration = InviteProbe.Configuration(target: base.target, to: Self.dialable(number))
            configuration.settings = base
            return .report(await InviteProbe(configuration: configuration, logger: logger).run())
        case .failover(let primary, let fallback):
            guard var first = configuration(primary) else { return .notRun("'\(primary)' is not a SIP target") }
            // Origination URIs are Plivo's to call: no credentials are sent to them.
            first.credentials = nil
            var second = fallback.flatMap { configuration($0) }
            second?.credentials = nil
            return .failover(await FailoverProbe(primary: first, fallback: second, logger: logger).run())
        }
    }

    private func configuration(_ target: String) -> ProbeSettings? {
        guard let parsed = try? ProbeTarget(parsing: target, transport: transport) else { return nil }
        var copy = settings
        copy.target = parsed
        return copy
    }

    /// A Request-URI user part: the number's digits, with the `+` E.164 records carry.
    static func dialable(_ number: String) -> String {
        number.filter { $0.isNumber || $0 == "+" }
    }
}
