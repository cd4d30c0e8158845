import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import TestSupport
import Testing

/// `trunkprobe sandbox --sip` (the local Zentrunk edge) and `trunkprobe smoke`, run as a user runs them: the
/// sandbox and the stand-ins for a platform's origination URIs as their own processes, the CLI against them.
@Suite(.serialized) struct SmokeCommandTests {
    static let password = "Sm0kePass!23"

    /// Starts `trunkprobe sandbox --sip` and returns it with the environment it printed (quotes removed).
    func sandbox(_ extra: [String] = []) throws -> (PeerProcess, [String: String]) {
        let port = FreePort.tcp()
        let process = try PeerProcess(name: "sandbox", executable: CommandRun.trunkprobe,
                                      arguments: ["sandbox", "--listen", "127.0.0.1:\(port)", "--sip", "127.0.0.1:0"] + extra)
        guard FreePort.waitForTCP(port: port) else { throw PeerError("sandbox did not start:\n\(process.log)") }
        var env: [String: String] = [:]
        for _ in 0..<250 where !process.log.contains("TRUNKPROBE_RESOLVE") { usleep(20_000) }
        for line in process.log.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count).split(separator: "#")[0].trimmingCharacters(in: .whitespaces)
            let parts = assignment.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { env[String(parts[0])] = String(parts[1]).trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }
        }
        guard env["TRUNKPROBE_RESOLVE"] != nil else { throw PeerError("no TRUNKPROBE_RESOLVE export:\n\(process.log)") }
        env["SMOKE_PASSWORD"] = Self.password
        return (process, env)
    }

    /// A responder standing in for a platform's SIP endpoint (UDP), on a free port. By default it rings (180) as
    /// LiveKit does once a dispatch rule takes a call; `invite` gives another answer.
    func responder(invite: String = "180-then-486") throws -> (PeerProcess, Int) {
        let port = FreePort.udp()
        let process = try PeerProcess(name: "responder", executable: CommandRun.trunkprobe,
                                      arguments: ["responder", "--listen", "udp:127.0.0.1:\(port)", "--invite", invite])
        guard FreePort.waitForUDPBound(port: port) else { throw PeerError("responder did not start:\n\(process.log)") }
        return (process, port)
    }

    func trunkprobe(_ args: [String], env: [String: String]) async throws -> CommandRun {
        try await CommandRun.run(CommandRun.trunkprobe, args, environment: env, timeout: 60)
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// A plan whose inbound URIs are the given stand-ins; `outbound` is the outbound trunk's auth lines.
    func plan(primary: Int, fallback: Int?, acl: [String]? = nil, platform: String = "livekit") throws -> String {
        var text = "version: 1\nplatform: \(platform)\n"
        text += "credentials:\n  - name: smoke-cred\n    username: smoke01\n    password: {env: SMOKE_PASSWORD}\n"
        if let acl { text += "ip_acls:\n  - name: smoke-ips\n    ip_addresses: [\(acl.joined(separator: ", "))]\n" }
        text += "uris:\n  - name: smoke-primary\n    uri: \"127.0.0.1:\(primary);transport=udp\"\n"
        if let fallback { text += "  - name: smoke-fallback\n    uri: \"127.0.0.1:\(fallback);transport=udp\"\n" }
        text += "trunks:\n  - name: smoke-out\n    direction: outbound\n"
        text += acl == nil ? "    credential: smoke-cred\n" : "    ip_acl: smoke-ips\n"
        text += "  - name: smoke-in\n    direction: inbound\n    primary_uri: smoke-primary\n"
        if fallback != nil { text += "    fallback_uri: smoke-fallback\n" }
        text += "numbers:\n  - number: \"14155550100\"\n    trunk: smoke-in\n"
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "smoke")
        let file = dir.appendingPathComponent("plan.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The sandbox with its SIP edge, a primary and a fallback responder, and a LiveKit plan over them.
    struct Edge {
        let sandbox: PeerProcess, primary: PeerProcess, fallback: PeerProcess
        let env: [String: String], plan: String
        func stop() { sandbox.stop(); primary.stop(); fallback.stop() }
    }

    func startEdge(acl: [String]? = nil) throws -> Edge {
        let (sandbox, env) = try sandbox()
        var started = [sandbox]
        do {
            let (primary, primaryPort) = try responder()
            started.append(primary)
            let (fallback, fallbackPort) = try responder()
            started.append(fallback)
            return Edge(sandbox: sandbox, primary: primary, fallback: fallback, env: env,
                        plan: try plan(primary: primaryPort, fallback: fallbackPort, acl: acl))
        } catch {
            for process in started { process.stop() }
            throw error
        }
    }

    func objects(_ resource: String, env: [String: String]) async throws -> [Any] {
        let list = try await trunkprobe(["api", resource, "list", "--format", "json"], env: env)
        return try #require(try json(list.stdout)["objects"] as? [Any], "\(list.stderr)")
    }

    @Test("smoke passes against the edge, teardown leaves nothing; --existing with a drifted password is auth_rejected")
    func passThenDrift() async throws {
        let edge = try startEdge()
        defer { edge.stop() }
        let (env, plan) = (edge.env, edge.plan)

        let pass = try await trunkprobe(["smoke", plan, "--format", "json"], env: env)
        #expect(pass.status == 0, "\(pass.stdout)\n\(pass.stderr)")
        let report = try json(pass.stdout)
        #expect(report["status"] as? String == "OK")
        let checks = try #require(report["checks"] as? [[String: Any]])
        #expect(checks.contains { $0["check"] as? String == "invite" && $0["verdict"] as? String == "auth_ok" })
        #expect(checks.contains { $0["check"] as? String == "failover" && $0["verdict"] as? String == "healthy" })
        // LiveKit's preset: an INVITE to each origination URI too.
        #expect(checks.filter { ($0["name"] as? String)?.hasPrefix("inbound smoke-in ") == true }.count == 2)
        #expect(!pass.stdout.contains(Self.password) && !pass.stderr.contains(Self.password))
        // Teardown left nothing behind.
        for resource in ["trunk", "credential", "uri"] { #expect(try await objects(resource, env: env).isEmpty, "\(resource)") }

        let kept = try await trunkprobe(["smoke", plan, "--keep"], env: env)
        #expect(kept.status == 0, "\(kept.stdout)\n\(kept.stderr)")
        #expect(kept.stdout.hasPrefix("SMOKE OK"))
        var drifted = env
        drifted["SMOKE_PASSWORD"] = "Other-Passw0rd"
        let before = try await objects("trunk", env: env).count
        let existing = try await trunkprobe(["smoke", plan, "--existing"], env: drifted)
        #expect(existing.status == 2, "\(existing.stdout)\n\(existing.stderr)")
        #expect(existing.stdout.hasPrefix("SMOKE CRITICAL"))
        #expect(existing.stdout.contains("auth_rejected"))
        #expect(existing.stdout.contains("hint:"))
        #expect(try await objects("trunk", env: env).count == before)  // --existing writes nothing
        let teardown = try await trunkprobe(["teardown", plan, "--yes", "--format", "json"], env: env)
        #expect(teardown.status == 0)
        #expect(try json(teardown.stdout)["writes"] as? Int == 5)  // 2 trunks, 2 URIs, 1 credential
    }

    @Test("smoke --trace prints each check's SIP messages on stderr and keeps them in JSON, the Authorization value redacted")
    func trace() async throws {
        let edge = try startEdge()
        defer { edge.stop() }
        let (env, plan) = (edge.env, edge.plan)
        let run = try await trunkprobe(["smoke", plan, "--format", "json", "--trace"], env: env)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stderr.contains("INVITE sip:") && run.stderr.contains("OPTIONS sip:"), "\(run.stderr)")
        #expect(run.stderr.contains("Authorization: <redacted>"), "the answered challenge is in the trace, its value redacted")
        #expect(!run.stderr.contains("response=\""), "no digest response on stderr")
        #expect(!run.stdout.contains(Self.password) && !run.stderr.contains(Self.password))
        let checks = try #require(try json(run.stdout)["checks"] as? [[String: Any]])
        let invite = try #require(checks.first { $0["check"] as? String == "invite" && $0["verdict"] as? String == "auth_ok" })
        let trace = try #require((invite["report"] as? [String: Any])?["trace"] as? [[String: Any]], "\(invite)")
        #expect(trace.count >= 4)  // INVITE, 407, ACK or the second INVITE, …
        let texts = trace.compactMap { $0["text"] as? String }
        #expect(texts.contains { $0.contains("Authorization: <redacted>") }, "\(texts)")
        #expect(!texts.contains { $0.contains("response=\"") })
    }

    @Test("a source outside the trunk's IP ACL is acl_rejected (bound to 127.0.0.2, ACL allows 127.0.0.1)")
    func outsideACL() async throws {
        let edge = try startEdge(acl: ["127.0.0.1"])
        defer { edge.stop() }
        let (env, plan) = (edge.env, edge.plan)
        let inside = try await trunkprobe(["smoke", plan, "--bind", "127.0.0.1", "--format", "json"], env: env)
        #expect(inside.status == 0, "\(inside.stdout)\n\(inside.stderr)")
        let outside = try await trunkprobe(["smoke", plan, "--bind", "127.0.0.2", "--format", "json"], env: env)
        #expect(outside.status == 2, "\(outside.stdout)\n\(outside.stderr)")
        let checks = try #require(try json(outside.stdout)["checks"] as? [[String: Any]])
        #expect(checks.first { $0["name"] as? String == "outbound smoke-out" }?["verdict"] as? String == "acl_rejected")
    }

    @Test("Vapi: from outside the trunk's IP ACL the edge must refuse (acl_rejected passes); from inside it must admit")
    func vapiACL() async throws {
        let (sandbox, env) = try sandbox()
        defer { sandbox.stop() }
        let (primary, primaryPort) = try responder()
        defer { primary.stop() }
        let (fallback, fallbackPort) = try responder()
        defer { fallback.stop() }
        // Vapi's own addresses (documentation range here): this checker is not among them.
        let outside = try plan(primary: primaryPort, fallback: fallbackPort, acl: ["192.0.2.10/32"], platform: "vapi")
        let refused = try await trunkprobe(["smoke", outside, "--format", "json"], env: env)
        #expect(refused.status == 0, "\(refused.stdout)\n\(refused.stderr)")
        let checks = try #require(try json(refused.stdout)["checks"] as? [[String: Any]])
        let out = try #require(checks.first { $0["name"] as? String == "outbound smoke-out" })
        #expect(out["verdict"] as? String == "acl_rejected" && out["expected"] as? String == "acl_rejected" && out["passed"] as? Bool == true)

        let inside = try plan(primary: primaryPort, fallback: fallbackPort, acl: ["127.0.0.1"], platform: "vapi")
        let admitted = try await trunkprobe(["smoke", inside, "--format", "json"], env: env)
        #expect(admitted.status == 0, "\(admitted.stdout)\n\(admitted.stderr)")
        let inChecks = try #require(try json(admitted.stdout)["checks"] as? [[String: Any]])
        let inOut = try #require(inChecks.first { $0["name"] as? String == "outbound smoke-out" })
        #expect(inOut["verdict"] as? String == "no_challenge" && inOut["expected"] as? String == "no_challenge")
        // Vapi's preset adds no INVITE to the origination URIs: its OPTIONS answer means what it says.
        #expect(inChecks.count == 2)
        for resource in ["trunk", "credential", "uri"] { #expect(try await objects(resource, env: env).isEmpty, "\(resource)") }
    }

    @Test("LiveKit: an origination URI that refuses the INVITE with 404 (no trunk or dispatch rule matches) fails the smoke check")
    func livekitInviteNotRouted() async throws {
        let (sandbox, env) = try sandbox()
        defer { sandbox.stop() }
        let (primary, primaryPort) = try responder(invite: "404")
        defer { primary.stop() }
        let (fallback, fallbackPort) = try responder()
        defer { fallback.stop() }
        let plan = try plan(primary: primaryPort, fallback: fallbackPort)
        let run = try await trunkprobe(["smoke", plan, "--format", "json"], env: env)
        #expect(run.status == 2, "\(run.stdout)\n\(run.stderr)")
        let checks = try #require(try json(run.stdout)["checks"] as? [[String: Any]])
        let refused = try #require(checks.first { $0["name"] as? String == "inbound smoke-in primary" })
        #expect(refused["passed"] as? Bool == false)
        #expect(refused["status"] as? String == "CRITICAL")
        #expect(refused["verdict"] as? String == "no_challenge")  // the probe alone would have called it OK
        #expect(refused["expected"] as? String == "rang or answered")
        let rang = try #require(checks.first { $0["name"] as? String == "inbound smoke-in fallback" })
        #expect(rang["passed"] as? Bool == true)
        #expect((rang["report"] as? [String: Any])?["status_code"] as? Int == 487)
        for resource in ["trunk", "credential", "uri"] { #expect(try await objects(resource, env: env).isEmpty, "\(resource)") }
    }

    @Test("an inbound trunk without a fallback URI: no_fallback, WARNING (exit 1); JUnit written")
    func missingFallback() async throws {
        let (sandbox, env) = try sandbox()
        defer { sandbox.stop() }
        let (primary, primaryPort) = try responder()
        defer { primary.stop() }
        let plan = try plan(primary: primaryPort, fallback: nil)
        let junit = URL(fileURLWithPath: plan).deletingLastPathComponent().appendingPathComponent("smoke.xml").path
        let run = try await trunkprobe(["smoke", plan, "--junit", junit], env: env)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.hasPrefix("SMOKE WARNING"))
        #expect(run.stdout.contains("no_fallback"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        let document = try XMLDocument(xmlString: xml)
        #expect(try document.nodes(forXPath: "//testcase").count >= 2)
        #expect(try document.nodes(forXPath: "//testcase/failure[@type='no_fallback']").count == 1)
    }

    @Test("the edge: digest with the trunk's credential (407, then 403 for a wrong password), OPTIONS 200, unknown domain 404")
    func edgeDigest() async throws {
        let (sandbox, env) = try sandbox()
        defer { sandbox.stop() }
        let (primary, primaryPort) = try responder()
        defer { primary.stop() }
        let plan = try plan(primary: primaryPort, fallback: nil)
        let provision = try await trunkprobe(["provision", plan, "--format", "json"], env: env)
        #expect(provision.status == 0, "\(provision.stderr)")
        let provisioned = try json(provision.stdout)
        #expect(provisioned["writes"] as? Int == 5)  // credential, URI, 2 trunks, 1 number routed
        let trunks = try #require(provisioned["trunks"] as? [[String: Any]])
        let domain = try #require(trunks.first { $0["direction"] as? String == "outbound" }?["domain"] as? String)
        #expect(domain.hasSuffix(".zt.plivo.com"))

        let ok = try await trunkprobe(["invite", domain, "--to", "14155550100", "--username", "smoke01", "--password-env", "SMOKE_PASSWORD",
                                 "--format", "json"], env: env)
        #expect(ok.status == 0, "\(ok.stdout)\n\(ok.stderr)")
        let okReport = try json(ok.stdout)
        #expect(okReport["verdict"] as? String == "auth_ok")
        var wrong = env
        wrong["WRONG_PASSWORD"] = "not-the-one"
        let rejected = try await trunkprobe(["invite", domain, "--to", "14155550100", "--username", "smoke01", "--password-env", "WRONG_PASSWORD",
                                       "--format", "json"], env: wrong)
        #expect(rejected.status == 2)
        let rejectedReport = try json(rejected.stdout)
        #expect(rejectedReport["verdict"] as? String == "auth_rejected")
        #expect(rejectedReport["status_code"] as? Int == 403)
        let exchange = (rejectedReport["exchange"] as? [[String: Any]])?.compactMap { $0["message"] as? String } ?? []
        #expect(exchange.contains { $0.contains("407") })

        let options = try await trunkprobe(["options", domain, "--format", "json"], env: env)
        #expect(options.status == 0)
        #expect(try json(options.stdout)["status_code"] as? Int == 200)
        let unknown = try await trunkprobe(["invite", "99999999999999.zt.plivo.com", "--to", "14155550100", "--format", "json"], env: env)
        #expect(try json(unknown.stdout)["status_code"] as? Int == 404)
        _ = try await trunkprobe(["teardown", plan, "--yes"], env: env)
    }

    @Test("provision checks every secret reference before its first write")
    func secretPrecheck() async throws {
        let (sandbox, env) = try sandbox()
        defer { sandbox.stop() }
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "precheck")
        let file = dir.appendingPathComponent("plan.yaml")
        try """
            version: 1
            credentials:
              - name: first-cred
                username: first01
                password: {env: SMOKE_PASSWORD}
              - name: later-cred
                username: later01
                password: {env: SMOKE_UNSET_PASSWORD}
            """.write(to: file, atomically: true, encoding: .utf8)
        var unset = env
        unset["SMOKE_UNSET_PASSWORD"] = ""
        let run = try await trunkprobe(["provision", file.path, "--format", "json"], env: unset)
        #expect(run.status == 3)
        #expect(run.stderr.contains("SMOKE_UNSET_PASSWORD"))
        #expect(try json(run.stdout)["completed"] as? [Any] != nil)
        #expect(try await objects("credential", env: env).isEmpty)
    }

    @Test("--junit into a directory that does not exist is refused before anything is provisioned")
    func junitDestinationCheckedFirst() async throws {
        let plan = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("probes/plans/livekit.yaml").path
        // No sandbox and no credentials: the run would fail on the API if validation let it start.
        let run = try await trunkprobe(["smoke", plan, "--junit", "/nonexistent-trunkprobe-dir/smoke.xml"], env: [:])
        #expect(run.status == 3)
        #expect(run.stderr == "trunkprobe: --junit /nonexistent-trunkprobe-dir/smoke.xml: no directory /nonexistent-trunkprobe-dir\n")
        #expect(run.stdout.isEmpty)
    }

    @Test("sandbox --verbose logs each request (method, path, status), never the Authorization header")
    func verboseRequestLog() async throws {
        let (sandbox, env) = try sandbox(["--verbose"])
        defer { sandbox.stop() }
        let token = try #require(env["PLIVO_AUTH_TOKEN"])
        _ = try await trunkprobe(["api", "trunk", "list"], env: env)
        var wrong = env
        wrong["PLIVO_AUTH_TOKEN"] = "wrong-token"
        _ = try await trunkprobe(["api", "credential", "list"], env: wrong)
        for _ in 0..<50 where !sandbox.log.contains("Credential/") { usleep(20_000) }
        let log = sandbox.log
        #expect(log.contains("GET /v1/Account/\(env["PLIVO_AUTH_ID"] ?? "")/Zentrunk/Trunk/") && log.contains("→ 200"), "\(log)")
        #expect(log.contains("Zentrunk/Credential/") && log.contains("→ 401"), "\(log)")
        #expect(!log.contains("Basic "))
        #expect(!log.contains("wrong-token"))
        // The token is printed once in the export line (generated for this sandbox), never in a request line.
        #expect(log.components(separatedBy: token).count <= 2)
    }
}
