import Foundation

/// Per-destination pacing (a module's `min_interval`): a scrape that comes sooner than that after the last
/// probe of the same destination, or while one is running, gets that probe's result instead of sending
/// another request. Providers block sources that probe too often (Zentrunk: one OPTIONS per 10-15 s).
actor ProbePacing {
    struct Answer: Sendable {
        var outcome: ProbeOutcome
        var cached: Bool
        var age: Duration
    }

    private struct Entry {
        var outcome: ProbeOutcome
        var finishedAt: ContinuousClock.Instant
        var minInterval: Duration
    }

    private var last: [String: Entry] = [:]
    private var running: [String: Task<ProbeOutcome, Never>] = [:]
    private let now: @Sendable () -> ContinuousClock.Instant

    /// `now` is injectable so tests move time without sleeping.
    init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    func answer(key: String, minInterval: Duration, probe: @escaping @Sendable () async -> ProbeOutcome) async -> Answer {
        guard minInterval > .zero else { return Answer(outcome: await probe(), cached: false, age: .zero) }
        let instant = now()
        if let entry = last[key], instant - entry.finishedAt < minInterval {
            return Answer(outcome: entry.outcome, cached: true, age: instant - entry.finishedAt)
        }
        if let task = running[key] {
            // A probe to this destination is on its way: share it rather than send a second one.
            let outcome = await task.value
            return Answer(outcome: outcome, cached: true, age: .zero)
        }
        let task = Task { await probe() }
        running[key] = task
        let outcome = await task.value
        running[key] = nil
        // A probe that was not sent (no free slot) is not a result to hand out again.
        if case .notRun = outcome.result {} else {
            last[key] = Entry(outcome: outcome, finishedAt: now(), minInterval: minInterval)
        }
        prune()
        return Answer(outcome: outcome, cached: false, age: .zero)
    }

    /// Drops results too old to be handed out again, so the map does not grow with every target ever seen.
    private func prune() {
        guard last.count > 1024 else { return }
        let instant = now()
        last = last.filter { instant - $0.value.finishedAt < $0.value.minInterval }
    }
}
