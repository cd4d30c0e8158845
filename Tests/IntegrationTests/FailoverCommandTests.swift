import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Logging
import SIPClient
import SIPCore
import TestSupport
import Testing

/// `trunkprobe failover` against real peers on loopback: responders that answer, a closed port (ICMP
/// refused), a silent UDP peer, peers answering 503 or 603. Exit codes and the JSON shape as a user sees them.
@Suite struct FailoverCommandTests {
    func failover(_ primary: String, _ fallback: String?, _ extra: [String] = []) async throws -> (CommandRun, [String: Any]) {
        var args = ["failover", "--primary", primary, "--timeout", "1", "--format", "json"]
        if let fallback { args += ["--fallback", fallback] }
        let run = try await CommandRun.run(CommandRun.trunkprobe, args + extra, timeout: 20)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 1, "stdout: \(run.stdout) stderr: \(run.stderr)")
        let object = (try? JSONSerialization.jsonObject(with: Data((lines.first ?? "").utf8))) as? [String: Any] ?? [:]
        return (run, object)
    }

    func responder() async throws -> (SIPResponder, String) {
        let r = SIPResponder(logger: Logger(label: "test"))
        let bound = try await r.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        return (r, "sip:127.0.0.1:\(bound[0].port)")
    }

    /// A UDP port nothing listens on: the kernel answers ICMP port unreachable (refused). Chosen below the
    /// ephemeral range (32768–60999 on Linux), so no socket of a parallel test bound to port 0 can take it.
    func closedPort() -> String { "sip:127.0.0.1:\(Self.unusedLowPort())" }

    static func unusedLowPort() -> Int {
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<32_000)
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            if rc == 0 { return port }
        }
        return 1  // tcpmux: nothing listens there on a test machine
    }

    @Test("primary and fallback answer → healthy, exit 0, with both full reports in the JSON")
    func healthy() async throws {
        let (p, primary) = try await responder()
        let (f, fallback) = try await responder()
        defer { Task { await p.stop(); await f.stop() } }
        let (run, json) = try await failover(primary, fallback)
        #expect(run.status == 0, "\(run.stdout)")
        #expect(json["verdict"] as? String == "healthy")
        #expect(json["status"] as? String == "OK")
        #expect(json["exit_code"] as? Int == 0)
        for key in ["explanation", "hint", "primary", "fallback", "failover_on"] { #expect(json.keys.contains(key), "missing \(key)") }
        let p1 = try #require(json["primary"] as? [String: Any])
        let f1 = try #require(json["fallback"] as? [String: Any])
        #expect(p1["verdict"] as? String == "ok" && p1["status_code"] as? Int == 200 && p1["request_uri"] as? String == primary)
        #expect(f1["verdict"] as? String == "ok" && f1["request_uri"] as? String == fallback)
        #expect(json["failover_on"] as? [Int] == [503])
    }

    @Test("primary refused (closed port) + fallback up → degraded_failover, exit 1")
    func refusedPrimary() async throws {
        let (f, fallback) = try await responder()
        defer { Task { await f.stop() } }
        let (run, json) = try await failover(closedPort(), fallback)
        #expect(run.status == 1)
        #expect(json["verdict"] as? String == "degraded_failover")
        #expect((json["primary"] as? [String: Any])?["verdict"] as? String == "refused")
        #expect(json["primary_failover_eligible"] as? Bool == true)
    }

    @Test("primary silent (timeout) + fallback up → degraded_failover")
    func silentPrimary() async throws {
        let silent = try await RoguePeer.udp()
        let (f, fallback) = try await responder()
        defer { Task { await silent.stop(); await f.stop() } }
        let (run, json) = try await failover("sip:127.0.0.1:\(silent.port)", fallback)
        #expect(run.status == 1)
        #expect(json["verdict"] as? String == "degraded_failover")
        #expect((json["primary"] as? [String: Any])?["verdict"] as? String == "timeout")
        #expect(silent.receivedCount >= 1)
    }

    @Test("primary 503 + fallback up → degraded_failover; the text output says so")
    func unavailablePrimary() async throws {
        let busy = try await RoguePeer.udp { [RogueAnswers.response(to: $0, code: 503)] }
        let (f, fallback) = try await responder()
        defer { Task { await busy.stop(); await f.stop() } }
        let (run, json) = try await failover("sip:127.0.0.1:\(busy.port)", fallback)
        #expect(run.status == 1)
        #expect(json["verdict"] as? String == "degraded_failover")
        #expect((json["primary"] as? [String: Any])?["status_code"] as? Int == 503)
        let text = try await CommandRun.run(CommandRun.trunkprobe, ["failover", "--primary", "sip:127.0.0.1:\(busy.port)", "--fallback", fallback,
                                                               "--timeout", "1"])
        #expect(text.status == 1)
        #expect(text.stdout.contains("primary:") && text.stdout.contains("fallback:"))
        #expect(text.stdout.hasPrefix("WARNING: failover degraded_failover: "))  // the status line first
    }

    @Test("primary = `trunkprobe responder --options 503` (a server in maintenance) + fallback up → degraded_failover")
    func maintenancePrimaryResponder() async throws {
        let (peer, port) = try await ResponderProcess.start(["--options", "503"])
        defer { peer.stop() }
        let (f, fallback) = try await responder()
        defer { Task { await f.stop() } }
        let (run, json) = try await failover("sip:127.0.0.1:\(port)", fallback)
        #expect(run.status == 1)
        #expect(json["verdict"] as? String == "degraded_failover")
        #expect((json["primary"] as? [String: Any])?["status_code"] as? Int == 503)
        #expect((json["explanation"] as? String)?.contains("503") == true)
    }

    @Test("primary 603 is not covered by failover → down, exit 2, and the explanation says why; --failover-on 603 changes it")
    func uncoveredPrimary() async throws {
        let decline = try await RoguePeer.udp { [RogueAnswers.response(to: $0, code: 603)] }
        let (f, fallback) = try await responder()
        defer { Task { await decline.stop(); await f.stop() } }
        let (run, json) = try await failover("sip:127.0.0.1:\(decline.port)", fallback)
        #expect(run.status == 2)
        #expect(json["verdict"] as? String == "down")
        #expect((json["explanation"] as? String)?.contains("does not trigger failover") == true)
        #expect(json["primary_failover_eligible"] as? Bool == false)
        let (again, json2) = try await failover("sip:127.0.0.1:\(decline.port)", fallback, ["--failover-on", "408,603"])
        #expect(again.status == 1)
        #expect(json2["verdict"] as? String == "degraded_failover")
        #expect(json2["failover_on"] as? [Int] == [408, 503, 603])
    }

    @Test("primary up + fallback down (or missing) → no_fallback, exit 1")
    func noFallback() async throws {
        let (p, primary) = try await responder()
        defer { Task { await p.stop() } }
        let (run, json) = try await failover(primary, closedPort())
        #expect(run.status == 1)
        #expect(json["verdict"] as? String == "no_fallback")
        let (missing, json2) = try await failover(primary, nil)
        #expect(missing.status == 1)
        #expect(json2["verdict"] as? String == "no_fallback")
        #expect(json2["fallback"] is NSNull)
    }

    @Test("--bind with a fixed port probes one URI after the other (one socket at a time) → still healthy")
    func fixedBindPort() async throws {
        let (p, primary) = try await responder()
        let (f, fallback) = try await responder()
        defer { Task { await p.stop(); await f.stop() } }
        let local = FreePort.udp()
        let (run, json) = try await failover(primary, fallback, ["--bind", "127.0.0.1:\(local)"])
        #expect(run.status == 0, "\(run.stdout) \(run.stderr)")
        #expect(json["verdict"] as? String == "healthy")
        #expect((json["primary"] as? [String: Any])?["local_address"] as? String == "127.0.0.1:\(local)")
        #expect((json["fallback"] as? [String: Any])?["local_address"] as? String == "127.0.0.1:\(local)")
    }

    @Test("both down → down, exit 2")
    func bothDown() async throws {
        let (run, json) = try await failover(closedPort(), closedPort())
        #expect(run.status == 2)
        #expect(json["verdict"] as? String == "down")
        #expect(json["status"] as? String == "CRITICAL")
    }

    @Test("bad flags exit 3; --trunk without Plivo credentials exits 3", arguments: [
        ["failover", "--trunk", "1234"],
        ["failover"],
        ["failover", "--primary", "sip:127.0.0.1", "--trunk", "1"],
        ["failover", "--primary", "sip:127.0.0.1", "--failover-on", "abc"],
        ["failover", "--primary", "sip:", "--fallback", "sip:127.0.0.1"],
    ])
    func badInput(_ args: [String]) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, args, environment: ["PLIVO_AUTH_ID": "", "PLIVO_AUTH_TOKEN": ""])
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("trunkprobe:"))
        if args.count == 3 { #expect(run.stderr.contains("PLIVO_AUTH_ID")) }
    }

    @Test("--trunk reads the inbound trunk's primary and fallback URIs through the API (sandbox), then probes them")
    func trunkThroughTheAPI() async throws {
        let (fallbackPeer, fallbackPort) = try await ResponderProcess.start([])
        defer { fallbackPeer.stop() }
        let closed = FreePort.udp()
        let apiPort = FreePort.tcp()
        let sandbox = try PeerProcess(name: "sandbox", executable: CommandRun.trunkprobe, arguments: ["sandbox", "--listen", "127.0.0.1:\(apiPort)"])
        defer { sandbox.stop() }
        #expect(await FreePort.waitForTCPListening(port: apiPort))
        // The environment lines may be flushed after the port is bound: read them only once they are there
        // (without them the API commands exit 3, "no credentials").
        #expect(await sandbox.waitForLog(containing: "export PLIVO_AUTH_ID"), "\(sandbox.log)")
        #expect(await sandbox.waitForLog(containing: "export PLIVO_AUTH_TOKEN"), "\(sandbox.log)")
        var env: [String: String] = [:]
        for line in sandbox.log.split(separator: "\n") where line.hasPrefix("export ") {
            let kv = line.dropFirst(7).split(separator: "#")[0].trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2 { env[String(kv[0])] = String(kv[1]) }
        }
        func api(_ args: [String]) async throws -> [String: Any] {
            let run = try await CommandRun.run(CommandRun.trunkprobe, ["api"] + args + ["--format", "json"], environment: env)
            #expect(run.status == 0, "\(args): \(run.stderr)")
            return (try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]) ?? [:]
        }
        let primaryID = try #require(try await api(["uri", "create", "--name", "p", "--uri", "127.0.0.1:\(closed)"])["uri_uuid"] as? String)
        let fallbackID = try #require(try await api(["uri", "create", "--name", "f", "--uri", "127.0.0.1:\(fallbackPort)"])["uri_uuid"] as? String)
        let trunkID = try #require(try await api(["trunk", "create", "--name", "in", "--direction", "inbound",
                                            "--primary-uri", primaryID, "--fallback-uri", fallbackID])["trunk_id"] as? String)
        let run = try await CommandRun.run(CommandRun.trunkprobe, ["failover", "--trunk", trunkID, "--timeout", "1", "--format", "json"],
                                     environment: env)
        #expect(run.status == 1, "\(run.stdout)\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(json["verdict"] as? String == "degraded_failover")
        let missing = try await CommandRun.run(CommandRun.trunkprobe, ["failover", "--trunk", "999"], environment: env)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("404"))
    }
}
