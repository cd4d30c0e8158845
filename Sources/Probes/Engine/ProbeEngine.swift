/// Runs many probe jobs with bounded concurrency and per-destination pacing, streaming each result as it
/// completes. Cancelling the consuming task cancels the jobs still running.
///
/// API contract (suites, smoke and the exporter build on it): `run(_:)` yields `(index, result)` pairs in
/// completion order; `index` is the job's position in the input.
public struct ProbeEngine: Sendable {
    /// At most this many jobs run at once.
    public var concurrency: Int
    /// At least this long between the starts of two jobs to the same destination.
    public var minInterval: Duration

    public init(concurrency: Int = 16, minInterval: Duration = .zero) {
        self.concurrency = max(1, concurrency)
        self.minInterval = minInterval
    }

    /// Streams `(index, result)` as each job completes.
    public func run<Result: Sendable>(_ jobs: [ProbeJob<Result>]) -> AsyncStream<(index: Int, result: Result)> {
        let width = concurrency
        let interval = minInterval
        return AsyncStream { continuation in
            let task = Task {
                var lastStart: [String: ContinuousClock.Instant] = [:]
                await withTaskGroup(of: (Int, Result).self) { group in
                    var running = 0
                    for (index, job) in jobs.enumerated() {
                        if Task.isCancelled { break }
                        if running >= width, let done = await group.next() {
                            continuation.yield((index: done.0, result: done.1))
                            running -= 1
                        }
                        if let destination = job.destination, interval > .zero {
                            let now = ContinuousClock.now
                            if let last = lastStart[destination], now - last < interval {
                                try? await Task.sleep(until: last + interval, clock: .continuous)
                            }
                            lastStart[destination] = ContinuousClock.now
                        }
                        group.addTask { (index, await job.run()) }
                        running += 1
                    }
                    for await done in group { continuation.yield((index: done.0, result: done.1)) }
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
