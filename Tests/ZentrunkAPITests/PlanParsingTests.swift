import Foundation
import Provisioning
import Testing

@Suite("Plan parsing: clear errors with line numbers")
struct PlanParsingTests {
    func error(_ text: String) -> PlanError? {
        do {
            _ = try ProvisioningPlan(yaml: text)
            return nil
        } catch let error as PlanError {
            return error
        } catch {
            return PlanError(line: nil, "unexpected \(error)")
        }
    }

    @Test("Garbage YAML gives the line of the syntax error")
    func garbage() throws {
        let parsed = error("credentials:\n  - name: a\n    username: [unclosed\n  - : : :\n")
        #expect(parsed != nil)
        #expect(parsed?.line == 4)
        #expect(parsed?.message.hasPrefix("invalid YAML") == true)
        #expect(error("\t- nope") != nil)
    }

    @Test("platform: names a smoke preset; an unknown one is refused at its line")
    func platform() throws {
        #expect(try ProvisioningPlan(yaml: "version: 1\nplatform: livekit\n").platform == "livekit")
        #expect(try ProvisioningPlan(yaml: "version: 1\n").platform == nil)
        let parsed = error("version: 1\nplatform: livekid\n")
        #expect(parsed?.line == 2)
        #expect(parsed?.message.contains("self-hosted") == true)
    }

    @Test("Unknown keys are refused at their line (typos are not ignored)")
    func unknownKey() {
        let parsed = error("trunks:\n  - name: t\n    direction: inbound\n    primary_uri: u\n    primry_uri: u\n")
        #expect(parsed?.line == 5)
        #expect(parsed?.message.contains("primry_uri") == true)
    }

    @Test("Duplicate names of one kind are refused, naming both lines")
    func duplicates() {
        let text = """
            ip_acls:
              - name: a
                ip_addresses: [10.0.0.1]
              - name: a
                ip_addresses: [10.0.0.2]
            """
        let parsed = error(text)
        #expect(parsed?.line == 4)
        #expect(parsed?.message.contains("first defined on line 2") == true)
    }

    @Test("A literal password is refused: plans hold references only")
    func literalPassword() {
        let parsed = error("credentials:\n  - name: c\n    username: user01\n    password: hunter2!x\n")
        #expect(parsed?.line == 4)
        #expect(parsed?.message.contains("{env: VARIABLE}") == true)
        #expect(parsed?.message.contains("hunter2") == false)
    }

    @Test("Dangling references, direction rules, bad numbers and bad values are refused")
    func semantic() {
        #expect(error("trunks:\n  - name: t\n    direction: outbound\n    credential: missing\n")?.message.contains("not defined") == true)
        #expect(error("trunks:\n  - name: t\n    direction: inbound\n")?.message.contains("primary_uri") == true)
        #expect(error("trunks:\n  - name: t\n    direction: outbound\n")?.message.contains("credential and/or ip_acl") == true)
        #expect(error("trunks:\n  - name: t\n    direction: sideways\n")?.line == 3)
        #expect(error("uris:\n  - name: u\n    uri: \"x\"\n  - name: v\n    uri: \"http://x\"\n")?.line == 5)
        #expect(error("numbers:\n  - number: \"+14155550100\"\n    trunk: t\n")?.message.contains("'+'") == true)
        #expect(error("ip_acls:\n  - name: a\n    ip_addresses: [10.0.0.300]\n")?.line == 3)
        #expect(error("credentials:\n  - name: c\n    username: abc\n    password: {env: X}\n")?.line == 3)
        #expect(error("") != nil)
        #expect(error("version: 2\n")?.line == 1)
    }

    @Test("The shipped example plans parse", arguments: ["livekit", "vapi", "elevenlabs"])
    func examples(_ name: String) throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("probes/plans/\(name).yaml"), encoding: .utf8)
        let plan = try ProvisioningPlan(yaml: text)
        #expect(!plan.trunks.isEmpty)
        #expect(plan.trunks.contains { $0.direction == "inbound" })
        #expect(plan.trunks.contains { $0.direction == "outbound" })
    }
}
