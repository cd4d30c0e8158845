import Testing
@testable import SIPCore

@Suite struct ResolutionSRVOrderingTests {
    @Test("Priority ascending comes first, whatever the weights")
    func priority() {
        let recs = [srvRec(20, 100, 1, "c"), srvRec(10, 0, 1, "a"), srvRec(30, 5, 1, "d"), srvRec(10, 0, 1, "b")]
        let ordered = SRVOrdering.order(recs, random: .lowest).map(\.target)
        #expect(ordered == ["a", "b", "c", "d"])
    }

    @Test("Weighted pick within a priority follows RFC 2782's running sum with the injected draws")
    func weighted() {
        // Priority 10: A w60, B w20, C w20 (sum 100).
        // Draw 70: running 60 < 70, 80 ≥ 70 → B. Remaining A, C (sum 80); draw 80 → A 60 < 80, C 80 ≥ 80 → C. Then A.
        let rnd = SequenceRandom([70, 80, 0])
        let recs = [srvRec(10, 60, 1, "A"), srvRec(10, 20, 1, "B"), srvRec(10, 20, 1, "C")]
        #expect(SRVOrdering.order(recs, random: rnd.source).map(\.target) == ["B", "C", "A"])
        #expect(rnd.bounds == [100, 80, 60])   // draws are in 0...sum, inclusive
    }

    @Test("Weight 0: placed first, chosen only on a zero draw; all-zero keeps the server's order")
    func weightZero() {
        // Z (w0) is moved to the front; draw 1 → Z's running sum 0 < 1, A's 10 ≥ 1 → A.
        let rnd = SequenceRandom([1, 0])
        let recs = [srvRec(5, 10, 1, "A"), srvRec(5, 0, 1, "Z")]
        #expect(SRVOrdering.order(recs, random: rnd.source).map(\.target) == ["A", "Z"])
        // Draw 0 → Z first.
        #expect(SRVOrdering.order(recs, random: .lowest).map(\.target) == ["Z", "A"])
        // All zero: sum 0, every draw 0, the server's order.
        let zeros = [srvRec(1, 0, 1, "x"), srvRec(1, 0, 1, "y"), srvRec(1, 0, 1, "z")]
        #expect(SRVOrdering.order(zeros, random: .system).map(\.target) == ["x", "y", "z"])
    }

    @Test("A draw above the bound is clamped, never crashes")
    func clamped() {
        let recs = [srvRec(1, 1, 1, "a"), srvRec(1, 1, 1, "b")]
        let r = ServerSelectionRandom { _ in .max }
        #expect(SRVOrdering.order(recs, random: r).map(\.target) == ["b", "a"])
    }

    @Test("With the system generator the first pick follows the weights (60/30/10 over 20 000 runs)")
    func distribution() {
        let recs = [srvRec(1, 60, 1, "a"), srvRec(1, 30, 1, "b"), srvRec(1, 10, 1, "c"), srvRec(2, 1000, 1, "later")]
        var counts: [String: Int] = [:]
        let runs = 20_000
        for _ in 0..<runs {
            let o = SRVOrdering.order(recs, random: .system)
            counts[o[0].target, default: 0] += 1
            #expect(o.last?.target == "later")
        }
        func share(_ t: String) -> Double { Double(counts[t] ?? 0) / Double(runs) }
        #expect(abs(share("a") - 0.6) < 0.03)
        #expect(abs(share("b") - 0.3) < 0.03)
        #expect(abs(share("c") - 0.1) < 0.03)
    }

    @Test("The locator applies the ordering to real SRV answers")
    func locatorUsesOrdering() async throws {
        let dns = FakeDNS()
        dns.srv("_sip._udp.example.com", [srvRec(20, 0, 5060, "backup"), srvRec(10, 60, 5060, "p1"), srvRec(10, 40, 5060, "p2")])
        dns.host("backup", ["192.0.2.9"]); dns.host("p1", ["192.0.2.1"]); dns.host("p2", ["192.0.2.2"])
        let rnd = SequenceRandom([61])  // 60 < 61 ≤ 100 → p2 first
        let l = try await ServerLocator(lookup: dns, random: rnd.source).locate(.init(host: "example.com"))
        #expect(l.targets.map(\.host) == ["p2", "p1", "backup"])
    }
}
