import Foundation
import Logging
import NIOCore
import Probes
import SIPClient
import SIPCore
import TestSupport
import Testing

/// A `timeout` names the stage that stalled and says what the peer did send: a peer stuck at 100 Trying, or
/// one answering with responses that match no transaction (a foreign branch, no Via), is not worded as
/// silence behind a firewall. Real sockets on loopback, over UDP and TCP, for OPTIONS and INVITE.
@Suite struct TimeoutEvidenceTests {
    let logger = Logger(label: "test")

    func options(_ target: String, transport: SIPTransportKind, timeout: Duration = .milliseconds(1200)) async throws -> ProbeReport {
        let configuration = OptionsProbe.Configuration(target: try ProbeTarget(parsing: target, transport: transport), timeout: timeout,
                                                       userAgent: "trunkprobe-test")
        return await OptionsProbe(configuration: configuration, logger: logger).run()
    }

    func peer(_ transport: SIPTransportKind, answers: @escaping @Sendable (String) -> [[UInt8]]) async throws -> RoguePeer {
        transport == .udp ? try await RoguePeer.udp(answers: answers) : try await RoguePeer.tcp(answers: answers)
    }

    /// The response without its Via header.
    static func withoutVia(_ request: String) -> [UInt8] {
        let text = String(decoding: RogueAnswers.response(to: request), as: UTF8.self)
        return Array(text.components(separatedBy: "\r\n").filter { !$0.hasPrefix("Via:") }.joined(separator: "\r\n").utf8)
    }

    @Test("a 200 with a foreign branch or without Via is listed as ignored and the timeout says the peer answered unusably",
          arguments: [SIPTransportKind.udp, .tcp], [true, false])
    func unmatchedResponse(_ transport: SIPTransportKind, foreignBranch: Bool) async throws {
        let peer = try await peer(transport) { request in
            foreignBranch ? [RogueAnswers.response(to: request, branch: "z9hG4bKnotyours1")] : [Self.withoutVia(request)]
        }
        defer { Task { await peer.stop() } }
        let report = try await options("127.0.0.1:\(peer.port)", transport: transport)
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.stalledStage == .transaction)
        // Over UDP the probe's socket is pooled: a response no transaction sent must still reach the probe.
        #expect(report.ignored.contains { $0.hasPrefix("response 200 for another transaction") }, "\(transport): \(report.ignored)")
        #expect(report.explanation.contains("no usable response"), "\(report.explanation)")
        #expect(!report.explanation.contains("firewall"), "\(report.explanation)")
    }

    @Test("a peer that only ever says 100 Trying: timeout in transaction, worded as a server that did not finish",
          arguments: [SIPTransportKind.udp, .tcp])
    func onlyProvisional(_ transport: SIPTransportKind) async throws {
        let peer = try await peer(transport) { [RogueAnswers.response(to: $0, code: 100, reason: "Trying")] }
        defer { Task { await peer.stop() } }
        let report = try await options("127.0.0.1:\(peer.port)", transport: transport)
        #expect(report.verdict == .timeout)
        #expect(report.stalledStage == .transaction)
        #expect(report.explanation.contains("only provisional ones (100 Trying"), "\(report.explanation)")
        #expect(!report.hint.contains("firewall"), "\(report.hint)")
    }

    @Test("an INVITE that gets no answer at all names the transaction as the stalled stage, as OPTIONS does",
          arguments: [SIPTransportKind.udp, .tcp])
    func inviteStalledStage(_ transport: SIPTransportKind) async throws {
        let peer = try await peer(transport) { _ in [] }
        defer { Task { await peer.stop() } }
        let configuration = InviteProbe.Configuration(target: try ProbeTarget(parsing: "127.0.0.1:\(peer.port)", transport: transport),
                                                      to: "14155550100", timeout: .milliseconds(1200), userAgent: "trunkprobe-test")
        let report = await InviteProbe(configuration: configuration, logger: logger).run()
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.stalledStage == .transaction)
        #expect(peer.receivedCount > 0, "the INVITE was sent")
    }

    @Test("a peer flooding garbage or 100 Trying cannot grow the report without bound: the first 50 are listed, then a count",
          arguments: [SIPTransportKind.udp, .tcp])
    func flood(_ transport: SIPTransportKind) async throws {
        let garbage = try await peer(transport) { _ in (0..<300).map { Array("GARBAGE \($0)\r\n\r\n".utf8) } }
        let trying = try await peer(transport) { request in
            Array(repeating: RogueAnswers.response(to: request, code: 100, reason: "Trying"), count: 300)
        }
        defer { Task { await garbage.stop(); await trying.stop() } }

        let junk = try await options("127.0.0.1:\(garbage.port)", transport: transport, timeout: .seconds(2))
        #expect(junk.verdict != .ok)
        #expect(junk.ignored.count <= TransactionLayer.listLimit + 1, "\(junk.ignored.count) lines")
        if transport == .udp {
            // Each datagram is a message of its own: far more arrive than are listed, and the count says so.
            #expect(junk.ignored.last?.hasSuffix("more ignored messages not listed") == true, "\(junk.ignored.suffix(2))")
            #expect(TransactionLayer.ignoredCount(junk.ignored) > TransactionLayer.listLimit)
        }

        let provisional = try await options("127.0.0.1:\(trying.port)", transport: transport, timeout: .seconds(2))
        #expect(provisional.verdict == .timeout)
        #expect(provisional.exchange.count <= TransactionLayer.listLimit + 10, "\(provisional.exchange.count) exchange lines")
        #expect(provisional.exchange.contains { $0.message.contains("further provisional responses not listed") })
    }

    @Test("TCP: a response still arriving at the deadline (truncated, or a Content-Length beyond the body) is named as such",
          arguments: ["truncated", "short body"])
    func incompleteOverTCP(_ kind: String) async throws {
        let peer = try await peer(.tcp) { request in
            let full = RogueAnswers.response(to: request, contentLength: kind == "truncated" ? "0" : "500", body: "v=0\r\n")
            return [kind == "truncated" ? Array(full.prefix(60)) : full]
        }
        defer { Task { await peer.stop() } }
        let report = try await options("127.0.0.1:\(peer.port)", transport: .tcp)
        #expect(report.verdict == .timeout, "\(report.explanation)")
        #expect(report.stalledStage == .transaction)
        #expect(report.explanation.contains("a message was still arriving"), "\(kind): \(report.explanation)")
        #expect(report.ignored.contains { $0.hasPrefix("an incomplete message was still arriving") }, "\(report.ignored)")
        let invite = await InviteProbe(configuration: InviteProbe.Configuration(
            target: try ProbeTarget(parsing: "127.0.0.1:\(peer.port)", transport: .tcp), to: "100", timeout: .milliseconds(1200),
            userAgent: "trunkprobe-test"), logger: logger).run()
        #expect(invite.verdict == .timeout)
        #expect(invite.explanation.contains("a message was still arriving"), "invite, \(kind): \(invite.explanation)")
    }
}
