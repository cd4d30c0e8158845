import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import SIPClient
import SIPCore
import Testing

/// The responder's TCP path: responses on the request's connection (RFC 3261 §18.2.2), including the
/// delayed final of `180-then-486` and a CANCEL's 200 + 487.
@Suite struct ResponderStreamTests {
    final class Collector: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        let text = NIOLockedValueBox("")
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let chunk = String(buffer: unwrapInboundIn(data))
            text.withLockedValue { $0 += chunk }
        }
        /// Status codes of the responses received so far, once `count` came or the bounded wait ends.
        func codes(atLeast count: Int, within timeout: Duration = .seconds(3)) async -> [Int] {
            let deadline = ContinuousClock.now + timeout
            while true {
                let codes = text.withLockedValue { $0 }.components(separatedBy: "SIP/2.0 ").dropFirst().compactMap { Int($0.prefix(3)) }
                if codes.count >= count || ContinuousClock.now >= deadline { return codes }
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    func request(_ method: String, port: Int) -> String {
        "\(method) sip:100@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:\(port);branch=z9hG4bK-tcp1;rport\r\n"
            + "From: <sip:probe@127.0.0.1>;tag=t1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: tcp-call\r\nCSeq: 1 \(method)\r\n"
            + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n"
    }

    func connect(_ port: Int, _ collector: Collector) async throws -> any Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture { try channel.pipeline.syncOperations.addHandler(collector) }
            }
            .connect(host: "127.0.0.1", port: port).get()
    }

    @Test("TCP: 180 at once, 486 after the ring time on the same connection")
    func ringThenFinalOverTCP() async throws {
        let responder = SIPResponder(behaviour: ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486),
                                                                   ringTime: .milliseconds(200)),
                                     logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let collector = Collector()
        let channel = try await connect(bound[0].port, collector)
        defer { channel.close(promise: nil) }
        let local = channel.localAddress?.port ?? 0
        try await channel.writeAndFlush(ByteBuffer(string: request("INVITE", port: local))).get()
        #expect(await collector.codes(atLeast: 2) == [180, 486])
    }

    @Test("TCP: CANCEL while ringing → 200 and 487, and no 486 after the ring time")
    func cancelOverTCP() async throws {
        let responder = SIPResponder(behaviour: ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486),
                                                                   ringTime: .milliseconds(2000)),
                                     logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let collector = Collector()
        let channel = try await connect(bound[0].port, collector)
        defer { channel.close(promise: nil) }
        let local = channel.localAddress?.port ?? 0
        try await channel.writeAndFlush(ByteBuffer(string: request("INVITE", port: local))).get()
        #expect(await collector.codes(atLeast: 1) == [180])
        try await channel.writeAndFlush(ByteBuffer(string: request("CANCEL", port: local))).get()
        #expect(await collector.codes(atLeast: 3) == [180, 200, 487])
        // Past the ring time (measured from the INVITE, long enough for a loaded machine): no 486.
        try await Task.sleep(for: .milliseconds(2200))
        #expect(await collector.codes(atLeast: 4, within: .milliseconds(50)) == [180, 200, 487])
    }
}
