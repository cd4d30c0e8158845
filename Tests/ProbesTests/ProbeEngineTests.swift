import Foundation
import Testing
import TestSupport
@testable import Probes

/// The engine on virtual time: every job sleeps on a `ManualClock`, and the test moves the clock.
@Suite struct ProbeEngineTests {
    /// What the jobs saw, shared between them and the test.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        private var _starts: [(index: Int, at: Duration)] = []
        private var _running = 0
        private var _maxRunning = 0
        private var _cancelled: [Int] = []
        private var _received: [Int] = []

        func start(_ index: Int, at: Duration) {
            lock.withLock {
                _starts.append((index, at))
                _running += 1
                _maxRunning = max(_maxRunning, _running)
            }
        }
        func end(_ index: Int, cancelled: Bool) {
            lock.withLock {
                _running -= 1
                if cancelled { _cancelled.append(index) }
            }
        }
        func receive(_ index: Int) { lock.withLock { _received.append(index) } }
        var starts: [(index: Int, at: Duration)] { lock.withLock { _starts } }
        var started: Set<Int> { Set(starts.map(\.index)) }
        var maxRunning: Int { lock.withLock { _maxRunning } }
        var cancelled: [Int] { lock.withLock { _cancelled } }
        var received: [Int] { lock.withLock { _received } }
    }

    /// Yields until `condition` holds: the engine and the jobs run on the cooperative pool, so the test
    /// waits for them to reach a quiet state before moving the clock. The wall-clock bound only turns a
    /// hang into a failure.
    func settle(_ what: String, _ condition: () -> Bool) async {
        let start = ContinuousClock.now
        while !condition() {
            if ContinuousClock.now - start > .seconds(60) {
                Issue.record("timed out waiting until \(what)")
                return
            }
            await Task.yield()
        }
    }

    /// A job that records its start and then takes `duration` of virtual time.
    func job(_ index: Int, destination: String?, takes duration: Duration, clock: ManualClock,
             recorder: Recorder) -> ProbeJob<Int> {
        ProbeJob(destination: destination) {
            recorder.start(index, at: clock.now.offset)
            var cancelled = false
            do { try await clock.sleep(for: duration) } catch { cancelled = true }
            recorder.end(index, cancelled: cancelled)
            return index
        }
    }

    @Test("never more than `concurrency` jobs run at once, and a finished job makes room for the next")
    func width() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let jobs = (0..<10).map { job($0, destination: nil, takes: .seconds(10), clock: clock, recorder: recorder) }
        let engine = ProbeEngine(concurrency: 3, clock: clock)
        let consumer = Task { for await (index, _) in engine.run(jobs) { recorder.receive(index) } }

        await settle("3 jobs sleep") { recorder.started.count == 3 && clock.sleeperCount == 3 }
        #expect(recorder.started == [0, 1, 2])
        clock.advance(by: .seconds(10))
        // The consumer runs beside the engine: its receipts are awaited too, not assumed to come before
        // the next jobs start.
        await settle("the next 3 sleep, the first 3 are received") {
            recorder.started.count == 6 && clock.sleeperCount == 3 && recorder.received.count == 3
        }
        #expect(recorder.started == Set(0..<6))
        #expect(recorder.received.sorted() == [0, 1, 2])
        clock.advance(by: .seconds(10))
        await settle("9 started") { recorder.started.count == 9 && clock.sleeperCount == 3 }
        clock.advance(by: .seconds(10))
        await settle("the last one sleeps") { recorder.started.count == 10 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(10))
        await consumer.value
        #expect(recorder.maxRunning == 3)
        #expect(recorder.received.sorted() == Array(0..<10))
    }

    @Test("starts to one destination are at least minInterval apart, on the engine's clock")
    func pacingPerDestination() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let jobs = (0..<3).map { job($0, destination: "a:5060:udp", takes: .zero, clock: clock, recorder: recorder) }
        let engine = ProbeEngine(concurrency: 8, minInterval: .seconds(10), clock: clock)
        let consumer = Task { for await (index, _) in engine.run(jobs) { recorder.receive(index) } }

        // The first job has run; the engine sleeps on its pacing timer.
        await settle("job 0 done, pacing timer armed") { recorder.received.count == 1 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(9))
        await settle("still one sleeper") { clock.sleeperCount == 1 }
        #expect(recorder.started == [0])
        clock.advance(by: .seconds(1))
        await settle("job 1 done") { recorder.received.count == 2 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(10))
        await consumer.value
        #expect(recorder.starts.map(\.index) == [0, 1, 2])
        #expect(recorder.starts.map(\.at) == [.zero, .seconds(10), .seconds(20)])
    }

    @Test("a paced destination does not hold back jobs to other destinations behind it")
    func destinationsAreIndependent() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let destinations = ["a:5060:udp", "a:5060:udp", "a:5060:udp", "b:5060:udp", "c:5061:tls", nil]
        let jobs = destinations.enumerated().map {
            job($0.offset, destination: $0.element, takes: .seconds(1), clock: clock, recorder: recorder)
        }
        let engine = ProbeEngine(concurrency: 8, minInterval: .seconds(10), clock: clock)
        let consumer = Task { for await (index, _) in engine.run(jobs) { recorder.receive(index) } }

        // a(0), b, c and the unpaced job start at once; a(1) and a(2) wait. 4 jobs + 1 pacing timer sleep.
        await settle("4 jobs and the pacing timer sleep") { recorder.started.count == 4 && clock.sleeperCount == 5 }
        #expect(recorder.started == [0, 3, 4, 5])
        clock.advance(by: .seconds(1))
        await settle("those 4 finished") { recorder.received.count == 4 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(9))
        await settle("a(1) runs") { recorder.started.count == 5 && clock.sleeperCount == 2 }
        clock.advance(by: .seconds(10))
        await settle("a(2) runs") { recorder.started.count == 6 && clock.sleeperCount == 1 }
        clock.advance(by: .seconds(1))
        await consumer.value
        let at = Dictionary(uniqueKeysWithValues: recorder.starts.map { ($0.index, $0.at) })
        #expect(at == [0: .zero, 3: .zero, 4: .zero, 5: .zero, 1: .seconds(10), 2: .seconds(20)])
    }

    @Test("results stream in completion order, each as soon as its job returns")
    func streamsInCompletionOrder() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let jobs = [
            job(0, destination: nil, takes: .seconds(30), clock: clock, recorder: recorder),
            job(1, destination: nil, takes: .seconds(5), clock: clock, recorder: recorder),
            job(2, destination: nil, takes: .seconds(10), clock: clock, recorder: recorder),
        ]
        let engine = ProbeEngine(concurrency: 3, clock: clock)
        let consumer = Task {
            var results: [(Int, Int)] = []
            for await (index, result) in engine.run(jobs) {
                recorder.receive(index)
                results.append((index, result))
            }
            return results
        }
        await settle("3 jobs sleep") { clock.sleeperCount == 3 }
        clock.advance(by: .seconds(5))
        await settle("job 1 delivered") { recorder.received.count == 1 }
        #expect(recorder.received == [1], "job 1 is delivered while jobs 0 and 2 still run")
        clock.advance(by: .seconds(25))
        let results = await consumer.value
        #expect(results.map(\.0) == [1, 2, 0])
        #expect(results.allSatisfy { $0.0 == $0.1 }, "each index comes with its own job's result")
    }

    @Test("cancelling the consumer cancels the running jobs and starts no other")
    func cancellation() async {
        let clock = ManualClock()
        let recorder = Recorder()
        var jobs = (0..<4).map { job($0, destination: nil, takes: .seconds(100), clock: clock, recorder: recorder) }
        // Two more to one paced destination, so a pacing timer is armed when the consumer goes away.
        jobs += (4..<6).map { job($0, destination: "a:5060:udp", takes: .seconds(100), clock: clock, recorder: recorder) }
        let engine = ProbeEngine(concurrency: 3, minInterval: .seconds(10), clock: clock)
        let consumer = Task { for await (index, _) in engine.run(jobs) { recorder.receive(index) } }

        await settle("3 jobs sleep") { recorder.started.count == 3 && clock.sleeperCount == 3 }
        consumer.cancel()
        await consumer.value
        await settle("the running jobs saw the cancellation") { recorder.cancelled.count == 3 && clock.sleeperCount == 0 }
        clock.advance(by: .seconds(1000))
        // Give a wrongly started job every chance to show up.
        for _ in 0..<1000 { await Task.yield() }
        #expect(recorder.started == [0, 1, 2])
        #expect(Set(recorder.cancelled) == [0, 1, 2])
        #expect(recorder.received.isEmpty)
    }

    @Test("the pacer picks in input order, skipping held-back destinations until their time")
    func pacerOrder() {
        typealias Instant = ManualClock.Instant
        let t = { (seconds: Int) in Instant(offset: .seconds(seconds)) }
        var pacer = Pacer<Instant>(destinations: ["a", "a", "b", nil, "a", "b"], minInterval: .seconds(10))
        #expect(pacer.next(now: t(0)) == 0)
        #expect(pacer.next(now: t(0)) == 2)
        #expect(pacer.next(now: t(0)) == 3)
        #expect(pacer.next(now: t(0)) == nil)
        #expect(pacer.nextDeadline == t(10))
        #expect(pacer.next(now: t(9)) == nil)
        #expect(pacer.next(now: t(10)) == 1)
        #expect(pacer.next(now: t(12)) == 5)
        #expect(pacer.next(now: t(12)) == nil)
        #expect(pacer.nextDeadline == t(20))
        #expect(pacer.next(now: t(20)) == 4)
        #expect(pacer.isEmpty)
        #expect(pacer.next(now: t(100)) == nil)

        var unpaced = Pacer<Instant>(destinations: ["a", "a", "a"], minInterval: .zero)
        #expect([unpaced.next(now: t(0)), unpaced.next(now: t(0)), unpaced.next(now: t(0)), unpaced.next(now: t(0))] == [0, 1, 2, nil])
    }
}

extension ProbeEngineTests {
    @Test("ProbeRun.cancel() interrupts the running jobs and still delivers their results, then ends")
    func runCancelDrains() async {
        let clock = ManualClock()
        let recorder = Recorder()
        let jobs = (0..<5).map { job($0, destination: nil, takes: .seconds(100), clock: clock, recorder: recorder) }
        let run = ProbeEngine(concurrency: 2, clock: clock).start(jobs)
        let consumer = Task { for await (index, _) in run.results { recorder.receive(index) } }
        await settle("2 jobs sleep") { recorder.started.count == 2 && clock.sleeperCount == 2 }
        run.cancel()
        await consumer.value
        #expect(Set(recorder.received) == [0, 1], "the interrupted jobs' results still arrive")
        #expect(Set(recorder.cancelled) == [0, 1])
        #expect(recorder.started == [0, 1])
    }
}
