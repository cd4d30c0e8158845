/// Which job may start next: input order, except that a job whose destination saw a start less than
/// `minInterval` ago waits while jobs to other destinations go ahead.
///
/// A pure value type (no clock, no tasks) so `ProbeEngine` can drive it on any `Clock` and tests can
/// step it by hand. Each job is linked to the next job with the same destination; only the first pending
/// job of each destination is ever a candidate, so a start costs O(log n) whatever the mix of destinations.
struct Pacer<Instant: InstantProtocol> where Instant.Duration == Duration {
    private let minInterval: Duration
    /// For each job, the index of the next job to the same destination, or -1.
    private var nextSame: [Int]
    /// Candidates that may start now, as a min-heap of job indices (lowest index = earliest in the input).
    private var ready: [Int] = []
    /// Candidates held back by pacing. Deadlines are `start + minInterval` with `start` taken from a
    /// monotonic clock, so appending keeps the list sorted and it can be read as a queue.
    private var waiting: [(deadline: Instant, index: Int)] = []
    private var waitingHead = 0
    /// With no pacing, jobs start strictly in input order.
    private var cursor = 0
    private let unpaced: Bool
    private let count: Int
    private(set) var remaining: Int

    init(destinations: [String?], minInterval: Duration) {
        self.minInterval = minInterval
        count = destinations.count
        remaining = destinations.count
        unpaced = minInterval <= .zero
        nextSame = []
        guard !unpaced else { return }
        nextSame = Array(repeating: -1, count: destinations.count)
        var later: [String: Int] = [:]
        for index in destinations.indices.reversed() {
            guard let destination = destinations[index] else { continue }
            if let next = later[destination] { nextSame[index] = next }
            later[destination] = index
        }
        var isFollower = Array(repeating: false, count: destinations.count)
        for next in nextSame where next >= 0 { isFollower[next] = true }
        // Indices ascending form a valid min-heap as they are.
        ready = destinations.indices.filter { !isFollower[$0] }
    }

    var isEmpty: Bool { remaining == 0 }

    /// The earliest instant at which a job now held back by pacing may start.
    var nextDeadline: Instant? { waitingHead < waiting.count ? waiting[waitingHead].deadline : nil }

    /// The job to start at `now`, if any may; records the start for pacing.
    mutating func next(now: Instant) -> Int? {
        guard remaining > 0 else { return nil }
        if unpaced {
            defer { cursor += 1; remaining -= 1 }
            return cursor
        }
        while waitingHead < waiting.count, waiting[waitingHead].deadline <= now {
            push(waiting[waitingHead].index)
            waitingHead += 1
        }
        if waitingHead > 1024, waitingHead * 2 > waiting.count {
            waiting.removeFirst(waitingHead)
            waitingHead = 0
        }
        guard let index = popMin() else { return nil }
        let follower = nextSame[index]
        if follower >= 0 { waiting.append((now.advanced(by: minInterval), follower)) }
        remaining -= 1
        return index
    }

    private mutating func push(_ value: Int) {
        ready.append(value)
        var child = ready.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard ready[child] < ready[parent] else { break }
            ready.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func popMin() -> Int? {
        guard let last = ready.popLast() else { return nil }
        guard !ready.isEmpty else { return last }
        let top = ready[0]
        ready[0] = last
        var parent = 0
        while true {
            let left = parent * 2 + 1, right = left + 1
            var smallest = parent
            if left < ready.count, ready[left] < ready[smallest] { smallest = left }
            if right < ready.count, ready[right] < ready[smallest] { smallest = right }
            guard smallest != parent else { break }
            ready.swapAt(parent, smallest)
            parent = smallest
        }
        return top
    }
}
