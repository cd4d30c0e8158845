/// Bounds the probes in flight. A scrape beyond the limit waits for a slot until its deadline, then is
/// answered without a probe (`probe_concurrency_limited 1`) rather than queueing work nobody waits for.
actor ProbeGate {
    let limit: Int
    private var inUse = 0
    private var nextID: UInt64 = 0
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []

    init(limit: Int) { self.limit = max(1, limit) }

    var probesInFlight: Int { inUse }

    /// True when a slot was taken (release it), false when the deadline passed first.
    func acquire(before deadline: ContinuousClock.Instant) async -> Bool {
        if inUse < limit {
            inUse += 1
            return true
        }
        nextID += 1
        let id = nextID
        let expiry = Task { [weak self] in
            try? await Task.sleep(until: deadline, clock: .continuous)
            await self?.expire(id)
        }
        let granted = await withCheckedContinuation { waiters.append((id, $0)) }
        expiry.cancel()
        return granted
    }

    func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            // Hand the slot straight to the oldest waiter.
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    private func expire(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }
}
