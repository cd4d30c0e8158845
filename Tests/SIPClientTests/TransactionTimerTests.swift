import NIOCore
import NIOEmbedded
import SIPCore
import Testing
@testable import SIPClient

/// An in-memory connection on an EmbeddedEventLoop: records when each send happened (virtual time)
/// and lets the test inject responses. pjsip's loop transport, in miniature.
final class LoopbackConnection: SIPConnection, @unchecked Sendable {
    let loop: EmbeddedEventLoop
    var eventLoop: any EventLoop { loop }
    let transport: SIPTransportKind
    let localAddress: SocketAddress? = try? SocketAddress(ipAddress: "127.0.0.1", port: 40000)
    let remoteAddress = try! SocketAddress(ipAddress: "127.0.0.1", port: 5060)
    var eventHandler: (@Sendable (TransportEvent) -> Void)?
    var sendTimes: [TimeAmount] = []
    var sent: [[UInt8]] = []
    let start: NIODeadline
    var failSends = false

    init(loop: EmbeddedEventLoop, transport: SIPTransportKind) {
        self.loop = loop
        self.transport = transport
        self.start = loop.now
    }

    func send(_ bytes: [UInt8]) -> EventLoopFuture<Void> {
        sendTimes.append(loop.now - start)
        sent.append(bytes)
        if failSends { return loop.makeFailedFuture(TransportFailure(.refused, "connection refused")) }
        return loop.makeSucceededFuture(())
    }

    func close() -> EventLoopFuture<Void> { loop.makeSucceededFuture(()) }

    func inject(_ event: TransportEvent) { eventHandler?(event) }
}

@Suite struct TransactionTimerTests {
    static let request = SIPRequest(method: "OPTIONS", uri: "sip:127.0.0.1", headers: [
        ("Via", "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKtimer;rport"), ("Max-Forwards", "70"),
        ("From", "<sip:probe@127.0.0.1>;tag=a"), ("To", "<sip:127.0.0.1>"), ("Call-ID", "t1"), ("CSeq", "1 OPTIONS"),
    ])

    static func response(_ code: Int, branch: String = "z9hG4bKtimer", method: String = "OPTIONS") -> SIPResponse {
        SIPResponse(statusCode: code, reason: "R", headers: [
            ("Via", "SIP/2.0/UDP 127.0.0.1:40000;branch=\(branch);received=127.0.0.1;rport=40000"),
            ("From", "<sip:probe@127.0.0.1>;tag=a"), ("To", "<sip:127.0.0.1>;tag=b"), ("Call-ID", "t1"), ("CSeq", "1 \(method)"),
        ])
    }

    @Test("UDP retransmits at 0.5, 1.5, 3.5, 7.5, 11.5 s… capped at T2, and Timer F fires at 64·T1")
    func retransmissionScheduleAndTimerF() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: nil)
        let future = runner.run()
        loop.advanceTime(by: .seconds(31))
        #expect(conn.sendTimes.map(\.milliseconds) == [0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500])
        var done: NonInviteTransactionRunner.Result?
        future.whenSuccess { done = $0 }
        #expect(done == nil)
        loop.advanceTime(by: .seconds(1))  // t = 32 s = 64·T1
        let result = try #require(done)
        #expect(result.outcome == .timeout)
        // Timer E still fires at 31.5 s (27.5 + T2), just before Timer F at 32 s.
        #expect(result.retransmissions == 10)
        #expect(result.elapsed == .seconds(32))
        #expect(conn.sendTimes.last == .milliseconds(31500))
    }

    @Test("the probe's deadline cuts retransmissions and Timer F short")
    func deadlineCutsBoth() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: .seconds(5))
        var done: NonInviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.advanceTime(by: .milliseconds(4999))
        #expect(done == nil)
        loop.advanceTime(by: .milliseconds(1))
        let result = try #require(done)
        #expect(result.outcome == .deadline)
        #expect(result.retransmissions == 3)  // 0.5, 1.5, 3.5
        #expect(result.elapsed == .seconds(5))
        loop.advanceTime(by: .seconds(60))
        #expect(conn.sendTimes.count == 4)  // nothing more after the deadline
    }

    @Test("after a provisional the retransmission interval is T2")
    func provisionalMovesToT2() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: nil)
        _ = runner.run()
        loop.advanceTime(by: .milliseconds(600))           // one retransmission at 0.5
        conn.inject(.message(.response(Self.response(100)), from: conn.remoteAddress))
        loop.advanceTime(by: .milliseconds(900))           // t = 1.5: fires E (armed at 0.5 for 1 s)
        loop.advanceTime(by: .seconds(4))                  // t = 5.5: next E after T2
        #expect(conn.sendTimes.map(\.milliseconds) == [0, 500, 1500, 5500])
    }

    @Test("TCP sends once: no retransmissions on a reliable transport, Timer F still runs")
    func reliableNoRetransmit() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .tcp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: nil)
        var done: NonInviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.advanceTime(by: .seconds(32))
        #expect(conn.sendTimes == [.zero])
        #expect(try #require(done).outcome == .timeout)
    }

    @Test("a final response ends the transaction; other branches and methods are ignored, not matched")
    func matching() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: .seconds(5))
        var done: NonInviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.advanceTime(by: .milliseconds(20))
        conn.inject(.message(.response(Self.response(200, branch: "z9hG4bKother")), from: conn.remoteAddress))
        conn.inject(.message(.response(Self.response(200, method: "INVITE")), from: conn.remoteAddress))
        conn.inject(.unparsable("garbage", from: conn.remoteAddress))
        #expect(done == nil)
        conn.inject(.message(.response(Self.response(200)), from: conn.remoteAddress))
        let result = try #require(done)
        guard case .response(let r) = result.outcome else { Issue.record("no response"); return }
        #expect(r.statusCode == 200)
        #expect(result.elapsed == .milliseconds(20))
        #expect(result.ignored.count == 3)
        #expect(!result.asymmetric)
    }

    @Test("a response from another address than the one probed is flagged asymmetric")
    func asymmetric() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: .seconds(5))
        var done: NonInviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.run()
        conn.inject(.message(.response(Self.response(200)), from: try SocketAddress(ipAddress: "127.0.0.9", port: 5060)))
        #expect(try #require(done).asymmetric)
    }

    @Test("a transport failure ends the transaction with the failure classified")
    func transportFailure() throws {
        let loop = EmbeddedEventLoop()
        let conn = LoopbackConnection(loop: loop, transport: .udp)
        let runner = NonInviteTransactionRunner(request: Self.request, connection: conn, deadline: .seconds(5))
        var done: NonInviteTransactionRunner.Result?
        runner.run().whenSuccess { done = $0 }
        loop.run()
        conn.inject(.failure(TransportFailure(.refused, "connection refused")))
        let result = try #require(done)
        #expect(result.transportFailure?.kind == .refused)
        loop.advanceTime(by: .seconds(10))
        #expect(conn.sendTimes.count == 1)
    }
}
