import Foundation
import Logging
import SIPClient
import TestSupport
import Testing

/// `trunkprobe check` against a real Kamailio and the responder on loopback, every output format read by a
/// real reader: JSON by JSONSerialization, JUnit by junitparser, perfdata by the strict grammar in
/// ProbesTests' spirit (repeated here), the exposition by `promtool check metrics`.
@Suite(.serialized) struct CheckCommandTests {
    struct Peers {
        var kamailio: KamailioPeer
        var responder: SIPResponder
        var kamailioPort: Int
        var responderURI: String
        var closedPort: Int
    }

    func withPeers(_ body: (Peers, URL) async throws -> Void) async throws {
        let port = FreePort.pair()
        let kamailio = try KamailioPeer(listens: [.init("udp", port: port), .init("tcp", port: port)])
        defer { kamailio.stop() }
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "check")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try await body(Peers(kamailio: kamailio, responder: responder, kamailioPort: port,
                                 responderURI: "sip:127.0.0.1:\(bound[0].port)", closedPort: FailoverCommandTests.unusedLowPort()), dir)
        } catch {
            await responder.stop()
            throw error
        }
        await responder.stop()
    }

    func suite(_ peers: Peers, in dir: URL) throws -> String {
        let text = """
            version: 1
            defaults:
              timeout: 2
              to: "100"
            checks:
              - name: kamailio answers OPTIONS
                check: options
                target: sip:127.0.0.1:\(peers.kamailioPort)
                expect: ok
                tags: [edge]
              - name: kamailio over TCP turns a call down with 486
                check: invite
                target: "127.0.0.1:\(peers.kamailioPort);transport=tcp"
                expect: {status: [486]}
              - name: responder primary, kamailio fallback
                check: failover
                target: \(peers.responderURI)
                fallback: sip:127.0.0.1:\(peers.kamailioPort)
                expect: healthy
              - name: a closed port is refused
                check: options
                target: sip:127.0.0.1:\(peers.closedPort)
                expect: refused
                tags: [negative]
              - name: kamailio is expected to reject us but does not
                check: options
                target: sip:127.0.0.1:\(peers.kamailioPort)
                expect: acl_rejected
                tags: [negative]
            """
        let path = dir.appendingPathComponent("loopback.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func check(_ arguments: [String]) async throws -> CommandRun {
        try await CommandRun.run(CommandRun.trunkprobe, ["check"] + arguments, timeout: 60)
    }

    @Test("json: one object per check in suite order, then the summary; exit code is the worst status", .needsKamailio)
    func json() async throws {
        try await withPeers { peers, dir in
            let run = try await check([try suite(peers, in: dir), "--format", "json"])
            #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
            let objects = try run.stdout.split(separator: "\n").map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(objects.count == 6)
            #expect(objects.prefix(5).map { $0["status"] as? String } == ["OK", "OK", "OK", "OK", "CRITICAL"],
                    "\(objects.map { "\($0["name"] ?? "") \($0["verdict"] ?? "") \($0["explanation"] ?? "")" })")
            #expect(objects[1]["status_code"] as? Int == 486)
            #expect(objects[2]["verdict"] as? String == "healthy")
            #expect(objects[3]["verdict"] as? String == "refused")
            #expect((objects[0]["probe"] as? [String: Any])?["status_code"] as? Int == 200)
            #expect(objects[5]["summary"] as? Bool == true && objects[5]["passed"] as? Int == 4 && objects[5]["exit_code"] as? Int == 2)
        }
    }

    @Test("--tags selects checks; text puts the status line first and fits 80 columns; --junit beside it", .needsKamailio)
    func textAndJUnitFile() async throws {
        try await withPeers { peers, dir in
            let junit = dir.appendingPathComponent("report.xml").path
            let run = try await check([try suite(peers, in: dir), "--tags", "edge", "--junit", junit])
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            let lines = run.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first == "OK: 1 of 1 check passed")
            #expect(lines.allSatisfy { $0.count <= 80 })
            let parsed = try await Self.junitparser(junit)
            #expect(parsed.contains("CASE\ttrunkprobe.loopback\tkamailio answers OPTIONS\tpassed"), "\(parsed)")
        }
    }

    @Test("junit: read by junitparser, unique names, failures with verdict and hint, the exchange in system-out", .needsKamailio)
    func junit() async throws {
        try await withPeers { peers, dir in
            let run = try await check([try suite(peers, in: dir), "--format", "junit"])
            #expect(run.status == 2)
            let file = dir.appendingPathComponent("stdout.xml").path
            try run.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            let parsed = try await Self.junitparser(file)
            #expect(parsed.contains("SUITES\t5\t1\t0"), "\(parsed)")
            #expect(parsed.contains("CASE\ttrunkprobe.loopback\tkamailio is expected to reject us but does not\tfailure\tok"), "\(parsed)")
            #expect(parsed.contains("UNIQUE\tyes"))
            #expect(parsed.contains("OUT\tkamailio answers OPTIONS\tOPTIONS"), "\(parsed)")
            #expect(parsed.contains("HINT\tyes"))
        }
    }

    @Test("nagios: first line with the worst status, perfdata in the plugins' grammar, thresholds", .needsKamailio)
    func nagios() async throws {
        try await withPeers { peers, dir in
            let run = try await check([try suite(peers, in: dir), "--tags", "edge", "--format", "nagios", "--warning", "~:5000", "--critical", "@5000:"])
            #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
            let first = try #require(run.stdout.split(separator: "\n").first.map(String.init))
            #expect(first.hasPrefix("TRUNKPROBE OK - 1 of 1 check OK | "))
            let perf = first.components(separatedBy: " | ")[1]
            let pattern = #"^'kamailio answers OPTIONS rtt'=[0-9]+\.[0-9]+ms;~:5000;@5000:;0; 'kamailio answers OPTIONS status'=0;1;2;0;3$"#
            #expect(perf.range(of: pattern, options: .regularExpression) != nil, "\(perf)")
            // A threshold every answer breaks turns the check CRITICAL.
            let slow = try await check([try suite(peers, in: dir), "--tags", "edge", "--format", "nagios", "--critical", "0:0.000001"])
            #expect(slow.status == 2)
            #expect(slow.stdout.hasPrefix("TRUNKPROBE CRITICAL - 0 of 1 check OK"))
            let bad = try await check([try suite(peers, in: dir), "--warning", "20:10"])
            #expect(bad.status == 3 && bad.stderr.contains("--warning") && bad.stdout.isEmpty)
        }
    }

    @Test("prometheus: promtool check metrics accepts it; --output writes the file atomically", .needsKamailio)
    func prometheus() async throws {
        try await withPeers { peers, dir in
            let output = dir.appendingPathComponent("trunkprobe.prom").path
            let run = try await check([try suite(peers, in: dir), "--format", "prometheus", "--output", output])
            #expect(run.status == 2)
            #expect(run.stdout.isEmpty)
            let text = try String(contentsOfFile: output, encoding: .utf8)
            #expect(text.contains("trunkprobe_check_success{suite=\"\(dir.path)/loopback.yaml\",check=\"kamailio answers OPTIONS\""))
            #expect(text.contains("trunkprobe_check_sip_status_code{") && text.contains("} 486\n"))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
            #expect(leftovers.isEmpty)
            let promtool = try await CommandRun.run("/usr/bin/promtool", ["check", "metrics"], stdin: text)
            #expect(promtool.status == 0, "\(promtool.stdout)\(promtool.stderr)")
        }
    }

    @Test("a broken suite exits 3 with one line naming file, line and key")
    func brokenSuite() async throws {
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("bad.yaml").path
        try "checks:\n  - name: a\n    check: options\n    target: sip:127.0.0.1\n    expct: ok\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try await check([path])
        #expect(run.status == 3)
        #expect(run.stderr == "trunkprobe: \(path):5: expct: unknown key (allowed: check, expect, failover_on, fallback, from, name, password, tags, target, timeout, to, transport, username)\n")
        let unset = dir.appendingPathComponent("unset.yaml").path
        try "checks:\n  - name: a\n    check: invite\n    target: sip:127.0.0.1\n    to: \"1\"\n    username: u\n    password: {env: TRUNKPROBE_UNSET_FOR_TEST}\n"
            .write(toFile: unset, atomically: true, encoding: .utf8)
        let missing = try await check([unset])
        #expect(missing.status == 3 && missing.stderr.contains("\(unset):2:") && missing.stderr.contains("TRUNKPROBE_UNSET_FOR_TEST"))
        // An output file in a directory that does not exist is refused before anything is sent.
        let good = dir.appendingPathComponent("good.yaml").path
        try "checks:\n  - name: a\n    check: options\n    target: sip:127.0.0.1:9\n".write(toFile: good, atomically: true, encoding: .utf8)
        let nowhere = try await check([good, "--format", "prometheus", "--output", dir.path + "/none/t.prom"])
        #expect(nowhere.status == 3 && nowhere.stderr.contains("--output") && nowhere.stderr.contains("no directory"), "\(nowhere.stderr)")
        #expect(nowhere.stdout.isEmpty && nowhere.stderr.split(separator: "\n").count == 1)
    }

    @Test("--trace: every message in order with timestamps on stderr, in JSON as `trace`; no credential anywhere", .needsKamailio,
          arguments: [false, true])
    func trace(proxy: Bool) async throws {
        let port = FreePort.pair()
        let cfg = InviteProbeIntegrationTests.kamailioAuthRoute(proxy: proxy, algorithmIsSHA256: false)
        let kamailio = try KamailioPeer(listens: [.init("udp", port: port), .init("tcp", port: port)], modules: ["auth"],
                                        globals: cfg.globals, routeScript: cfg.route)
        defer { kamailio.stop() }
        let run = try await CommandRun.run(CommandRun.trunkprobe,
                                     ["invite", "sip:127.0.0.1:\(port)", "--to", "100", "--username", "alice",
                                      "--password-env", "TRACE_TEST_PASSWORD", "--trace", "--format", "json"],
                                     environment: ["TRACE_TEST_PASSWORD": "s3cret"], timeout: 30)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        let header = proxy ? "Proxy-Authorization" : "Authorization"
        let heads = run.stderr.split(separator: "\n").filter { $0.hasPrefix("--- ") }
        #expect(heads.count == 6, "\(run.stderr)")  // INVITE, 401/407, ACK, INVITE with credentials, 486, ACK
        #expect(heads.first?.contains("sent to 127.0.0.1:\(port)") == true)
        #expect(run.stderr.contains("\n\(header): <redacted>\n"), "\(run.stderr)")
        #expect(run.stderr.contains("SIP/2.0 486 Busy Here"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let trace = try #require(json["trace"] as? [[String: Any]])
        #expect(trace.map { $0["direction"] as? String } == ["sent", "received", "sent", "sent", "received", "sent"])
        #expect((trace.compactMap { $0["at_ms"] as? Double }) == (trace.compactMap { $0["at_ms"] as? Double }).sorted())
        #expect(trace.count == 6 && (trace[3]["text"] as? String)?.contains("\(header): <redacted>") == true)
        for output in [run.stdout, run.stderr] {
            #expect(!output.contains("s3cret"))
            #expect(!output.contains("response=\""))
            #expect(!output.contains("Digest username"))
        }
    }

    @Test("options, invite and failover take the check formats too: nagios perfdata, JUnit, exposition")
    func singleProbeFormats() async throws {
        let responder = SIPResponder(logger: Logger(label: "test"))
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        let uri = "sip:127.0.0.1:\(bound[0].port)"
        let nagios = try await CommandRun.run(CommandRun.trunkprobe, ["options", uri, "--count", "2", "--interval", "0", "--format", "nagios"])
        let prometheus = try await CommandRun.run(CommandRun.trunkprobe, ["invite", uri, "--to", "100", "--format", "prometheus"])
        let junit = try await CommandRun.run(CommandRun.trunkprobe, ["failover", "--primary", uri, "--format", "junit"])
        await responder.stop()
        #expect(nagios.status == 0 && nagios.stdout.hasPrefix("TRUNKPROBE OK - 2 of 2 checks OK | 'options \(uri) #1 rtt'="), "\(nagios.stdout)")
        #expect(prometheus.stdout.contains("trunkprobe_check_sip_status_code{suite=\"invite\""))
        let promtool = try await CommandRun.run("/usr/bin/promtool", ["check", "metrics"], stdin: prometheus.stdout)
        #expect(promtool.status == 0, "\(promtool.stdout)\(promtool.stderr)")
        #expect(junit.status == 1)  // no fallback: no_fallback is a WARNING
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "check")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("failover.xml").path
        try junit.stdout.write(toFile: file, atomically: true, encoding: .utf8)
        let parsed = try await Self.junitparser(file)
        #expect(parsed.contains("CASE\ttrunkprobe.failover\tfailover \(uri)\tfailure\tno_fallback"), "\(parsed)")
    }

    /// Reads a JUnit file with junitparser (installed by scripts/bootstrap test; pip here when missing) and
    /// prints facts, one per line, tab-separated.
    static func junitparser(_ path: String) async throws -> String {
        if try await CommandRun.run("/usr/bin/env", ["python3", "-c", "import junitparser"]).status != 0 {
            _ = try await CommandRun.run("/usr/bin/env", ["python3", "-m", "pip", "install", "--quiet", "junitparser==5.0.3"], timeout: 120)
        }
        let script = """
            import sys
            from junitparser import JUnitXml, Failure, Error
            xml = JUnitXml.fromfile(sys.argv[1])
            tests = failures = errors = 0
            seen = set()
            unique = True
            hint = False
            for suite in xml:
                tests += suite.tests; failures += suite.failures; errors += suite.errors
                for case in suite:
                    key = (case.classname, case.name)
                    unique = unique and key not in seen
                    seen.add(key)
                    float(case.time)
                    state = "passed"
                    for r in case.result:
                        if isinstance(r, Failure):
                            state = "failure\\t" + (r.type or "")
                            hint = hint or "hint:" in (r.text or "")
                        elif isinstance(r, Error):
                            state = "error\\t" + (r.type or "")
                    print("CASE\\t%s\\t%s\\t%s" % (case.classname, case.name, state))
                    if case.system_out:
                        print("OUT\\t%s\\t%s" % (case.name, "OPTIONS" if ("-> " in case.system_out and "OPTIONS" in case.system_out and "<- " in case.system_out) else "-"))
            print("SUITES\\t%d\\t%d\\t%d" % (tests, failures, errors))
            print("UNIQUE\\t%s" % ("yes" if unique else "no"))
            print("HINT\\t%s" % ("yes" if hint else "no"))
            """
        let run = try await CommandRun.run("/usr/bin/env", ["python3", "-c", script, path])
        guard run.status == 0 else { throw PeerError("junitparser could not read \(path): \(run.stderr)") }
        return run.stdout
    }
}
