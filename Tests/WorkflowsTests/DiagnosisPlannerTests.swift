import Knowledge
import Probes
import Testing
import Workflows
import ZentrunkAPI

/// Every hangup code the knowledge base covers, planned from the record alone (no I/O).
@Suite("Diagnosis planner")
struct DiagnosisPlannerTests {
    static func record(_ code: Int, direction: String = "inbound", extra: [String: JSONValue] = [:]) -> CallRecord {
        var object: [String: JSONValue] = [
            "call_uuid": .string("call-\(code)"), "hangup_cause_code": .number(Double(code)), "call_direction": .string(direction),
            "trunk_domain": .string("21784177241578.zt.plivo.com"), "from_number": .string("+14155550100"),
            "to_number": .string("+16505550200"), "hangup_source": .string("zentrunk"),
        ]
        object.merge(extra) { $1 }
        return CallRecord(raw: .object(object))
    }

    static let inbound = Trunk(trunkID: "21784177241578", trunkDomain: "21784177241578.zt.plivo.com", trunkDirection: "inbound",
                               secure: false, primaryURIUUID: "u1", fallbackURIUUID: "u2")
    static let primary = OriginationURI(uriUUID: "u1", uri: "sip.example.com:5060;transport=tcp")
    static let fallback = OriginationURI(uriUUID: "u2", uri: "sip2.example.com:5061;transport=tls")

    static func context(_ code: Int, direction: String = "inbound") -> CallContext {
        CallContext(record: record(code, direction: direction), trunk: inbound, primaryURI: primary, fallbackURI: fallback)
    }

    @Test("each hangup code maps to its cause, with evidence from the record and the knowledge base",
          arguments: KnowledgeBase.shared.hangupCodes)
    func everyCode(entry: HangupCodeEntry) {
        let plan = DiagnosisPlanner().plan(Self.context(entry.code, direction: entry.direction == "outbound" ? "outbound" : "inbound"))
        #expect(plan.cause == entry.cause)
        #expect(plan.evidence.contains { $0.source == "knowledge" && $0.item == "hangup code \(entry.code)" })
        #expect(plan.evidence.contains { $0.source == "record" && $0.item == "hangup_cause_code" && $0.value == "\(entry.code)" })
        #expect(!plan.fix.isEmpty)
        #expect(!plan.summary.isEmpty)
    }

    @Test("an inbound timeout probes both URIs for fail-over and INVITEs each with the called number")
    func inboundTimeoutPlansProbes() {
        let plan = DiagnosisPlanner().plan(Self.context(4170))
        #expect(plan.cause == .originationURITimeout)
        #expect(plan.probes.map(\.kind) == [
            .failover(primary: Self.primary.uri!, fallback: Self.fallback.uri!),
            .invite(target: Self.primary.uri!, number: "+16505550200"),
            .invite(target: Self.fallback.uri!, number: "+16505550200"),
        ])
    }

    @Test("an inbound timeout with no fallback says so and the fix names the command that adds one")
    func inboundTimeoutWithoutFallback() {
        var context = Self.context(4170)
        context.fallbackURI = nil
        context.trunk?.fallbackURIUUID = nil
        let plan = DiagnosisPlanner().plan(context)
        #expect(plan.evidence.contains { $0.item == "fallback origination URI" && $0.value == "none" })
        #expect(plan.fix.contains("trunkprobe api trunk update 21784177241578 --fallback-uri"))
    }

    @Test("an unauthorised call from outside the IP ACL names the source and the ipacl update that admits it")
    func unauthorizedOutsideACL() {
        var context = CallContext(record: Self.record(4180, direction: "outbound", extra: ["source_ip": .string("203.0.113.9")]))
        context.trunk = Trunk(trunkID: "21784177241578", trunkDirection: "outbound", ipaclUUID: "acl1")
        context.ipACL = IPAccessControlList(ipaclUUID: "acl1", ipAddresses: ["44.229.228.186/32", "198.51.100.0/24"])
        let plan = DiagnosisPlanner().plan(context)
        #expect(plan.cause == .unauthorized)
        #expect(plan.evidence.contains { $0.value == "203.0.113.9" && $0.note == "NOT in the IP ACL" })
        #expect(plan.fix.hasPrefix("add 203.0.113.9 to IP ACL acl1: trunkprobe api ipacl update acl1 --ip 44.229.228.186/32 --ip 198.51.100.0/24 --ip 203.0.113.9"))
    }

    @Test("an unauthorised call from inside the ACL is not blamed on the ACL; a credential is tested only when given")
    func unauthorizedCredential() {
        var context = CallContext(record: Self.record(4180, direction: "outbound", extra: ["source_ip": .string("198.51.100.7")]))
        context.trunk = Trunk(trunkID: "1", trunkDomain: "1.zt.plivo.com", trunkDirection: "outbound", ipaclUUID: "acl1", credentialUUID: "c1")
        context.ipACL = IPAccessControlList(ipaclUUID: "acl1", ipAddresses: ["198.51.100.0/24"])
        context.credential = Credential(credentialUUID: "c1", username: "livekit01")
        let without = DiagnosisPlanner().plan(context)
        #expect(without.evidence.contains { $0.note == "inside the IP ACL" })
        #expect(without.probes.isEmpty)
        #expect(without.probesNotPlanned.count == 1)
        let with = DiagnosisPlanner(credentialsGiven: true).plan(context)
        #expect(with.probes.map(\.kind) == [.invite(target: "1.zt.plivo.com", number: "+16505550200")])
    }

    @Test("secure trunking disabled compares the trunk's secure flag with the URIs' transports")
    func secureMismatch() {
        let plan = DiagnosisPlanner().plan(Self.context(4110))
        #expect(plan.cause == .secureTrunkingMismatch)
        #expect(plan.evidence.contains { $0.item == "trunk 21784177241578 secure" && $0.value == "false" })
        #expect(plan.evidence.contains { $0.value == Self.fallback.uri! && $0.note == "TLS" })
        #expect(plan.fix.contains("--secure") && plan.fix.contains("u2"))
    }

    @Test("a normal hangup with poor insights is poor_quality (WARNING); without, normal (OK)")
    func quality() {
        var context = Self.context(3000)
        #expect(DiagnosisPlanner().plan(context).cause == .normal)
        context.insights = CallInsights(raw: .object(["plivo_quality_score": .string("2.1"), "packet_loss": .string("0.5")]))
        let plan = DiagnosisPlanner().plan(context)
        #expect(plan.cause == .poorQuality)
        let diagnosis = DiagnosisPlanner().conclude(plan, context: context, outcomes: [])
        #expect(diagnosis.exitCode == 1)
        #expect(diagnosis.evidence.contains { $0.source == "insights" && $0.item == "plivo_quality_score" && $0.value == "2.1" })
    }

    @Test("an unknown code is `unknown`, and probes that could not run are listed, not dropped")
    func unknownAndNotRun() {
        let context = Self.context(9999)
        let plan = DiagnosisPlanner().plan(context)
        #expect(plan.cause == .unknown)
        let diagnosis = DiagnosisPlanner().conclude(plan, context: context, outcomes: plan.probes.map { ($0, .notRun("no network")) })
        #expect(diagnosis.probesNotRun.count == plan.probes.count)
        #expect(diagnosis.probesNotRun.allSatisfy { $0.hasSuffix("no network") })
        #expect(diagnosis.exitCode == 2)
    }
}

extension HangupCodeEntry: CustomTestStringConvertible {
    public var testDescription: String { "\(code) \(name)" }
}
