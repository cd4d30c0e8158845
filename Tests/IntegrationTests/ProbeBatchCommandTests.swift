import Foundation
import Logging
import SIPClient
import SIPCore
import TestSupport
import Testing

/// `options` and `invite` over several targets: arguments, `--targets-file` (a file or `-`), the engine flags.
@Suite struct ProbeBatchCommandTests {
    func trunkprobe(_ args: [String], stdin: String? = nil) async throws -> CommandRun {
        try await CommandRun.run(CommandRun.trunkprobe, args, stdin: stdin)
    }

    func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test("arguments plus --targets-file -: one JSON object per probe, then a summary; exit code is the worst")
    func jsonLinesAndWorstStatus() async throws {
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let up = "sip:127.0.0.1:\(bound[0].port)"
        let closed = "sip:127.0.0.1:\(FreePort.udp())"
        let file = "# trunks\n\n127.0.0.1:\(bound[0].port);transport=udp   # the same responder, written another way\n\(closed)\n"
        let started = ContinuousClock.now
        let run = try await trunkprobe(["options", up, "--targets-file", "-", "--concurrency", "2", "--timeout", "10",
                                  "--format", "json"], stdin: file)
        let elapsed = ContinuousClock.now - started
        #expect(run.status == 2, "a refused target makes the run CRITICAL: \(run.stderr)")
        let lines = try objects(run.stdout)
        try #require(lines.count == 4)
        let probes = lines.dropLast()
        #expect(probes.allSatisfy { $0["summary"] == nil })
        #expect(Set(probes.compactMap { $0["target"] as? String })
                == [up, "127.0.0.1:\(bound[0].port);transport=udp", closed])
        #expect(probes.filter { $0["verdict"] as? String == "ok" }.count == 2)
        #expect(probes.filter { $0["verdict"] as? String == "refused" }.count == 1)
        let summary = lines[3]
        #expect(summary["summary"] as? Bool == true)
        #expect(summary["sent"] as? Int == 3)
        #expect(summary["targets"] as? Int == 3)
        #expect(summary["statuses"] as? [String: Int] == ["OK": 2, "CRITICAL": 1])
        #expect(summary["exit_code"] as? Int == 2)
        // ICMP port unreachable ends the refused probe at once: the run does not wait for --timeout 10.
        #expect(elapsed < .seconds(8), "took \(elapsed)")
    }

    @Test("text: each report as it completes, then the run summary")
    func textSummary() async throws {
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0),
                                               .init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "targets")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("targets.txt").path
        try "sip:127.0.0.1:\(bound[1].port);transport=tcp\r\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await trunkprobe(["options", "sip:127.0.0.1:\(bound[0].port)", "--targets-file", path])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.components(separatedBy: "target      sip:127.0.0.1:").count == 3, "\(run.stdout)")
        #expect(run.stdout.contains("over UDP") && run.stdout.contains("over TCP"))
        #expect(run.stdout.contains("--- 2 probes to 2 targets ---\n2 OK; worst OK"))
    }

    @Test("--count goes through the engine: --interval spaces the probes to one target")
    func countIsPaced() async throws {
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        let started = ContinuousClock.now
        let run = try await trunkprobe(["options", "sip:127.0.0.1:\(bound[0].port)", "--count", "3", "--interval", "0.4",
                                  "--concurrency", "8", "--format", "json"])
        let elapsed = ContinuousClock.now - started
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try objects(run.stdout)
        #expect(lines.count == 4)
        // Three starts 0.4 s apart take at least 0.8 s even with room for 8 at once: the pacing is the point.
        #expect(elapsed >= .milliseconds(800), "took \(elapsed)")
    }

    @Test("a bad targets file is one line on stderr naming the line, nothing on stdout, exit 3", arguments: [
        ("sip:127.0.0.1\n\nsip:a b\n", "line 3"),
        ("# only a comment\n", "no target"),
    ])
    func badTargetsFile(text: String, expected: String) async throws {
        for command in [["options"], ["invite", "--to", "100"]] {
            let run = try await trunkprobe(command + ["--targets-file", "-"], stdin: text)
            #expect(run.status == 3, "\(command): \(run.stderr)")
            #expect(run.stdout.isEmpty)
            #expect(run.stderr.contains(expected), "\(run.stderr)")
            #expect(run.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1, "\(run.stderr)")
        }
    }

    @Test("bad engine flags and a missing file exit 3", arguments: [
        ["options", "sip:127.0.0.1", "--concurrency", "0"],
        ["options", "sip:127.0.0.1", "--min-interval", "-1"],
        ["options", "--targets-file", "/nonexistent/targets.txt"],
        ["invite", "--to", "100"],
    ])
    func badFlags(_ args: [String]) async throws {
        let run = try await trunkprobe(args)
        #expect(run.status == 3, "\(args): \(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(!run.stderr.isEmpty)
    }
}
