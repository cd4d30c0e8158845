import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPCore
import Testing
import TestSupport
@testable import SIPClient

/// A UDP server on loopback that holds the OPTIONS it receives until it has `batch` of them, then answers
/// them in reverse order, each 200 naming the branch it answers in its reason phrase: a response matched
/// to the wrong transaction, or by arrival order, shows.
private final class ReversingResponder: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    private let batch: Int
    private var held: [(SIPRequest, SocketAddress)] = []
    let sources = NIOLockedValueBox<Set<SocketAddress>>([])

    init(batch: Int) { self.batch = batch }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard case .request(let request)? = try? SIPMessage(parsing: Array(envelope.data.readableBytesView)) else { return }
        sources.withLockedValue { _ = $0.insert(envelope.remoteAddress) }
        held.append((request, envelope.remoteAddress))
        guard held.count == batch else { return }
        for (request, source) in held.reversed() {
            let response = SIPResponse(answering: request, statusCode: 200, reason: request.topViaBranch ?? "?", toTag: "x")
            let bytes = try! response.serialized()
            context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: source, data: context.channel.allocator.buffer(bytes: bytes))),
                                  promise: nil)
        }
        held.removeAll()
    }

    static func start(batch: Int) async throws -> (channel: any Channel, responder: ReversingResponder) {
        let responder = ReversingResponder(batch: batch)
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(responder) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return (channel, responder)
    }
}

/// A UDP server on loopback that answers an OPTIONS whose branch contains "late" twice (now and 300 ms
/// later, a retransmitted final), and one whose branch contains "stray" only with a 200 for a branch
/// nobody sent, once.
private final class StrayResponder: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>
    /// Read and written on the channel's loop only.
    private var strayed: Set<String> = []

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard case .request(let request)? = try? SIPMessage(parsing: Array(envelope.data.readableBytesView)),
              let branch = request.topViaBranch else { return }
        let channel = context.channel
        let source = envelope.remoteAddress
        let send: @Sendable ([UInt8]) -> Void = { bytes in
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: source, data: channel.allocator.buffer(bytes: bytes)), promise: nil)
        }
        if branch.contains("late") {
            let bytes = try! SIPResponse(answering: request, statusCode: 200, reason: "OK", toTag: "x").serialized()
            send(bytes)
            context.eventLoop.scheduleTask(in: .milliseconds(300)) { send(bytes) }
        } else if branch.contains("stray"), strayed.insert(branch).inserted {
            // Once per branch: the request's retransmission (Timer E) gets nothing.
            let text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bKnobodysent\r\n"
                + "From: \(request.headers.first("From") ?? "")\r\nTo: \(request.headers.first("To") ?? "");tag=x\r\n"
                + "Call-ID: \(request.headers.first("Call-ID") ?? "")\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
            send(Array(text.utf8))
        }
    }

    static func start() async throws -> any Channel {
        try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(StrayResponder()) }
            }
            .bind(host: "127.0.0.1", port: 0).get()
    }
}

@Suite struct UDPFlowPoolTests {
    static func options(branch: String, via: SocketAddress?) -> SIPRequest {
        SIPRequest(method: "OPTIONS", uri: "sip:127.0.0.1", headers: [
            ("Via", "SIP/2.0/UDP 127.0.0.1:\(via?.port ?? 0);branch=\(branch);rport"), ("Max-Forwards", "70"),
            ("From", "<sip:probe@127.0.0.1>;tag=\(branch)"), ("To", "<sip:127.0.0.1>"), ("Call-ID", "\(branch)@pool"),
            ("CSeq", "1 OPTIONS"),
        ])
    }

    /// Starts one OPTIONS transaction per lease, all before any of them can be answered.
    static func run(_ leases: [UDPFlowLease], branches: [String], deadline: TimeAmount) async throws -> [NonInviteTransactionRunner.Result] {
        let runners = zip(leases, branches).map { lease, branch in
            NonInviteTransactionRunner(request: options(branch: branch, via: lease.localAddress), layer: TransactionLayer(connection: lease),
                                       deadline: deadline)
        }
        let futures = runners.map { $0.run() }
        var results: [NonInviteTransactionRunner.Result] = []
        for future in futures { results.append(try await future.get()) }
        runners.forEach { $0.shutdown() }
        return results
    }

    @Test("two transactions to one server share one connected socket, and each gets the response to its own branch")
    func sharedSocketMatchesByBranch() async throws {
        let (server, responder) = try await ReversingResponder.start(batch: 2)
        defer { server.close(promise: nil) }
        let pool = UDPFlowPool()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let remote = try SocketAddress(ipAddress: "127.0.0.1", port: server.localAddress!.port!)
        let first = try await pool.lease(to: remote, bind: nil, on: loop)
        let second = try await pool.lease(to: remote, bind: nil, on: loop)
        #expect(first.flow === second.flow)
        #expect(pool.socketCount == 1)

        let results = try await Self.run([first, second], branches: ["z9hG4bKpool-one", "z9hG4bKpool-two"], deadline: .seconds(10))
        for (result, branch) in zip(results, ["z9hG4bKpool-one", "z9hG4bKpool-two"]) {
            guard case .response(let response) = result.outcome else {
                Issue.record("no response for \(branch): \(result.outcome)")
                continue
            }
            #expect(response.reason == branch)
            #expect(response.topVia?.branch == branch)
            // Each probe's report shows its own exchange only.
            #expect(result.exchange.count == 2)
        }
        #expect(responder.sources.withLockedValue { $0.count } == 1, "both requests left from one socket")
        _ = try await first.close().get()
        _ = try await second.close().get()
    }

    @Test("an ICMP port unreachable on a shared socket fails every transaction on it as refused")
    func refusedFailsEveryLease() async throws {
        let pool = UDPFlowPool()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let remote = try SocketAddress(ipAddress: "127.0.0.1", port: FreePort.udp())
        let leases = [try await pool.lease(to: remote, bind: nil, on: loop), try await pool.lease(to: remote, bind: nil, on: loop)]
        #expect(leases[0].flow === leases[1].flow)
        let results = try await Self.run(leases, branches: ["z9hG4bKrefused-a", "z9hG4bKrefused-b"], deadline: .seconds(10))
        for result in results {
            guard case .transportError = result.outcome else {
                Issue.record("expected a transport error, got \(result.outcome)")
                continue
            }
            #expect(result.transportFailure?.kind == .refused)
        }
        for lease in leases { _ = try await lease.close().get() }
    }

    @Test("a socket no lease uses closes after the idle timeout; a lease taken before then reuses it", .timeLimit(.minutes(1)))
    func idleClose() async throws {
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let remote = try SocketAddress(ipAddress: "127.0.0.1", port: FreePort.udp())
        // Reuse, with an idle timeout no loaded machine reaches between two lines.
        let patient = UDPFlowPool(idleTimeout: .seconds(60))
        let first = try await patient.lease(to: remote, bind: nil, on: loop)
        _ = try await first.close().get()
        let again = try await patient.lease(to: remote, bind: nil, on: loop)
        #expect(again.flow === first.flow, "a socket released a moment ago is reused")
        #expect(again.flow.leaseCount == 1)
        _ = try await again.close().get()

        // Idle close: the close itself is the event awaited; no sleep.
        let pool = UDPFlowPool(idleTimeout: .milliseconds(50))
        let lease = try await pool.lease(to: remote, bind: nil, on: loop)
        _ = try await lease.close().get()
        try await lease.flow.connection.closeFuture.get()
        #expect(pool.socketCount == 0)
        let fresh = try await pool.lease(to: remote, bind: nil, on: loop)
        #expect(fresh.flow !== lease.flow, "after the idle close a new socket is opened")
        _ = try await fresh.close().get()
    }

    @Test("a response to a branch no transaction sent reaches the leases (listed as ignored); a late retransmission to an ended one does not")
    func strayAndLateResponses() async throws {
        let server = try await StrayResponder.start()
        defer { server.close(promise: nil) }
        let pool = UDPFlowPool()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let remote = try SocketAddress(ipAddress: "127.0.0.1", port: server.localAddress!.port!)
        let early = try await pool.lease(to: remote, bind: nil, on: loop)
        let waiting = try await pool.lease(to: remote, bind: nil, on: loop)
        #expect(early.flow === waiting.flow)
        // The first probe ends at once and gives its lease back; its final is retransmitted 300 ms later.
        let first = try await Self.run([early], branches: ["z9hG4bKlate-1"], deadline: .seconds(10))
        guard case .response = first[0].outcome else {
            Issue.record("no answer to the first probe: \(first[0].outcome)")
            return
        }
        _ = try await early.close().get()
        // The second gets only a 200 for a branch nobody sent, and waits out its deadline meanwhile.
        let second = try await Self.run([waiting], branches: ["z9hG4bKstray-2"], deadline: .milliseconds(900))
        if case .response = second[0].outcome { Issue.record("a stray response was taken as the answer") }
        #expect(second[0].ignored == ["response 200 for another transaction ignored (branch or CSeq mismatch)"],
                "the stray is shown once, the first probe's late retransmission not at all: \(second[0].ignored)")
        _ = try await waiting.close().get()
    }

    @Test("a closed lease sends nothing and no longer counts on the socket")
    func closedLease() async throws {
        let pool = UDPFlowPool()
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let remote = try SocketAddress(ipAddress: "127.0.0.1", port: FreePort.udp())
        let lease = try await pool.lease(to: remote, bind: nil, on: loop)
        let other = try await pool.lease(to: remote, bind: nil, on: loop)
        #expect(lease.flow.leaseCount == 2)
        _ = try await lease.close().get()
        #expect(lease.flow.leaseCount == 1)
        await #expect(throws: (any Error).self) { try await lease.send([0x0d, 0x0a]).get() }
        _ = try await other.close().get()
    }

    @Test("the branch read alone (for routing) agrees with the full Via parse", arguments: [
        "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bKabc;rport",
        "SIP/2.0/UDP 127.0.0.1:5060;rport=5060;received=10.0.0.1;branch=z9hG4bKdef",
        "SIP/2.0/UDP [::1]:5060 ; BRANCH = z9hG4bKupper ; rport",
        "SIP/2.0/TLS example.com;maddr=1.2.3.4;branch=z9hG4bK.x-y",
        "SIP/2.0/UDP 127.0.0.1:5060;rport",
    ])
    func branchAloneAgrees(via: String) throws {
        #expect(Via.branch(inHeaderValue: via) == (try Via(parsing: via)).branch)
    }
}
