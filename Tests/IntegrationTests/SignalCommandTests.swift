import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on loopback whose accept queue is full (backlog 0, never accepting, filled by a few
/// connects of its own): the kernel drops further SYNs, so a connect to it stalls as one behind a
/// firewall that drops them.
private final class FullBacklogListener: @unchecked Sendable {
    let port: Int
    private var descriptors: [Int32] = []

    init() throws {
        func address(_ port: UInt16) -> sockaddr_in {
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            return a
        }
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var local = address(0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, length) } }
        guard listener >= 0, bound == 0, listen(listener, 0) == 0 else { throw POSIXError(.EADDRINUSE) }
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) } }
        port = Int(UInt16(bigEndian: local.sin_port))
        descriptors.append(listener)
        var remote = address(UInt16(port))
        for _ in 0..<4 {
            let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            _ = fcntl(client, F_SETFL, O_NONBLOCK)
            _ = withUnsafePointer(to: &remote) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(client, $0, length) } }
            descriptors.append(client)
        }
    }

    func close() { for fd in descriptors { _ = Glibc.close(fd) } }
}

/// `trunkprobe` run as a subprocess and sent SIGINT or SIGTERM mid-call (docs/verdicts.md, "Interrupted runs"): it ends the call
/// first, prints the report so far, and exits 3 within 2 s; a second signal exits at once. The 2 s bound is
/// the point of these tests, checked with a generous margin for a loaded machine.
@Suite(.serialized) struct SignalCommandTests {
    /// What the tests accept for "within 2 s" on a loaded 2-core machine.
    static let exitBound: Double = 3.5

    func start(_ args: [String]) throws -> RunningCommand {
        try RunningCommand(CommandRun.trunkprobe, args)
    }

    func seconds(since start: Date) -> Double { Date().timeIntervalSince(start) }

    @Test("SIGINT while the INVITE is in Proceeding: CANCEL, report printed, exit 3 within 2 s", .needsSIPp,
          arguments: [SIGINT, SIGTERM])
    func interruptInProceeding(signal: Int32) async throws {
        let sipp = try SIPpPeer(scenario: SIPpScenarios.proceedingUntilCancel)
        defer { sipp.stop() }
        let command = try start(["invite", "sip:127.0.0.1:\(sipp.port)", "--to", "100", "--timeout", "10", "--format", "json"])
        #expect(try await offPool { sipp.waitForMessage(containing: "SIP/2.0 100 Trying") })
        let signalled = Date()
        command.send(signal)
        let run = try await offPool { try command.wait() }
        let elapsed = seconds(since: signalled)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(elapsed < Self.exitBound, "exited \(elapsed) s after the signal")
        #expect(run.stdout.contains("\"interrupted\":true"), "\(run.stdout)")
        #expect(run.stdout.contains("\"status_code\":487"), "\(run.stdout)")
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "the call was not cancelled:\n\(sipp.diagnostics)")
    }

    @Test("check: SIGINT while a suite's INVITE is in Proceeding: CANCEL, results printed, exit 3 within 2 s", .needsSIPp)
    func interruptSuite() async throws {
        let sipp = try SIPpPeer(scenario: SIPpScenarios.proceedingUntilCancel)
        defer { sipp.stop() }
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "suite")
        defer { try? FileManager.default.removeItem(at: dir) }
        let suite = dir.appendingPathComponent("suite.yaml").path
        try """
            checks:
              - name: ringing forever
                check: invite
                target: sip:127.0.0.1:\(sipp.port)
                to: "100"
                timeout: 10
            """.write(toFile: suite, atomically: true, encoding: .utf8)
        let command = try start(["check", suite, "--format", "json"])
        #expect(try await offPool { sipp.waitForMessage(containing: "SIP/2.0 100 Trying") })
        let signalled = Date()
        command.send(SIGINT)
        let run = try await offPool { try command.wait() }
        #expect(run.status == 3, "\(run.stderr)")
        #expect(seconds(since: signalled) < Self.exitBound)
        #expect(run.stdout.contains("ringing forever"), "\(run.stdout)")
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "the call was not cancelled:\n\(sipp.diagnostics)")
    }

    @Test("SIGTERM, and the 200 races the CANCEL: ACK and BYE before exit 3", .needsSIPp)
    func answerRacesCancel() async throws {
        let sipp = try SIPpPeer(scenario: SIPpScenarios.cancelRacedByAnswer)
        defer { sipp.stop() }
        let command = try start(["invite", "sip:127.0.0.1:\(sipp.port)", "--to", "100", "--timeout", "10"])
        #expect(try await offPool { sipp.waitForMessage(containing: "SIP/2.0 100 Trying") })
        let signalled = Date()
        command.send(SIGTERM)
        let run = try await offPool { try command.wait() }
        #expect(seconds(since: signalled) < Self.exitBound)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout.contains("interrupted"), "\(run.stdout)")
        let completed = try await offPool { sipp.waitForCompletion() }
        #expect(completed == 0, "the answered call was not hung up:\n\(sipp.diagnostics)")
    }

    @Test("a second SIGINT during the clean-up exits at once (130), without a report", .needsSIPp)
    func secondSignalExitsAtOnce() async throws {
        let sipp = try SIPpPeer(scenario: SIPpScenarios.cancelIgnored)
        defer { sipp.stop() }
        let command = try start(["invite", "sip:127.0.0.1:\(sipp.port)", "--to", "100", "--timeout", "10", "--format", "json"])
        #expect(try await offPool { sipp.waitForMessage(containing: "SIP/2.0 100 Trying") })
        command.send(SIGINT)
        // The CANCEL is out and gets no answer: the first signal's clean-up now waits for a 487.
        #expect(try await offPool { sipp.waitForMessage(containing: "CANCEL sip:") })
        let second = Date()
        command.send(SIGINT)
        let run = try await offPool { try command.wait() }
        #expect(run.status == 130, "\(run.stderr)")
        #expect(seconds(since: second) < 1.0)
        #expect(run.stdout.isEmpty)
    }

    @Test("options --count: SIGTERM mid-probe prints the report so far and the summary, exit 3 within 2 s")
    func optionsCountInterrupted() async throws {
        let silent = try await RoguePeer.udp()
        // --concurrency 1: one probe in flight, so the signal finds exactly one to interrupt (the engine would
        // otherwise start all three at once with --interval 0, and print three interrupted reports).
        let command = try start(["options", "sip:127.0.0.1:\(silent.port)", "--count", "3", "--interval", "0",
                                 "--concurrency", "1", "--timeout", "10", "--format", "json"])
        let waitUntil = Date().addingTimeInterval(10)
        while silent.receivedCount == 0 && Date() < waitUntil { try await Task.sleep(for: .milliseconds(10)) }
        #expect(silent.receivedCount > 0)
        let signalled = Date()
        command.send(SIGTERM)
        let run = try await offPool { try command.wait() }
        await silent.stop()
        #expect(seconds(since: signalled) < Self.exitBound)
        #expect(run.status == 3, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2, "one report and the summary: \(run.stdout)")
        #expect(lines.first?.contains("\"interrupted\":true") == true)
    }

    /// Waits (off the cooperative pool) until `peer` has received something, at most 10 s.
    func waitForTraffic(_ peer: RoguePeer) async throws -> Bool {
        try await offPool {
            for _ in 0..<1000 where peer.receivedCount == 0 { usleep(10_000) }
            return peer.receivedCount > 0
        }
    }

    @Test("SIGINT while the TCP connect, the TLS handshake or name resolution stalls: the report so far is printed, not the 1.9 s fallback exit")
    func interruptStalledStage() async throws {
        // A TCP peer that accepts and never answers the ClientHello; a DNS server that reads and drops; a
        // listener whose full accept queue drops the SYN.
        let silentTLS = try await RoguePeer.tcp { _ in [] }
        let silentDNS = try await RoguePeer.udp()
        let full = try FullBacklogListener()
        defer { Task { await silentTLS.stop(); await silentDNS.stop() }; full.close() }
        for (args, peer, stage) in [
            (["options", "127.0.0.1:\(silentTLS.port);transport=tls", "--insecure"], silentTLS, "tls_handshake"),
            (["options", "sip:trunk.invalid", "--dns-server", "127.0.0.1:\(silentDNS.port)"], silentDNS, "dns"),
            (["invite", "127.0.0.1:\(full.port);transport=tcp", "--to", "100"], nil, "tcp_connect"),
        ] as [([String], RoguePeer?, String)] {
            let command = try start(args + ["--timeout", "20", "--format", "json"])
            if let peer {
                #expect(try await waitForTraffic(peer), "\(stage): the probe reached the stalling peer")
            } else {
                try await Task.sleep(for: .milliseconds(500))
            }
            let signalled = Date()
            command.send(SIGINT)
            let run = try await offPool { try command.wait() }
            #expect(run.status == 3, "\(stage): \(run.stderr)")
            #expect(seconds(since: signalled) < Self.exitBound, "\(stage)")
            // Without the report, the CLI gave up on the probe ("did not finish in time"): the stage ignored the interruption.
            #expect(run.stdout.contains("\"interrupted\":true"), "\(stage): \(run.stdout)\(run.stderr)")
            #expect(!run.stderr.contains("did not finish in time"), "\(stage): \(run.stderr)")
        }
    }
}
