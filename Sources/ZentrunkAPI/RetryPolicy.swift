import Foundation

/// When and how long to wait before repeating an idempotent request (GET, DELETE) that got 429 or 5xx.
///
/// Exponential backoff with jitter: attempt n (1-based) waits `base * 2^(n-1)`, capped at `maxDelay`, scaled by a
/// jitter factor in [0.5, 1.0]; a `Retry-After` header (seconds) replaces the computed delay, capped at
/// `maxRetryAfter`. The sleeper and the jitter source are injectable so tests assert delays without sleeping.
public struct RetryPolicy: Sendable {
    /// Total attempts, the first included. 1 disables retries.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    public var maxRetryAfter: Duration
    /// Returns a value in [0, 1]; 1 means no jitter.
    public var jitter: @Sendable () -> Double
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The clock deadlines are measured on; injectable with `sleep` so a test's virtual waits count against them.
    public var now: @Sendable () -> ContinuousClock.Instant

    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(8),
        maxRetryAfter: Duration = .seconds(60),
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.jitter = jitter
        self.sleep = sleep
        self.now = now
    }

    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// Only statuses that say "try again later"; 4xx other than 429 will fail the same way again.
    static func isRetryable(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// The delay before attempt `attempt + 1`, after `attempt` failed (1-based).
    func delay(afterAttempt attempt: Int, retryAfter: String?) -> Duration {
        if let retryAfter, let seconds = Self.parseRetryAfter(retryAfter) {
            return min(.milliseconds(Int64(seconds * 1000)), maxRetryAfter)
        }
        let exponent = min(attempt - 1, 30)
        let backoff = min(baseDelay * (1 << exponent), maxDelay)
        let factor = 0.5 + 0.5 * min(max(jitter(), 0), 1)
        return backoff * factor
    }

    /// `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0 { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSince(now))
    }
}
