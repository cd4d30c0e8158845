import NIOCore
import NIOEmbedded
import SIPCore
import Testing
@testable import SIPClient

@Suite struct InviteTransactionTests {
    static let invite = SIPRequest(method: "INVITE", uri: "sip:+14155550100@127.0.0.1", headers: [
        ("Via", "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKinv;rport"), ("Max-Forwards", "70"),
        ("From", "<sip:probe@127.0.0.1>;tag=a"), ("To", "<sip:+14155550100@127.0.0.1>"), ("Call-ID", "i1"), ("CSeq", "1 INVITE"),
    ])

    static func response(_ code: Int) -> SIPResponse {
        SIPResponse(statusCode: code, reason: "R", headers: [
            ("Via", "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKinv;rport=40000"),
            ("From", "<sip:probe@127.0.0.1>;tag=a"), ("To", "<sip:+14155550100@127.0.0.1>;tag=b"), ("Call-ID", "i1"), ("CSeq", "1 INVITE"),
        ])
    }

    func sentMethods(_ conn: LoopbackConnection) -> [String] {
        conn.sent.map { String(decoding: $0.prefix(while: { $0 != 32 }), as: UTF8.self) }
    }

    @Test("Timer A doubles without a cap (0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s) and Timer B ends it at 64·T1")
    func timerAAndB() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = InviteTransactionRunner(request: Self.invite, connection: conn, deadline: nil)
        var done: InviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.advanceTime(by: .seconds(32))
        #expect(conn.sendTimes.map(\.milliseconds) == [0, 500, 1500, 3500, 7500, 15500, 31500])
        #expect(try #require(done).outcome == .timeout)
    }

    @Test("a provisional stops retransmissions, and Timer B no longer applies in Proceeding")
    func provisionalStopsRetransmission() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = InviteTransactionRunner(request: Self.invite, connection: conn, deadline: nil)
        var done: InviteTransactionRunner.Result?
        var provisional: Int?
        runner.onProvisional = { provisional = $0.statusCode }
        runner.run().whenSuccess { done = $0 }
        loop.advanceTime(by: .milliseconds(600))
        conn.inject(.message(.response(Self.response(180)), from: conn.remoteAddress))
        loop.advanceTime(by: .seconds(40))
        #expect(conn.sendTimes.count == 2)
        #expect(provisional == 180)
        #expect(done == nil)  // the transaction user must CANCEL; nothing times out by itself
    }

    @Test("a non-2xx final is ACKed by the transaction on the INVITE's branch, again for each retransmission")
    func ackForNon2xx() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = InviteTransactionRunner(request: Self.invite, connection: conn, deadline: nil)
        var done: InviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.run()
        conn.inject(.message(.response(Self.response(486)), from: conn.remoteAddress))
        conn.inject(.message(.response(Self.response(486)), from: conn.remoteAddress))
        #expect(sentMethods(conn) == ["INVITE", "ACK", "ACK"])
        let ack = String(decoding: conn.sent[1], as: UTF8.self)
        #expect(ack.contains("branch=z9hG4bKinv"))
        #expect(ack.contains("CSeq: 1 ACK"))
        #expect(ack.contains("tag=b"))
        guard case .response(let r) = try #require(done).outcome else { Issue.record("no response"); return }
        #expect(r.statusCode == 486)
    }

    @Test("a 2xx ends the transaction without an ACK from it (the transaction user ACKs, §13.2.2.4)")
    func twoHundredNoTransactionAck() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = InviteTransactionRunner(request: Self.invite, connection: conn, deadline: nil)
        var done: InviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.run()
        conn.inject(.message(.response(Self.response(200)), from: conn.remoteAddress))
        #expect(sentMethods(conn) == ["INVITE"])
        #expect(done != nil)
    }

    @Test("CANCEL and ACK derived from an INVITE carry the RFC 3261 §9.1 and §17.1.1.3 fields")
    func derivedRequests() throws {
        let cancel = Self.invite.cancel()
        #expect(cancel.method == "CANCEL")
        #expect(cancel.uri == Self.invite.uri)
        #expect(cancel.topViaBranch == "z9hG4bKinv")
        #expect(cancel.cseq == CSeq(number: 1, method: "CANCEL"))
        #expect(cancel.headers.first("To") == "<sip:+14155550100@127.0.0.1>")
        var ok = Self.response(200)
        ok.headers.add("Contact", "<sip:uas@127.0.0.2:5070>")
        let via = try Via(parsing: "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKinv;rport")
        let ack = Self.invite.ackFor2xx(ok, branch: "z9hG4bKack", via: via)
        #expect(ack.uri == "sip:uas@127.0.0.2:5070")
        #expect(ack.topViaBranch == "z9hG4bKack")
        #expect(ack.cseq == CSeq(number: 1, method: "ACK"))
        let bye = Self.invite.bye(after: ok, branch: "z9hG4bKbye", via: via, cseq: 2)
        #expect(bye.cseq == CSeq(number: 2, method: "BYE"))
        #expect(bye.headers.first("To")?.contains("tag=b") == true)
    }
}
