import NIOConcurrencyHelpers
import ZentrunkAPI

/// Collects the delays a `RetryPolicy` asks for instead of sleeping, so retry tests run instantly. Its clock is
/// virtual: it starts at the real now and advances only by the recorded delays, so deadline checks see the waits.
final class RecordingSleeper: Sendable {
    private let box = NIOLockedValueBox<[Duration]>([])
    private let start = ContinuousClock.now

    var delays: [Duration] { box.withLockedValue { $0 } }

    /// A policy that records instead of sleeping; jitter fixed (1.0 means none) so delays are exact.
    func policy(maxAttempts: Int = 4, jitter: Double = 1.0) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, baseDelay: .milliseconds(500), maxDelay: .seconds(8),
                    jitter: { jitter }, sleep: { [box] delay in box.withLockedValue { $0.append(delay) } },
                    now: { [box, start] in start + box.withLockedValue { $0.reduce(.zero, +) } })
    }
}
