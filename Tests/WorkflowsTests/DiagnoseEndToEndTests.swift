import Foundation
import Knowledge
import Logging
import Probes
import SIPClient
import SIPCore
import Testing
import TestSupport
import Workflows
import ZentrunkAPI

/// `diagnose` and `doctor` against the sandbox over real HTTP, with real SIP peers standing in for the
/// platform: an in-process responder, and a port where nothing listens.
@Suite("diagnose and doctor end to end")
struct DiagnoseEndToEndTests {
    static let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    static func runner(enabled: Bool = true) throws -> PlannedProbeRunner {
        PlannedProbeRunner(settings: ProbeSettings(target: try ProbeTarget(parsing: "127.0.0.1"), timeout: .seconds(3)),
                           enabled: enabled, logger: logger)
    }

    /// An inbound trunk on the sandbox whose primary (and fallback) URIs are `primary` (`fallback`); returns its id.
    static func inboundTrunk(_ client: ZentrunkClient, primary: String, fallback: String? = nil) async throws -> String {
        let p = try await client.createURI(URIParameters(name: "primary", uri: primary)).id ?? ""
        var f: String?
        if let fallback { f = try await client.createURI(URIParameters(name: "fallback", uri: fallback)).id }
        return try await client.createTrunk(TrunkParameters(name: "inbound", direction: "inbound", primaryURIUUID: p, fallbackURIUUID: f)).trunkID
    }

    static func call(_ code: Int, trunk: String, direction: String = "inbound", extra: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var record: [String: JSONValue] = [
            "call_uuid": .string("e2e-\(code)-\(UUID().uuidString.prefix(8))"), "call_direction": .string(direction),
            "hangup_cause_code": .number(Double(code)), "hangup_source": .string("zentrunk"),
            "trunk_domain": .string("\(trunk).zt.plivo.com"), "from_number": .string("+14155550100"), "to_number": .string("+16505550200"),
        ]
        record.merge(extra) { $1 }
        return record
    }

    static func diagnose(_ harness: SandboxHarness, _ record: [String: JSONValue], insights: [String: JSONValue]? = nil,
                         credentialsGiven: Bool = false, probes: Bool = true) async throws -> CallDiagnosis {
        await harness.state.addCall(record, insights: insights)
        let diagnoser = CallDiagnoser(client: harness.client(), planner: DiagnosisPlanner(credentialsGiven: credentialsGiven),
                                      runner: try runner(enabled: probes))
        return try await diagnoser.diagnose(callUUID: record["call_uuid"]!.stringValue!)
    }

    @Test("4170 with a primary where nothing listens and no fallback: the probes show it refused and nothing takes over")
    func inboundTimeoutDeadPrimary() async throws {
        let dead = RefusingTCPPort()
        try await SandboxHarness.with { harness in
            let trunk = try await Self.inboundTrunk(harness.client(), primary: "127.0.0.1:\(dead.port);transport=tcp")
            let diagnosis = try await Self.diagnose(harness, Self.call(4170, trunk: trunk))
            #expect(diagnosis.cause == .originationURITimeout)
            #expect(diagnosis.exitCode == 2)
            #expect(diagnosis.probes.contains { $0.verdict == .refused })
            #expect(diagnosis.evidence.contains { $0.source == "probe" && $0.value == "down" })
            #expect(diagnosis.fix.contains("--fallback-uri"))
        }
    }

    @Test("4170 with a primary that answers now: the fix says the URI answers now")
    func inboundTimeoutPrimaryAnswers() async throws {
        let responder = SIPResponder(behaviour: ResponderBehaviour(invite: .final(486)), logger: Self.logger)
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        try await SandboxHarness.with { harness in
            let trunk = try await Self.inboundTrunk(harness.client(), primary: "127.0.0.1:\(bound[0].port);transport=udp",
                                                    fallback: "127.0.0.1:\(bound[0].port);transport=udp")
            let diagnosis = try await Self.diagnose(harness, Self.call(4170, trunk: trunk))
            #expect(diagnosis.cause == .originationURITimeout)
            #expect(diagnosis.fix.hasPrefix("the primary URI answers now"))
            #expect(diagnosis.probes.filter { $0.check == "invite" }.count == 2)
        }
    }

    @Test("4090: the primary URI answers the called number with 404, shown as probe evidence")
    func destinationNotFound() async throws {
        let responder = SIPResponder(behaviour: ResponderBehaviour(invite: .final(404)), logger: Self.logger)
        let bound = try await responder.start([.init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        try await SandboxHarness.with { harness in
            let trunk = try await Self.inboundTrunk(harness.client(), primary: "127.0.0.1:\(bound[0].port);transport=tcp")
            let diagnosis = try await Self.diagnose(harness, Self.call(4090, trunk: trunk))
            #expect(diagnosis.cause == .destinationNotFound)
            let invite = try #require(diagnosis.probes.first { $0.check == "invite" })
            #expect(invite.statusCode == 404)
            #expect(invite.requestURI.contains("+16505550200"))
        }
    }

    @Test("4180 from a source outside the trunk's IP ACL, read through the API")
    func unauthorizedACL() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let acl = try await client.createIPAccessControlList(IPACLParameters(name: "vapi", ipAddresses: ["44.229.228.186/32"])).id ?? ""
            let trunk = try await client.createTrunk(TrunkParameters(name: "out", direction: "outbound", ipaclUUID: acl)).trunkID
            let diagnosis = try await Self.diagnose(harness, Self.call(4180, trunk: trunk, direction: "outbound",
                                                                        extra: ["source_ip": .string("203.0.113.9")]))
            #expect(diagnosis.cause == .unauthorized)
            #expect(diagnosis.evidence.contains { $0.value == "203.0.113.9" && $0.note == "NOT in the IP ACL" })
            #expect(diagnosis.fix.contains("trunkprobe api ipacl update \(acl)"))
        }
    }

    @Test("without probes it still explains from the record and lists what it did not run; insights are evidence")
    func noProbes() async throws {
        try await SandboxHarness.with { harness in
            let trunk = try await Self.inboundTrunk(harness.client(), primary: "127.0.0.1:9;transport=tcp")
            let diagnosis = try await Self.diagnose(harness, Self.call(4170, trunk: trunk), insights: ["rtt": .string("210")], probes: false)
            #expect(diagnosis.cause == .originationURITimeout)
            #expect(diagnosis.probes.isEmpty)
            #expect(diagnosis.probesNotRun.count == 2)
            #expect(diagnosis.evidence.contains { $0.source == "insights" && $0.item == "rtt" && $0.value == "210" })
        }
    }

    @Test("doctor on a misconfigured account: each mistake is a finding with its rule, and the exit code is the worst")
    func doctorFindsMistakes() async throws {
        let dead = RefusingTCPPort()
        try await SandboxHarness.with { harness in
            let client = harness.client()
            _ = try await Self.inboundTrunk(client, primary: "127.0.0.1:\(dead.port);transport=tcp")
            let credential = try await client.createCredential(CredentialParameters(name: "c", username: "vapi01", password: Secret("pw-123456789"))).id ?? ""
            let outbound = try await client.createTrunk(TrunkParameters(name: "out", direction: "outbound", credentialUUID: credential)).trunkID
            _ = try await client.createURI(URIParameters(name: "spare", uri: "spare.example.com;transport=tcp"))
            await harness.state.setRoute(number: "14155550100", trunkID: outbound)
            await harness.state.setRoute(number: "14155550101", trunkID: "99999999999999")
            let report = try await AccountDoctor(client: client, rules: AccountRules(platform: KnowledgeBase.shared.platform("vapi")),
                                                 runner: try Self.runner()).run()
            let rules = Set(report.findings.map(\.rule))
            #expect(rules.isSuperset(of: [.inboundWithoutFallback, .platformNeedsIPACL, .uriUnused, .numberRoutedToOutboundTrunk,
                                          .numberRoutedToMissingTrunk, .uriUnreachable]))
            #expect(report.exitCode == 2)
            #expect(report.counts["numbers"] == 2)
            #expect(report.findings.first?.severity == .critical)
            #expect(report.probes.count == 1 && report.probes[0].verdict == .refused)
        }
    }

    @Test("doctor for LiveKit: a URI that answers OPTIONS is only info that OPTIONS proves little there, not a pass")
    func doctorLiveKitOptions() async throws {
        let responder = SIPResponder(logger: Self.logger)
        let bound = try await responder.start([.init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        try await SandboxHarness.with { harness in
            let uri = "127.0.0.1:\(bound[0].port);transport=tcp"
            _ = try await Self.inboundTrunk(harness.client(), primary: uri, fallback: uri)
            let report = try await AccountDoctor(client: harness.client(), rules: AccountRules(platform: KnowledgeBase.shared.platform("livekit")),
                                                 runner: try Self.runner()).run()
            #expect(report.probes.count == 2 && report.probes.allSatisfy { $0.verdict == .ok })
            #expect(report.findings.contains { $0.rule == .optionsNotProof && $0.severity == .info && $0.fix.contains("trunkprobe invite") })
            #expect(!report.findings.contains { $0.rule == .uriUnreachable })
        }
    }

    @Test("doctor --trace: the URI probes' SIP messages on stderr after the run, and as each probe's trace in JSON")
    func doctorTrace() async throws {
        let responder = SIPResponder(logger: Self.logger)
        let bound = try await responder.start([.init(transport: .tcp, host: "127.0.0.1", port: 0)])
        defer { Task { await responder.stop() } }
        try await SandboxHarness.with { harness in
            let uri = "127.0.0.1:\(bound[0].port);transport=tcp"
            _ = try await Self.inboundTrunk(harness.client(), primary: uri, fallback: uri)
            let environment = ["PLIVO_API_URL": harness.baseURL, "PLIVO_AUTH_ID": SandboxHarness.authID,
                               "PLIVO_AUTH_TOKEN": SandboxHarness.token]
            let run = try await CommandRun.run(CommandRun.trunkprobe, ["doctor", "--format", "json", "--trace", "--timeout", "2"],
                                               environment: environment)
            #expect(run.stderr.contains("OPTIONS sip:"), "\(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            let probes = try #require(object["probes"] as? [[String: Any]])
            #expect(!probes.isEmpty)
            #expect(probes.allSatisfy { (($0["trace"] as? [Any])?.count ?? 0) >= 2 }, "\(probes)")
            #expect(!run.stderr.contains(SandboxHarness.token) && !run.stdout.contains(SandboxHarness.token))
        }
    }

    @Test("the CLI: --format json has the documented keys, no secret appears, an unknown call exits 3 with one line")
    func commandLine() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let credential = try await client.createCredential(CredentialParameters(name: "c", username: "livekit01", password: Secret("pw-123456789"))).id ?? ""
            let trunk = try await client.createTrunk(TrunkParameters(name: "out", direction: "outbound", credentialUUID: credential)).trunkID
            let record = Self.call(4180, trunk: trunk, direction: "outbound")
            await harness.state.addCall(record)
            let environment = ["PLIVO_API_URL": harness.baseURL, "PLIVO_AUTH_ID": SandboxHarness.authID,
                               "PLIVO_AUTH_TOKEN": SandboxHarness.token, "TP_SECRET": "s3cret-sip-password"]
            let run = try await CommandRun.run(CommandRun.trunkprobe, ["diagnose", record["call_uuid"]!.stringValue!, "--format", "json",
                                                                  "--username", "livekit01", "--password-env", "TP_SECRET", "--timeout", "1"],
                                         environment: environment)
            #expect(run.status == 2, "\(run.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
            for key in ["call_uuid", "hangup_code", "hangup_cause", "cause", "evidence", "fix", "probes", "exit_code"] {
                #expect(object.keys.contains(key), "missing \(key)")
            }
            #expect(object["cause"] as? String == "unauthorized")
            #expect(object["exit_code"] as? Int == 2)
            for secret in ["s3cret-sip-password", SandboxHarness.token, "pw-123456789"] {
                #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret))
            }
            let missing = try await CommandRun.run(CommandRun.trunkprobe, ["diagnose", "no-such-call"], environment: environment)
            #expect(missing.status == 3)
            #expect(missing.stderr.split(separator: "\n").count == 1, "\(missing.stderr)")
        }
    }
}
