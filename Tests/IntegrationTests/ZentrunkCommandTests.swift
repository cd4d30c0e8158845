import Foundation
import TestSupport
import Testing

/// `trunkprobe sandbox`, `api`, `provision` and `teardown` run as a user runs them: the sandbox as its own
/// process, the CLI against it over real HTTP, exit codes and output checked.
@Suite(.serialized) struct ZentrunkCommandTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let plan = root.appendingPathComponent("probes/plans/vapi.yaml").path

    /// Starts `trunkprobe sandbox` and returns it with the environment it printed.
    func sandbox() async throws -> (PeerProcess, [String: String]) {
        let port = FreePort.tcp()
        let process = try PeerProcess(name: "sandbox", executable: CommandRun.trunkprobe,
                                      arguments: ["sandbox", "--listen", "127.0.0.1:\(port)"])
        guard await FreePort.waitForTCPListening(port: port), await process.waitForLog(containing: "export PLIVO_AUTH_ID"),
              await process.waitForLog(containing: "export PLIVO_AUTH_TOKEN") else {
            throw PeerError("sandbox did not start:\n\(process.log)")
        }
        var env: [String: String] = [:]
        for line in process.log.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count).split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
            let parts = assignment.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { env[String(parts[0])] = String(parts[1]) }
        }
        return (process, env)
    }

    func trunkprobe(_ args: [String], env: [String: String]) async throws -> CommandRun {
        try await CommandRun.run(CommandRun.trunkprobe, args, environment: env)
    }

    @Test("without Plivo credentials the API commands exit 3 with one line")
    func missingCredentials() async throws {
        let run = try await trunkprobe(["api", "trunk", "list"], env: ["PLIVO_AUTH_ID": "", "PLIVO_AUTH_TOKEN": ""])
        #expect(run.status == 3)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("PLIVO_AUTH_ID"))
    }

    @Test("provision, re-run with zero writes, API errors, teardown: exit codes and output, no secret printed")
    func planLifecycle() async throws {
        let (process, env) = try await sandbox()
        defer { process.stop() }
        let token = try #require(env["PLIVO_AUTH_TOKEN"])
        #expect(env["PLIVO_API_URL"] != nil)

        let dry = try await trunkprobe(["provision", Self.plan, "--dry-run"], env: env)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains("POST Zentrunk/IPAccessControlList/"))

        let first = try await trunkprobe(["provision", Self.plan], env: env)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains(".zt.plivo.com"))
        let second = try await trunkprobe(["provision", Self.plan], env: env)
        #expect(second.status == 0)
        #expect(second.stdout.contains("0 writes"))

        let list = try await trunkprobe(["api", "trunk", "list", "--format", "json"], env: env)
        #expect(list.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        #expect((document["objects"] as? [Any])?.count == 2)

        let missing = try await trunkprobe(["api", "trunk", "get", "999"], env: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("404"))
        let noYes = try await trunkprobe(["api", "trunk", "delete", "999"], env: env)
        #expect(noYes.status == 3)
        var wrongToken = env
        wrongToken["PLIVO_AUTH_TOKEN"] = "wrong"
        let unauthorized = try await trunkprobe(["api", "trunk", "list"], env: wrongToken)
        #expect(unauthorized.status == 2)
        #expect(unauthorized.stderr.contains("401"))

        let teardown = try await trunkprobe(["teardown", Self.plan, "--yes"], env: env)
        #expect(teardown.status == 0, "\(teardown.stderr)")
        let after = try await trunkprobe(["api", "trunk", "list", "--format", "json"], env: env)
        #expect((try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any]).flatMap { $0["objects"] as? [Any] }?.isEmpty == true)

        for run in [dry, first, second, list, missing, unauthorized, teardown] {
            #expect(!run.stdout.contains(token) && !run.stderr.contains(token))
        }
    }

    @Test("garbage YAML and a missing plan exit 3 with the line number")
    func badPlans() async throws {
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "plan")
        let bad = dir.appendingPathComponent("bad.yaml")
        try "version: 1\ntrunks:\n  - name: x\n    direction: [unclosed\n".write(to: bad, atomically: true, encoding: .utf8)
        let env = ["PLIVO_AUTH_ID": "MA0000", "PLIVO_AUTH_TOKEN": "t", "PLIVO_API_URL": "http://127.0.0.1:9/v1/"]
        let garbage = try await trunkprobe(["provision", bad.path, "--dry-run"], env: env)
        #expect(garbage.status == 3)
        #expect(garbage.stderr.contains("bad.yaml:"))
        let absent = try await trunkprobe(["provision", dir.appendingPathComponent("none.yaml").path], env: env)
        #expect(absent.status == 3)
    }
}
