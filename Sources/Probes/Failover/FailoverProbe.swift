import Logging
import SIPCore

/// Probes a primary and a fallback URI with `OptionsProbe`, at the same time, and combines the results.
///
/// Both are probed even when the primary answers: a fallback that fails is only found before it is needed.
public struct FailoverProbe: Sendable {
    public let primary: OptionsProbe.Configuration
    public let fallback: OptionsProbe.Configuration?
    public let policy: FailoverPolicy
    private let logger: Logger

    public init(primary: OptionsProbe.Configuration, fallback: OptionsProbe.Configuration?, policy: FailoverPolicy = FailoverPolicy(),
                logger: Logger) {
        self.primary = primary
        self.fallback = fallback
        self.policy = policy
        self.logger = logger
    }

    public func run() async -> FailoverReport {
        async let primaryReport = OptionsProbe(configuration: primary, logger: logger).run()
        let fallbackReport: ProbeReport?
        if let fallback {
            fallbackReport = await OptionsProbe(configuration: fallback, logger: logger).run()
        } else {
            fallbackReport = nil
        }
        return FailoverReport(primary: await primaryReport, fallback: fallbackReport, policy: policy)
    }
}
