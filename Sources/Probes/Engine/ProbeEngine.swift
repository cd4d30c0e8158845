/// Runs many probe jobs with bounded concurrency and per-destination pacing, streaming each result as it
/// completes. Cancelling the consuming task cancels the jobs still running, and no job starts after that.
///
/// API contract (suites, smoke and the exporter build on it): `run(_:)` yields `(index, result)` pairs in
/// completion order; `index` is the job's position in the input.
///
/// Scheduling: jobs start in input order as long as fewer than `concurrency` run. A job whose destination
/// had a start less than `minInterval` ago is held back without holding back the jobs behind it that go
/// elsewhere (see `Pacer`); a timer on `clock` wakes the engine when the first held-back job may go. The
/// engine itself never sleeps on the submit path, so one paced destination cannot stall the others.
public struct ProbeEngine: Sendable {
    /// At most this many jobs run at once.
    public var concurrency: Int
    /// At least this long between the starts of two jobs to the same destination.
    public var minInterval: Duration
    /// The clock pacing is measured on; tests inject a manual one.
    public var clock: any Clock<Duration>

    public init(concurrency: Int = 16, minInterval: Duration = .zero) {
        self.init(concurrency: concurrency, minInterval: minInterval, clock: ContinuousClock())
    }

    public init(concurrency: Int = 16, minInterval: Duration = .zero, clock: any Clock<Duration>) {
        self.concurrency = max(1, concurrency)
        self.minInterval = minInterval
        self.clock = clock
    }

    /// Streams `(index, result)` as each job completes. The stream ends when every job has completed,
    /// or, after cancellation, when the jobs that had started have returned.
    public func run<Result: Sendable>(_ jobs: [ProbeJob<Result>]) -> AsyncStream<(index: Int, result: Result)> {
        start(jobs).results
    }

    /// Starts the jobs and returns the run: its results stream, and `cancel()` to stop it while still
    /// receiving the results of the jobs it interrupts. Ending the iteration of `results` also cancels.
    public func start<Result: Sendable>(_ jobs: [ProbeJob<Result>]) -> ProbeRun<Result> {
        let (stream, continuation) = AsyncStream.makeStream(of: (index: Int, result: Result).self)
        let width = concurrency
        let interval = minInterval
        let clock = clock
        let task = Task {
            await Self.drive(jobs, width: width, interval: interval, clock: clock) { index, result in
                continuation.yield((index: index, result: result))
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return ProbeRun(results: stream, producer: task)
    }

    /// Runs all jobs and returns their results in input order (for callers that need them all at once).
    /// Cancelling the caller cancels the jobs, and still waits for those in flight to return: an
    /// interrupted INVITE ends its call before this returns, and its result is kept (nil: never started).
    public func results<Result: Sendable>(_ jobs: [ProbeJob<Result>]) async -> [Result?] {
        let run = start(jobs)
        // Not a child of the caller: a cancelled caller must not stop the draining.
        let collector = Task { () -> [Result?] in
            var out = [Result?](repeating: nil, count: jobs.count)
            for await (index, result) in run.results { out[index] = result }
            return out
        }
        return await withTaskCancellationHandler { await collector.value } onCancel: { run.cancel() }
    }

    private enum Event<Result: Sendable>: Sendable {
        case finished(Int, Result)
        case wake
    }

    private static func drive<C: Clock, Result: Sendable>(
        _ jobs: [ProbeJob<Result>], width: Int, interval: Duration, clock: C,
        emit: (Int, Result) -> Void
    ) async where C.Duration == Duration {
        var pacer = Pacer<C.Instant>(destinations: jobs.map(\.destination), minInterval: interval)
        await withTaskGroup(of: Event<Result>.self) { group in
            var running = 0
            var armed: C.Instant?
            while true {
                let cancelled = Task.isCancelled
                if !cancelled {
                    while running < width, let index = pacer.next(now: clock.now) {
                        let job = jobs[index]
                        // addTaskUnlessCancelled: a job never starts once the consumer has gone.
                        guard group.addTaskUnlessCancelled(operation: { .finished(index, await job.run()) }) else { break }
                        running += 1
                    }
                }
                if running == 0 && (cancelled || pacer.isEmpty) { break }
                if !cancelled, running < width, let deadline = pacer.nextDeadline, armed.map({ deadline < $0 }) ?? true {
                    armed = deadline
                    group.addTask {
                        try? await clock.sleep(until: deadline, tolerance: nil)
                        return .wake
                    }
                }
                guard let event = await group.next() else { break }
                switch event {
                case .finished(let index, let result):
                    running -= 1
                    emit(index, result)
                case .wake:
                    armed = nil
                }
            }
            // Only a pacing timer can be left (after cancellation): end it rather than wait for it.
            group.cancelAll()
        }
    }
}
