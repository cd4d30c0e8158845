import Foundation
import Probes
import Testing

@Suite struct SuiteLoaderTests {
    func load(_ text: String) throws(SuiteError) -> Suite { try SuiteLoader.parse(text, file: "probes/test.yaml") }

    func failure(_ text: String) -> SuiteError? {
        do { _ = try load(text); return nil } catch { return error }
    }

    @Test("the minimum: a checks list of name, check, target and an optional expect")
    func minimum() throws {
        let suite = try load("""
            checks:
              - name: edge answers
                check: options
                target: sip:127.0.0.1:5060
              - name: outside the ACL is rejected
                check: invite
                target: 21784177241578.zt.plivo.com
                to: "14155550100"
                expect: acl_rejected
            """)
        #expect(suite.checks.count == 2)
        #expect(suite.checks[0].kind == .options && suite.checks[0].expect == nil)
        #expect(suite.checks[0].origin == SourceLocation(file: "probes/test.yaml", line: 2))
        #expect(suite.checks[1].expect == CheckExpectation(verdicts: ["acl_rejected"]))
        #expect(suite.checks[1].origin?.line == 5)
    }

    @Test("defaults, credentials by env and file, tags, timeout, pacing, status-code expectations")
    func fullSchema() throws {
        let suite = try load("""
            version: 1
            concurrency: 2
            pacing: 15
            defaults:
              transport: tcp
              timeout: 500ms
              to: "100"
              username: alice
              password: {env: SIP_PASSWORD}
              tags: [smoke]
            checks:
              - name: a
                check: invite
                target: trunk.example.com
                expect: {status: [486, 603], verdict: auth_ok}
              - name: b
                check: options
                target: trunk.example.com
                transport: udp
                timeout: 2
                password: {file: secrets/pw}
                tags: [edge, nightly]
              - name: c
                check: failover
                target: "sip.vapi.ai;transport=udp"
                fallback: "sip.vapi.ai:5080;transport=udp"
                failover_on: [408, 480]
                expect: [healthy, degraded_failover]
            """)
        #expect(suite.concurrency == 2 && suite.pacing == .seconds(15))
        let a = suite.checks[0], b = suite.checks[1], c = suite.checks[2]
        #expect(a.transport == .tcp && a.timeout == .milliseconds(500) && a.to == "100" && a.tags == ["smoke"])
        #expect(a.credential == CredentialReference(username: "alice", password: .environment("SIP_PASSWORD")))
        #expect(a.expect == CheckExpectation(verdicts: ["auth_ok"], statusCodes: [486, 603]))
        #expect(b.transport == .udp && b.timeout == .seconds(2) && b.tags == ["edge", "nightly"])
        #expect(b.credential?.password == .file("probes/secrets/pw"))
        #expect(c.fallback == "sip.vapi.ai:5080;transport=udp" && c.failoverOn == [408, 480])
        #expect(suite.selecting(tags: ["edge"]).checks.map(\.name) == ["b"])
        #expect(suite.selecting(tags: []).checks.count == 3)
    }

    @Test("every error names the file, the line and the key", arguments: [
        ("checks:\n  - name: a\n    check: options\n    targte: x\n", 4, "targte", "unknown key"),
        ("checks:\n  - name: a\n    check: ping\n    target: x\n", 3, "check", "not a check"),
        ("checks:\n  - name: a\n    check: options\n", 2, "target", "is required"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n    expect: great\n", 5, "expect", "not a verdict of options checks"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n    expect: 999\n", 5, "expect", "not a SIP status code"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n    username: u\n    password: hunter2\n", 6, "password", "literal password"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n  - name: a\n    check: options\n    target: y\n", 5, "name", "used twice"),
        ("checks:\n  - name: a\n    check: invite\n    target: x\n", 2, "to", "needs the number"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n    timeout: -1\n", 5, "timeout", "seconds"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n    transport: sctp\n", 5, "transport", "not a transport"),
        ("checks:\n  - name: a\n    check: options\n    target: x\n    fallback: y\n", 5, "fallback", "only a failover"),
        ("checks:\n  - name: a\n    check: options\n    target: \"sip:\"\n", 4, "target", "not a target"),
        ("checks:\n  - name: a\n   check: options\n", 3, nil, "invalid YAML"),
        ("version: 2\nchecks: []\n", 1, "version", "must be 1"),
        ("nothing: here\n", 1, "nothing", "unknown key"),
        ("presets:\n  - platform: skype\n", 2, "platform", "not a platform"),
        // An empty suite is a mistake, not a run that passes by checking nothing.
        ("version: 1\nchecks: []\n", 2, "checks", "is empty"),
        ("checks:\n", 1, "checks", "must be a list"),
        // Keys under defaults: are named as such.
        ("defaults:\n  transport: pigeon\nchecks:\n  - {name: a, check: options, target: x}\n", 2, "defaults.transport", "not a transport"),
        ("defaults:\n  to: [1, 2]\nchecks:\n  - {name: a, check: options, target: x}\n", 2, "defaults.to", "non-empty string"),
        // YAML 1.1 merge keys get their own explanation.
        ("checks:\n  - &a {name: a, check: options, target: x}\n  - <<: *a\n    name: b\n", 3, "<<", "merge keys"),
        ("checks:\n  - name: a\n    check: invite\n    to: \"1\"\n    target: x\n    expect: healthy\n", 6, "expect", "not a verdict of invite checks"),
    ] as [(String, Int, String?, String)])
    func errorsNameFileLineKey(text: String, line: Int, key: String?, message: String) {
        let error = failure(text)
        #expect(error != nil, "accepted: \(text)")
        guard let error else { return }
        #expect(error.location?.file == "probes/test.yaml")
        #expect(error.location?.line == line, "\(error)")
        #expect(error.key == key, "\(error)")
        #expect(error.message.contains(message), "\(error)")
        #expect(error.description.hasPrefix("probes/test.yaml:\(line): "), "\(error)")
    }

    @Test("checks and presets are run and reported in the order the file gives them")
    func fileOrder() throws {
        let suite = try load("""
            presets:
              - platform: self-hosted
                name: pbx
                primary_uri: "pbx1.example.com;transport=udp"
            checks:
              - name: after the preset
                check: options
                target: sip:127.0.0.1:5070
            """)
        #expect(suite.checks.map(\.name) == ["pbx inbound: origination URIs and fail-over", "after the preset"])
        #expect(suite.checks.map { $0.origin?.line } == [2, 6])
    }

    @Test("a password is read only when asked for, and a missing variable names the check's file and line")
    func credentialsResolve() throws {
        let suite = try load("""
            checks:
              - name: a
                check: invite
                target: x.example.com
                to: "1"
                username: alice
                password: {env: TRUNKPROBE_TEST_UNSET_VARIABLE}
            """)
        let reference = try #require(suite.checks[0].credential)
        #expect(try reference.resolve(environment: ["TRUNKPROBE_TEST_UNSET_VARIABLE": "pw"]).password == "pw")
        let runner = SuiteRunner(environment: [:], logger: .init(label: "test"))
        do {
            try runner.preflight(suite.checks)
            Issue.record("a missing variable passed the preflight")
        } catch {
            #expect(error.location?.line == 2)
            #expect(error.description.contains("TRUNKPROBE_TEST_UNSET_VARIABLE"))
        }
    }

    @Test("every shipped example suite loads")
    func examples() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("probes/examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".yaml") }
        #expect(files.count >= 3)
        for file in files {
            let suite = try SuiteLoader.load(path: dir.appendingPathComponent(file).path)
            #expect(!suite.checks.isEmpty, "\(file)")
        }
    }
}
