import Foundation
@testable import Probes
@testable import Provisioning
@testable import Reporting
import Sandbox
import SIPClient
import TestSupport
import Testing
@testable import Workflows
import ZentrunkAPI

/// The results of `provision`, `teardown` and `smoke` rendered by the Reporting module: the JSON is the same
/// bytes the commands' own snake-case encoders wrote before (docs/json.md pins the keys), and the text keeps
/// its status line first within 80 columns.
@Suite("Provision and smoke results rendered by Reporting")
struct ReportingRenderTests {
    /// The encoder `provision`, `teardown` and `smoke` used before their results moved onto `JSONLine`.
    static func legacyJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The old `ProvisionFailure` JSON shape, encoded with the old key strategy.
    struct LegacyFailureShape: Encodable {
        var failedStep: String
        var error: String
        var completed: [ProvisionStep]
        var notAttempted: [String]
    }

    static let steps = [
        ProvisionStep(kind: "credential", name: "lk-cred", action: .create, id: "c-1", detail: nil,
                      request: "POST Credential/ {\"username\":\"livekit01\",\"password\":\"<redacted>\"}", executed: true),
        ProvisionStep(kind: "trunk", name: "lk-out", action: .unchanged, id: "t-1", detail: "primary_uri, fallback_uri",
                      request: nil, executed: true),
    ]

    static func probe(verdict: Verdict = .authOK, status: ProbeStatus = .ok) -> ProbeReport {
        var r = ProbeReport.blank(check: "invite", target: "1234.zt.plivo.com", requestURI: "sip:14155550100@1234.zt.plivo.com",
                                  transport: .udp, remoteAddress: "127.0.0.1:5062")
        r.verdict = verdict
        r.status = status
        r.statusCode = 180
        r.reason = "Ringing"
        r.rttMs = 12.345
        r.headers = ["user-agent": "edge/1.0", "server": "kamailio"]
        r.auth = AuthFacts(username: "livekit01", challengedWith: 407, realm: "zt.plivo.com", algorithm: "MD5", qop: "auth",
                           attemptsWithCredentials: 1, staleRetried: false)
        r.exchange = [.init(direction: "sent", message: "INVITE sip:14155550100@1234.zt.plivo.com", atMs: 0),
                      .init(direction: "received", message: "SIP/2.0 180 Ringing", atMs: 12.345)]
        r.resolution = [.init(type: "SRV", name: "_sip._udp.1234.zt.plivo.com", value: "10 0 5062 edge.test.", ttl: 60),
                        .init(type: "A", name: "edge.test", value: "127.0.0.1", ttl: 60)]
        r.attempts = [.init(remoteAddress: "127.0.0.1:5999", transport: .udp, verdict: .timeout, statusCode: nil),
                      .init(remoteAddress: "127.0.0.1:5062", transport: .udp, verdict: verdict, statusCode: 180)]
        r.explanation = "the edge challenged with 407 and accepted the credential"
        r.hint = "nothing to do"
        r.timestamp = Date(timeIntervalSince1970: 1_700_000_000)
        return r
    }

    static func smoke(passing: Bool = true) -> SmokeReport {
        let outbound = SmokeCheckResult(name: "outbound lk-out", check: "invite", target: "1234.zt.plivo.com", expected: "auth_ok",
                                        detail: .probe(probe(verdict: passing ? .authOK : .authRejected,
                                                             status: passing ? .ok : .critical))) { _ in passing }
        let missing = SmokeCheckResult(name: "inbound lk-in", check: "failover", target: "lk-primary", expected: "healthy",
                                       detail: .missing("the trunk lk-in is not on the account")) { _ in false }
        var report = SmokeReport(plan: "probes/plans/livekit.yaml", platform: .livekit, mode: .provisioned)
        report.provisioned = steps
        report.checks = passing ? [outbound] : [outbound, missing]
        report.tornDown = [ProvisionStep(kind: "trunk", name: "lk-out", action: .delete, id: "t-1", detail: nil, request: nil, executed: true)]
        return report
    }

    @Test("provision's JSON through JSONLine: the same bytes as before, every key snake_case")
    func provisionJSON() throws {
        let report = ProvisionReport(steps: Self.steps, trunks: [.init(name: "lk-out", id: "t-1", domain: "t-1.zt.plivo.com", direction: "outbound")],
                                     dryRun: true)
        let line = JSONLine.encode(report)
        #expect(line == (try Self.legacyJSON(report)))
        #expect(line.contains(#""dry_run":true"#) && line.contains(#""writes":1"#) && !line.contains("\n"))
    }

    @Test("a failed provision's JSON: failed_step, error, completed, not_attempted, the same bytes as before")
    func provisionFailureJSON() throws {
        let failure = ProvisionFailure(completed: Self.steps, failedStep: "uri lk-fallback (create)",
                                       underlying: PlanError(line: 12, "URI_PASSWORD is not set"), notAttempted: ["trunk lk-in"])
        let legacy = LegacyFailureShape(failedStep: failure.failedStep, error: "\(failure.underlying)", completed: Self.steps,
                                        notAttempted: failure.notAttempted)
        let line = JSONLine.encode(failure)
        #expect(line == (try Self.legacyJSON(legacy)))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["failed_step", "error", "completed", "not_attempted"])
    }

    @Test("smoke's JSON through JSONLine: the same bytes as before, with the probe reports inside")
    func smokeJSON() throws {
        for report in [Self.smoke(), Self.smoke(passing: false)] {
            let line = SmokeRenderer.render(report, format: .json)
            #expect(line == (try Self.legacyJSON(report)))
            #expect(line.contains(#""torn_down":["#) && line.contains(#""exit_code":"#) && line.contains(#""rtt_ms":12.345"#))
        }
    }

    @Test("smoke's text: the status line first, folded to 80 columns, the answering server named")
    func smokeText() {
        let text = SmokeRenderer.render(Self.smoke(), format: .text)
        #expect(text == """
            SMOKE OK: 1/1 checks passed (probes/plans/livekit.yaml, platform livekit,
              provisioned)
              PASS outbound lk-out: auth_ok (expected auth_ok)
                   invite 1234.zt.plivo.com
                   failed over answered by 127.0.0.1:5062, server 2 of those tried, not the
                     first; before it: 127.0.0.1:5999 (timeout)
                   the edge challenged with 407 and accepted the credential
            provisioned: 1 write; torn down: 1 deleted
            """)
        let failing = SmokeRenderer.render(Self.smoke(passing: false), format: .text)
        let lines = failing.split(separator: "\n")
        #expect(lines.first?.hasPrefix("SMOKE CRITICAL: 0/2 checks passed") == true)
        #expect(lines.contains("       hint: run `trunkprobe provision` with this plan first"))
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
    }

    @Test("smoke's JUnit, Nagios and Prometheus come from the shared renderers, one case per check")
    func smokeCheckFormats() {
        let report = Self.smoke(passing: false)
        let junit = SmokeRenderer.render(report, format: .junit)
        #expect(junit.contains(#"tests="2" failures="2""#) && junit.contains(#"classname="trunkprobe.livekit""#))
        #expect(SmokeRenderer.junit(report) .contains(#"name="inbound lk-in""#))
        #expect(SmokeRenderer.render(report, format: .nagios).hasPrefix("TRUNKPROBE CRITICAL - 0 of 2 checks OK"))
        #expect(SmokeRenderer.render(report, format: .prometheus).contains(#"trunkprobe_check_success{suite="probes/plans/livekit.yaml",check="outbound lk-out""#))
    }

    @Test("provision and teardown text: ids on one line per trunk, then the count")
    func provisionText() {
        let report = ProvisionReport(steps: Self.steps, trunks: [.init(name: "lk-out", id: "t-1", domain: "t-1.zt.plivo.com", direction: "outbound")],
                                     dryRun: false)
        #expect(ProvisionTextRenderer.provisioned(report)
                == "trunk lk-out: trunk_id t-1  trunk_domain t-1.zt.plivo.com  (outbound)\nmade 1 write; 1 resource unchanged")
        #expect(ProvisionTextRenderer.tornDown(ProvisionReport(steps: [], trunks: [], dryRun: false))
                == "nothing to delete: none of the plan's resources exist")
        #expect(ProvisionTextRenderer.step(Self.steps[0]) == "credential lk-cred: created (c-1)")
        var dry = Self.steps[0]
        dry.executed = false
        #expect(ProvisionTextRenderer.step(dry)
                == "credential lk-cred: would create (c-1)\n    POST Credential/ {\"username\":\"livekit01\",\"password\":\"<redacted>\"}")
        #expect(ProvisionTextRenderer.step(Self.steps[1]) == "trunk lk-out: unchanged (t-1) - primary_uri, fallback_uri")
        let deletes = ProvisionReport(steps: [Self.steps[0], Self.steps[0]].map { var s = $0; s.action = .delete; return s }, trunks: [], dryRun: true)
        #expect(ProvisionTextRenderer.tornDown(deletes) == "would delete 2 resources")
    }

    @Test("provision's JSON against the sandbox: steps, trunks, writes and summary, no secret")
    func provisionJSONLive() async throws {
        let plan = try ProvisioningPlan(yaml: """
            version: 1
            credentials:
              - name: lk-cred
                username: livekit01
                password: {env: LK_PASSWORD}
            trunks:
              - name: lk-out
                direction: outbound
                credential: lk-cred
            """)
        let password = "Lk!pass12345"
        try await SandboxHarness.with { harness in
            let report = try await Provisioner(client: harness.client())
                .apply(plan, options: Provisioner.Options(environment: ["LK_PASSWORD": password]))
            let line = JSONLine.encode(report)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["writes"] as? Int == 2)
            #expect((object["steps"] as? [[String: Any]])?.first?["action"] as? String == "create")
            #expect((object["trunks"] as? [[String: Any]])?.count == 1)
            #expect(object["dry_run"] as? Bool == false)
            #expect(!line.contains(password))
        }
    }

    @Test("doctor and diagnose text: the status line first, nothing wider than 80 columns but an unbreakable word or command")
    func doctorAndDiagnoseWidth() {
        let long = String(repeating: "the trunk's fallback URI points at the same host as its primary ", count: 3)
        let doctor = DoctorReport(platform: "livekit",
                                  findings: [DoctorFinding(.fallbackEqualsPrimary, .warning, resource: "trunk lk-in (t-1)", message: long,
                                                           fix: "run `trunkprobe api uri update u-2 --uri sip:b.example.com:5060;transport=tcp` to point it elsewhere"),
                                             DoctorFinding(.inboundWithoutFallback, .warning, resource: "trunk lk-in (t-1)", message: "no fallback",
                                                           fix: "trunkprobe api uri update 1808a7c5-181f-4917-b7c3-734206ec81ee --uri '127.0.0.1:9;transport=tcp'")],
                                  probes: [Self.probe()], counts: ["trunks": 2])
        let diagnosis = CallDiagnosis(callUUID: "c0ffee", hangupCode: 3000, hangupCause: "Unknown", hangupSource: "carrier",
                                      direction: "outbound", cause: .mediaTimeout, summary: long,
                                      evidence: [DiagnosisEvidence(source: "api", item: "hangup", value: long, note: "from the CDR")],
                                      fix: "see https://www.plivo.com/docs/sip-trunking/troubleshooting/hangup-causes-and-codes/#media-timeout-and-what-it-means-for-you",
                                      probes: [], probesNotRun: [], exitCode: 2)
        for (text, first) in [(DoctorTextRenderer.render(doctor), "WARNING: doctor:"), (DiagnosisTextRenderer.render(diagnosis), "CRITICAL: call c0ffee")] {
            let lines = text.split(separator: "\n")
            #expect(lines.first?.hasPrefix(first) == true, "\(text)")
            // Only a word or a command longer than a line may exceed it, alone on its line.
            #expect(lines.allSatisfy { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return line.count <= 80 || !trimmed.contains(" ") || trimmed.hasPrefix("trunkprobe ")
            }, "\(text)")
        }
        // A URL longer than a line is not cut: it stands whole on its own line.
        #expect(DiagnosisTextRenderer.render(diagnosis).contains("https://www.plivo.com/docs/sip-trunking/troubleshooting/hangup-causes-and-codes/#media-timeout-and-what-it-means-for-you"))
        // A command is not folded inside: in backticks, or a bare `trunkprobe ...` fix longer than a line.
        #expect(DoctorTextRenderer.render(doctor).contains("\n    trunkprobe api uri update 1808a7c5-181f-4917-b7c3-734206ec81ee --uri '127.0.0.1:9;transport=tcp'"))
        #expect(DoctorTextRenderer.render(doctor).contains("`trunkprobe api uri update u-2 --uri sip:b.example.com:5060;transport=tcp`"))
    }
}
