import TestSupport
import Foundation
@testable import Provisioning
import Sandbox
import Testing
import ZentrunkAPI

@Suite("Provisioning plans against the sandbox")
struct ProvisioningTests {
    static let password = "Lk!pass12345"
    static let environment = ["LK_PASSWORD": password, "URI_PASSWORD": "Ur1!secret"]

    static let planText = """
        version: 1
        credentials:
          - name: lk-cred
            username: livekit01
            password: {env: LK_PASSWORD}
        ip_acls:
          - name: lk-ips
            ip_addresses: [52.1.2.3, 52.1.2.4/32]
        uris:
          - name: lk-primary
            uri: "abc.sip.livekit.cloud;transport=tcp"
          - name: lk-fallback
            uri: "abc.sip.livekit.cloud:5061;transport=tls"
            authentication:
              username: plivo01
              password: {env: URI_PASSWORD}
        trunks:
          - name: lk-out
            direction: outbound
            credential: lk-cred
            ip_acl: lk-ips
          - name: lk-in
            direction: inbound
            primary_uri: lk-primary
            fallback_uri: lk-fallback
            secure: true
        numbers:
          - number: "14155550100"
            trunk: lk-in
        """

    static func plan(_ text: String = planText) throws -> ProvisioningPlan { try ProvisioningPlan(yaml: text) }

    static func options(dryRun: Bool = false, rotate: Bool = false) -> Provisioner.Options {
        Provisioner.Options(dryRun: dryRun, rotatePasswords: rotate, environment: environment)
    }

    @Test("First run creates everything; the second run makes zero writes and says so")
    func idempotent() async throws {
        try await SandboxHarness.with { harness in
            let provisioner = Provisioner(client: harness.client())
            let first = try await provisioner.apply(try Self.plan(), options: Self.options())
            #expect(first.writes == 7)
            #expect(await harness.state.writeCount == 7)
            #expect(first.trunks.count == 2)
            for trunk in first.trunks { #expect(trunk.domain == "\(trunk.id).zt.plivo.com") }
            let inbound = try #require(first.trunks.first { $0.name == "lk-in" })
            #expect(await harness.state.routedTrunk(ofNumber: "14155550100") == inbound.id)

            let second = try await provisioner.apply(try Self.plan(), options: Self.options())
            #expect(second.writes == 0)
            #expect(second.steps.allSatisfy { $0.action == .unchanged })
            #expect(second.summary.contains("0 writes"))
            #expect(await harness.state.writeCount == 7)
            #expect(second.trunks.map(\.id) == first.trunks.map(\.id))
        }
    }

    @Test("--rotate-passwords rewrites only the credential's and the authenticated URI's passwords")
    func rotate() async throws {
        try await SandboxHarness.with { harness in
            let provisioner = Provisioner(client: harness.client())
            _ = try await provisioner.apply(try Self.plan(), options: Self.options())
            let report = try await provisioner.apply(try Self.plan(), options: Self.options(rotate: true))
            let writes = report.steps.filter(\.isWrite).map { "\($0.kind) \($0.name)" }
            #expect(writes == ["credential lk-cred", "uri lk-fallback"])
        }
    }

    @Test("What differs is updated: a changed ACL list and trunk status, nothing else")
    func updatesDifferences() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            let provisioner = Provisioner(client: client)
            _ = try await provisioner.apply(try Self.plan(), options: Self.options())
            let changed = Self.planText
                .replacingOccurrences(of: "[52.1.2.3, 52.1.2.4/32]", with: "[52.1.2.3, 52.9.9.9]")
                .replacingOccurrences(of: "    ip_acl: lk-ips\n", with: "    ip_acl: lk-ips\n    status: disabled\n")
            let report = try await provisioner.apply(try Self.plan(changed), options: Self.options())
            #expect(report.steps.filter(\.isWrite).map(\.name) == ["lk-ips", "lk-out"])
            let acl = try #require(try await client.allIPAccessControlLists().first)
            #expect(acl.ipAddresses == ["52.1.2.3", "52.9.9.9"])
            let trunk = try #require(try await client.allTrunks().first { $0.name == "lk-out" })
            #expect(trunk.trunkStatus == "disabled")
            #expect(trunk.trunkDirection == "outbound")
        }
    }

    @Test("Dry run: reads only, reports the writes it would make, shows no secret")
    func dryRun() async throws {
        try await SandboxHarness.with { harness in
            let report = try await Provisioner(client: harness.client()).apply(try Self.plan(), options: Self.options(dryRun: true))
            #expect(report.writes == 7)
            #expect(await harness.state.writeCount == 0)
            #expect(await harness.state.count(.credential) == 0)
            // Everything a step carries (its text is rendered by Reporting from these fields).
            let text = report.steps.map { "\($0.kind) \($0.name) \($0.detail ?? "") \($0.request ?? "")" }.joined(separator: "\n")
            #expect(!text.contains(Self.password))
            #expect(!text.contains("Ur1!secret"))
            #expect(text.contains("POST Zentrunk/Credential/"))
            #expect(text.contains("env LK_PASSWORD"))
        }
    }

    @Test("Teardown deletes trunks before URIs, credentials and ACLs; a second teardown finds nothing")
    func teardownOrder() async throws {
        try await SandboxHarness.with { harness in
            let provisioner = Provisioner(client: harness.client())
            _ = try await provisioner.apply(try Self.plan(), options: Self.options())
            await harness.state.clearLog()
            let report = try await provisioner.teardown(try Self.plan())
            #expect(report.writes == 6)
            let deletes = await harness.state.log.filter { $0.method == "DELETE" }.map(\.path)
            #expect(deletes.count == 6)
            let kinds = deletes.map { $0.split(separator: "/")[1] }
            #expect(kinds == ["Trunk", "Trunk", "URI", "URI", "Credential", "IPAccessControlList"])
            for resource in [ZentrunkResource.trunk, .uri, .credential, .ipAccessControlList] {
                #expect(await harness.state.count(resource) == 0)
            }
            #expect(await harness.state.routedTrunk(ofNumber: "14155550100") == nil)
            let again = try await provisioner.teardown(try Self.plan())
            #expect(again.writes == 0)
            #expect(again.steps.allSatisfy { $0.action == .absent })
        }
    }

    @Test("A failure before any write says to fix the cause first: re-running alone would fail the same way")
    func failureBeforeAnyWrite() {
        struct Unset: Error, CustomStringConvertible { var description: String { "env TRUNKPROBE_X is not set" } }
        let failure = ProvisionFailure(completed: [], failedStep: "credential lk-cred: reading {env: TRUNKPROBE_X} (before any write)",
                                       underlying: Unset(), notAttempted: ["credential lk-cred"])
        #expect(failure.description.contains("nothing was changed before the failure"))
        #expect(failure.description.hasSuffix("fix the cause above, then re-run the same command"))
    }

    @Test("A failure injected midway reports what exists and what did not happen; a re-run completes without duplicates")
    func failureThenRerun() async throws {
        try await SandboxHarness.with { harness in
            let provisioner = Provisioner(client: harness.client())
            await harness.state.inject(SandboxFault(.write(4), status: 500))  // the 4th write: uri lk-fallback
            let failure = await #expect(throws: ProvisionFailure.self) {
                _ = try await provisioner.apply(try Self.plan(), options: Self.options())
            }
            #expect(failure?.completed.filter(\.isWrite).map(\.name) == ["lk-cred", "lk-ips", "lk-primary"])
            #expect(failure?.failedStep == "uri lk-fallback")
            #expect(failure?.notAttempted == ["trunk lk-out", "trunk lk-in", "number 14155550100"])
            #expect((failure?.underlying as? ZentrunkError)?.status == 500)
            #expect(failure?.description.contains("re-run the same command to complete it") == true)
            #expect(await harness.state.count(.trunk) == 0)

            let rerun = try await provisioner.apply(try Self.plan(), options: Self.options())
            #expect(rerun.steps.filter { $0.action == .create }.map(\.name) == ["lk-fallback", "lk-out", "lk-in"])
            #expect(rerun.steps.filter { $0.action == .unchanged }.map(\.name) == ["lk-cred", "lk-ips", "lk-primary"])
            #expect(await harness.state.count(.credential) == 1)
            #expect(await harness.state.count(.ipAccessControlList) == 1)
            #expect(await harness.state.count(.uri) == 2)
            #expect(await harness.state.count(.trunk) == 2)
            let third = try await provisioner.apply(try Self.plan(), options: Self.options())
            #expect(third.writes == 0)
        }
    }

    @Test("Two resources of one kind with the plan's name on the account: refused, nothing written")
    func ambiguousExisting() async throws {
        try await SandboxHarness.with { harness in
            let client = harness.client()
            for _ in 0..<2 {
                _ = try await client.createCredential(CredentialParameters(name: "lk-cred", username: "livekit01", password: Secret("pa55!word")))
            }
            let writes = await harness.state.writeCount
            let failure = await #expect(throws: ProvisionFailure.self) {
                _ = try await Provisioner(client: client).apply(try Self.plan(), options: Self.options())
            }
            #expect("\(failure?.underlying ?? PlanError(line: nil, ""))".contains("2 existing credentials are named 'lk-cred'"))
            #expect(await harness.state.writeCount == writes)
        }
    }

    @Test("An unset password variable stops before the write, naming the variable")
    func unsetPassword() async throws {
        try await SandboxHarness.with { harness in
            let failure = await #expect(throws: ProvisionFailure.self) {
                _ = try await Provisioner(client: harness.client()).apply(try Self.plan(), options: Provisioner.Options(environment: [:]))
            }
            #expect("\(failure?.underlying ?? PlanError(line: nil, ""))".contains("LK_PASSWORD"))
            #expect(await harness.state.writeCount == 0)
        }
    }

    @Test("Every secret reference is read before the first write: a later unset one means no write at all")
    func secretsCheckedFirst() async throws {
        try await SandboxHarness.with { harness in
            let failure = await #expect(throws: ProvisionFailure.self) {
                _ = try await Provisioner(client: harness.client())
                    .apply(try Self.plan(), options: Provisioner.Options(environment: ["LK_PASSWORD": Self.password]))
            }
            #expect("\(failure?.underlying ?? PlanError(line: nil, ""))".contains("URI_PASSWORD"))
            #expect(failure?.failedStep.contains("uri lk-fallback") == true)
            #expect(await harness.state.writeCount == 0)
            #expect(await harness.state.count(.credential) == 0)
        }
    }
}
