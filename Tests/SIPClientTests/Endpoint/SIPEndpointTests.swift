import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import NIOPosix
import SIPCore
import Testing
import TestSupport
@testable import SIPClient

/// Two SRV targets for `example.test` (a → 127.0.0.1, b → 127.0.0.2), answered after `delay` of the
/// loop's (virtual) time; `stall` never answers within any deadline a test uses.
private struct TwoServerLookup: DNSLookup {
    let loop: any EventLoop
    var delay: TimeAmount = .zero
    var stall = false

    private func wait() async {
        let pause = stall ? TimeAmount.hours(1) : delay
        guard pause > .zero else { return }
        try? await loop.scheduleTask(in: pause) {}.futureResult.get()
    }

    func naptr(_ name: String) async throws(DNSError) -> DNSLookupResult<NAPTRRecord> { .noData }
    func srv(_ name: String) async throws(DNSError) -> DNSLookupResult<SRVRecord> {
        await wait()
        guard name == "_sip._udp.example.test" else { return .noData }
        return .records([SRVRecord(priority: 10, weight: 0, port: 5060, target: "a.example.test", ttl: 60),
                         SRVRecord(priority: 20, weight: 0, port: 5060, target: "b.example.test", ttl: 60)])
    }
    func a(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        switch name {
        case "a.example.test": return .records([AddressRecord(address: "127.0.0.1", ttl: 60)])
        case "b.example.test": return .records([AddressRecord(address: "127.0.0.2", ttl: 60)])
        default: return .nxdomain
        }
    }
    func aaaa(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> { .noData }
}

/// A DNS client whose every query failed as NIODNSLookup fails one once its retries are spent against a
/// server that never answers (`DNSError.timeout`), at once; `answeringA` answers A with NXDOMAIN instead,
/// so one query got an answer.
private struct UnansweredLookup: DNSLookup {
    var answeringA = false

    private func unanswered<R>(_ type: String, _ name: String) throws(DNSError) -> DNSLookupResult<R> {
        throw .timeout(name: name, type: type, server: "127.0.0.1:53", attempts: 2)
    }

    func naptr(_ name: String) async throws(DNSError) -> DNSLookupResult<NAPTRRecord> { try unanswered("NAPTR", name) }
    func srv(_ name: String) async throws(DNSError) -> DNSLookupResult<SRVRecord> { try unanswered("SRV", name) }
    func a(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        if answeringA { return .nxdomain }
        return try unanswered("A", name)
    }
    func aaaa(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> { try unanswered("AAAA", name) }
}

/// What one attempt made of a flow, as a test sees it.
private enum Seen: Sendable, Equatable {
    case status(Int)
    case deadline
    case transport(String)
    case unreachable(TransportOutcome, EndpointStage)

    var failsOver: Bool {
        switch self {
        case .status(let code): return code == 503
        case .deadline, .transport, .unreachable: return true
        }
    }
}

@Suite struct SIPEndpointTests {
    static let logger = Logger(label: "test.endpoint", factory: { _ in SwiftLogNoOpLogHandler() })
    static let request = ServerLocationRequest(scheme: .sip, host: "example.test", transport: .udp)

    /// One OPTIONS transaction on the flow, bounded by what is left of its deadline.
    private static func options(_ flow: EndpointFlow) async -> Seen {
        let branch = "z9hG4bK\(UInt32.random(in: 1 ... .max))"
        let request = SIPRequest(method: "OPTIONS", uri: "sip:example.test", headers: [
            ("Via", "SIP/2.0/UDP 127.0.0.1:40000;branch=\(branch);rport"), ("Max-Forwards", "70"),
            ("From", "<sip:probe@127.0.0.1>;tag=a"), ("To", "<sip:example.test>"), ("Call-ID", branch), ("CSeq", "1 OPTIONS"),
        ])
        let runner = NonInviteTransactionRunner(request: request, layer: flow.layer, deadline: flow.remaining)
        defer { runner.shutdown() }
        guard let result = try? await runner.run().get() else { return .transport("not sent") }
        switch result.outcome {
        case .response(let response): return .status(response.statusCode)
        case .timeout, .deadline: return .deadline
        case .transportError(let message): return .transport(message)
        }
    }

    /// Runs a send on a testing loop, advancing virtual time in steps until it finishes; returns the
    /// outcome and the virtual time it took.
    private static func send(_ connector: LoopConnector, lookup: (any DNSLookup)? = nil, timeout: TimeAmount = .seconds(2),
                             loop: NIOAsyncTestingEventLoop, eachServer: Bool = false) async -> (EndpointOutcome<Seen>, TimeAmount) {
        let endpoint = SIPEndpoint(group: loop, connector: connector, lookup: lookup ?? TwoServerLookup(loop: loop), logger: logger)
        let start = loop.now
        let finished = NIOLockedValueBox<TimeAmount?>(nil)
        let task = Task {
            let outcome: EndpointOutcome<Seen>
            if eachServer {
                outcome = await endpoint.sendEachServer(to: request, settings: ResolutionSettings(), options: FlowOptions(), timeout: timeout,
                                                        exchange: { await options($0) },
                                                        failed: { _, f in .unreachable(f.outcome, f.stage) })
            } else {
                outcome = await endpoint.send(to: request, settings: ResolutionSettings(), options: FlowOptions(), timeout: timeout,
                                              exchange: { await options($0) },
                                              failed: { _, f in .unreachable(f.outcome, f.stage) },
                                              failOver: { $0.failsOver })
            }
            finished.withLockedValue { $0 = loop.now - start }
            return outcome
        }
        // Virtual time moves only when the send waits; each step lets it run to its next wait.
        // Steps are small, but a loaded machine can let virtual time run ahead of the send between its
        // waits, so upper bounds below leave room for that drift (they guard against 32 s Timer F or a
        // second full timeout, not against milliseconds).
        for _ in 0..<10_000 where finished.withLockedValue({ $0 }) == nil {
            try? await Task.sleep(for: .milliseconds(1))
            await loop.advanceTime(by: .milliseconds(20))
        }
        let outcome = await task.value
        return (outcome, finished.withLockedValue { $0 } ?? .hours(1))
    }

    @Test("a silent first server costs exactly the deadline, then RFC 3263 §4.3 fails over to the next")
    func silentPrimaryFailsOver() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let connector = LoopConnector(["127.0.0.1:5060": .connect(.discard), "127.0.0.2:5060": .connect(.answer(200))])
        let (outcome, took) = await Self.send(connector, loop: loop)
        #expect(outcome.attempts.map(\.value) == [.deadline, .status(200)])
        #expect(outcome.attempts.map(\.server.address) == ["127.0.0.1", "127.0.0.2"])
        // 2 s for the first server (the deadline, not Timer F's 32 s), the second answers at once.
        #expect(took >= .seconds(2) && took < .seconds(3))
        let closed = connector.connections.map(\.isClosed)
        #expect(closed == [true, true], "every flow is closed after its attempt")
        try await loop.shutdownGracefully()
    }

    @Test("a refused, a failing and a 503 server fail over; a 404 does not")
    func failoverTriggers() async throws {
        let loop = NIOAsyncTestingEventLoop()
        var (outcome, _) = await Self.send(LoopConnector(["127.0.0.1:5060": .refuse, "127.0.0.2:5060": .connect(.answer(200))]), loop: loop)
        #expect(outcome.attempts.map(\.value) == [.unreachable(.refused, .tcpConnect), .status(200)])
        (outcome, _) = await Self.send(LoopConnector(["127.0.0.1:5060": .connect(.fail(TransportFailure(.reset, "reset"))),
                                                      "127.0.0.2:5060": .connect(.answer(200))]), loop: loop)
        #expect(outcome.attempts.map(\.value) == [.transport("reset"), .status(200)])
        (outcome, _) = await Self.send(LoopConnector(["127.0.0.1:5060": .connect(.answer(503)), "127.0.0.2:5060": .connect(.answer(200))]), loop: loop)
        #expect(outcome.attempts.map(\.value) == [.status(503), .status(200)])
        (outcome, _) = await Self.send(LoopConnector(["127.0.0.1:5060": .connect(.answer(404)), "127.0.0.2:5060": .connect(.answer(200))]), loop: loop)
        #expect(outcome.attempts.map(\.value) == [.status(404)])
        try await loop.shutdownGracefully()
    }

    @Test("an answer delayed past the deadline is a deadline; one within it is an answer")
    func delayedAnswers() async throws {
        let loop = NIOAsyncTestingEventLoop()
        var (outcome, took) = await Self.send(LoopConnector(["127.0.0.1:5060": .connect(.delay(.milliseconds(1500), then: 200))]), loop: loop)
        #expect(outcome.attempts.map(\.value) == [.status(200)])
        #expect(took >= .milliseconds(1500) && took < .milliseconds(2500))
        (outcome, took) = await Self.send(LoopConnector(["127.0.0.1:5060": .connect(.delay(.seconds(3), then: 200)),
                                                         "127.0.0.2:5060": .connect(.delay(.seconds(3), then: 200))]), loop: loop)
        #expect(outcome.attempts.map(\.value) == [.deadline, .deadline])
        #expect(took >= .seconds(4) && took < .seconds(5), "each server gets its own timeout, no more")
        try await loop.shutdownGracefully()
    }

    @Test("location has its own deadline, then each server its own: slow DNS does not eat the first server's time")
    func locationThenEachServer() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let connector = LoopConnector(["127.0.0.1:5060": .connect(.discard), "127.0.0.2:5060": .connect(.discard)])
        let (outcome, took) = await Self.send(connector, lookup: TwoServerLookup(loop: loop, delay: .milliseconds(1500)), loop: loop)
        #expect(outcome.locationTime >= .milliseconds(1500))
        #expect(outcome.attempts.map(\.value) == [.deadline, .deadline])
        // 1.5 s DNS + 2 s for the first server + 2 s for the second.
        #expect(took >= .milliseconds(5500) && took < .milliseconds(6500))
        try await loop.shutdownGracefully()
    }

    @Test("a DNS lookup that never answers ends at the deadline, in stage dns")
    func stalledLocation() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let (outcome, took) = await Self.send(LoopConnector([:]), lookup: TwoServerLookup(loop: loop, stall: true), loop: loop)
        #expect(outcome.locationFailure?.outcome == .timeout)
        #expect(outcome.locationFailure?.stalledStage == .dns)
        #expect(outcome.attempts.isEmpty)
        #expect(took >= .seconds(2) && took < .seconds(3))
        try await loop.shutdownGracefully()
    }

    @Test("a DNS server that answers no query is a stall in dns (timeout) even when its retries end before a long deadline; an NXDOMAIN is dns_failed")
    func unansweredLocation() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let (silent, took) = await Self.send(LoopConnector([:]), lookup: UnansweredLookup(), timeout: .seconds(30), loop: loop)
        #expect(silent.locationFailure?.outcome == .timeout)
        #expect(silent.locationFailure?.stalledStage == .dns)
        #expect(silent.locationFailure?.detail.contains("no DNS query was answered") == true)
        #expect(took < .seconds(30), "ended when the queries gave up, not at the deadline")
        let (answered, _) = await Self.send(LoopConnector([:]), lookup: UnansweredLookup(answeringA: true), timeout: .seconds(30), loop: loop)
        #expect(answered.locationFailure?.outcome == .dnsFailed)
        #expect(answered.locationFailure?.stalledStage == nil)
        try await loop.shutdownGracefully()
    }

    @Test("a connect or TLS handshake that never completes ends at the deadline and names its stage")
    func stalledConnect() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let (outcome, took) = await Self.send(LoopConnector(["127.0.0.1:5060": .stall(.tlsHandshake), "127.0.0.2:5060": .stall(.tcpConnect)]),
                                              loop: loop)
        #expect(outcome.attempts.map(\.value) == [.unreachable(.timeout, .tlsHandshake), .unreachable(.timeout, .tcpConnect)])
        #expect(took >= .seconds(4) && took < .seconds(5))
        try await loop.shutdownGracefully()
    }

    @Test("--each-server: every located server is tried, whatever the first answered")
    func eachServer() async throws {
        let loop = NIOAsyncTestingEventLoop()
        let (outcome, _) = await Self.send(LoopConnector(["127.0.0.1:5060": .connect(.answer(200)), "127.0.0.2:5060": .connect(.answer(404))]),
                                           loop: loop, eachServer: true)
        #expect(outcome.attempts.map(\.value) == [.status(200), .status(404)])
        try await loop.shutdownGracefully()
    }

    @Test("TLS contexts are built once per client configuration, not per attempt")
    func tlsContextCache() throws {
        let endpoint = SIPEndpoint(logger: Self.logger)
        let first = try endpoint.tlsContext(for: .client(insecure: true))
        let again = try endpoint.tlsContext(for: .client(insecure: true))
        #expect(first === again)
        _ = try endpoint.tlsContext(for: .client(insecure: false))
        #expect(endpoint.tlsContextCount == 2)
    }

    @Test("a connection and its transaction layer are both freed after close (no retain cycle)")
    func noRetainCycle() async throws {
        weak var weakConnection: UDPConnection?
        weak var weakLayer: TransactionLayer?
        do {
            let connection = try await UDPConnection.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: FreePort.udp()), bind: nil,
                                                             group: MultiThreadedEventLoopGroup.singleton)
            let layer = TransactionLayer(connection: connection)
            weakConnection = connection
            weakLayer = layer
            try await connection.close().get()
        }
        // The channel's last references drop on its loop after close completes.
        for _ in 0..<100 where weakConnection != nil || weakLayer != nil {
            try await MultiThreadedEventLoopGroup.singleton.next().submit {}.get()
        }
        #expect(weakLayer == nil)
        #expect(weakConnection == nil)
    }
}
