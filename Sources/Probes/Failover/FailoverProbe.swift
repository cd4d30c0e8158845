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
        guard let fallback else {
            return FailoverReport(primary: await OptionsProbe(configuration: primary, logger: logger).run(), fallback: nil, policy: policy)
        }
        if let port = primary.bindPort, port != 0 {
            // A fixed local port (--bind ADDR:PORT) can be bound by one socket at a time: one after the other.
            let first = await OptionsProbe(configuration: primary, logger: logger).run()
            let second = await OptionsProbe(configuration: fallback, logger: logger).run()
            return FailoverReport(primary: first, fallback: second, policy: policy)
        }
        // Otherwise at the same time, so the whole check takes one timeout, not two.
        async let first = OptionsProbe(configuration: primary, logger: logger).run()
        let second = await OptionsProbe(configuration: fallback, logger: logger).run()
        return FailoverReport(primary: await first, fallback: second, policy: policy)
    }
}
