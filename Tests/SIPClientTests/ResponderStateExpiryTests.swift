import NIOConcurrencyHelpers
import SIPCore
import Testing
@testable import SIPClient

/// The responder's transaction table in virtual time: entries expire one by one, a full table never
/// forgets an INVITE in progress, and the pending table is bounded by refusing, not by flushing.
@Suite struct ResponderStateExpiryTests {
    /// A clock the test moves by hand.
    final class VirtualClock: Sendable {
        private let offset = NIOLockedValueBox(Duration.zero)
        let start = ContinuousClock.now
        func advance(_ d: Duration) { offset.withLockedValue { $0 += d } }
        var now: ContinuousClock.Instant { start + offset.withLockedValue { $0 } }
    }

    static func state(_ b: ResponderBehaviour, clock: VirtualClock, capacity: Int = 4096) -> ResponderState {
        ResponderState(behaviour: b, nonce: { "n" }, capacity: capacity, now: { clock.now })
    }

    static func handle(_ s: ResponderState, _ r: SIPRequest, port: Int = 5099) -> ResponderState.Reaction {
        s.handle(r, sourceHost: "127.0.0.1", sourcePort: port, localHost: "127.0.0.1", localPort: 5060, transport: .udp)
    }

    static func request(_ method: String, branch: String, callID: String = "call-1") -> SIPRequest {
        ResponderBehaviourTests.request(method, branch: branch, callID: callID)
    }

    @Test("a completed transaction answers retransmissions for 64·T1 (32 s), then is gone")
    func completedExpires() {
        let clock = VirtualClock()
        let s = Self.state(ResponderBehaviour(), clock: clock)
        #expect(Self.handle(s, Self.request("OPTIONS", branch: "z9hG4bK-o1")).responses.map(\.statusCode) == [200])
        clock.advance(.seconds(20))
        #expect(Self.handle(s, Self.request("OPTIONS", branch: "z9hG4bK-o1")).note == "retransmission: same response again")
        clock.advance(.seconds(13))
        let again = Self.handle(s, Self.request("OPTIONS", branch: "z9hG4bK-o1"))
        #expect(again.note != "retransmission: same response again")
        #expect(again.responses.map(\.statusCode) == [200])
    }

    @Test("a full table drops completed transactions, never an INVITE in progress: its CANCEL still gets 200 and 487")
    func inProgressInviteSurvivesEviction() {
        let clock = VirtualClock()
        let s = Self.state(ResponderBehaviour(invite: .provisionalOnly(180)), clock: clock, capacity: 8)
        #expect(Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-call")).responses.map(\.statusCode) == [180])
        for i in 0..<100 {
            clock.advance(.milliseconds(10))
            _ = Self.handle(s, Self.request("OPTIONS", branch: "z9hG4bK-flood-\(i)", callID: "flood-\(i)"))
        }
        #expect(s.counts.completed <= 8 + 1)
        #expect(s.counts.pending == 1)
        // The INVITE's 180 is still its last response (a retransmitted INVITE gets it again, not a new call).
        #expect(Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-call")).note == "retransmission: same response again")
        let cancel = Self.handle(s, Self.request("CANCEL", branch: "z9hG4bK-call"))
        #expect(cancel.responses.map(\.statusCode) == [200, 487])
        #expect(s.counts.pending == 0)
    }

    @Test("with the pending table full of live calls a new INVITE gets 503 + Retry-After; after their lifetime it is taken")
    func pendingBoundedByRefusal() throws {
        let clock = VirtualClock()
        let s = Self.state(ResponderBehaviour(invite: .provisionalOnly(180)), clock: clock, capacity: 3)
        for i in 0..<3 {
            #expect(Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-p\(i)", callID: "p\(i)")).responses.map(\.statusCode) == [180])
        }
        let busy = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-p3", callID: "p3"))
        #expect(busy.responses.map(\.statusCode) == [503])
        #expect(busy.responses.first?.headers.first("Retry-After") == "5")
        #expect(busy.delayed == nil)
        // Every call in progress is still there to CANCEL.
        for i in 0..<3 {
            #expect(Self.handle(s, Self.request("CANCEL", branch: "z9hG4bK-p\(i)", callID: "p\(i)")).responses.map(\.statusCode) == [200, 487])
        }
        for i in 4..<7 { _ = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-p\(i)", callID: "p\(i)")) }
        #expect(s.counts.pending == 3)
        clock.advance(s.pendingLifetime + .seconds(1))
        let taken = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-p7", callID: "p7"))
        #expect(taken.responses.map(\.statusCode) == [180])
        #expect(s.counts.pending == 1)
    }

    @Test("a delayed final taken after a flood is still delivered (the timer finds its INVITE)")
    func delayedFinalAfterFlood() {
        let clock = VirtualClock()
        let s = Self.state(ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486), ringTime: .seconds(5)),
                           clock: clock, capacity: 4)
        let reaction = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-ring"))
        let key = try? #require(reaction.delayed?.key)
        for i in 0..<50 { _ = Self.handle(s, Self.request("BYE", branch: "z9hG4bK-b\(i)", callID: "b\(i)")) }
        clock.advance(.seconds(5))
        #expect(s.takeDelayedFinal(key: key ?? "")?.statusCode == 486)
    }
}
