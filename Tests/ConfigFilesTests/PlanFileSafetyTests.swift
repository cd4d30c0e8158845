import ConfigFiles
import Foundation
import Provisioning
import Testing

@Suite("Provisioning plans go through SafeYAML")
struct PlanFileSafetyTests {
    @Test("A plan with aliases as keys or an alias bomb is a PlanError with a line, not a hang")
    func hostilePlans() throws {
        for text in [SafeYAMLTests.aliasKeys, SafeYAMLTests.billionLaughs] {
            let start = ContinuousClock.now
            do {
                _ = try ProvisioningPlan(yaml: text)
                Issue.record("hostile plan accepted")
            } catch let error as PlanError {
                #expect(error.line != nil)
            }
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test("init(path:) reports unreadable and non-UTF-8 plans as PlanError")
    func planFiles() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data([0x74, 0x72, 0x75, 0x6E, 0x6B, 0x73, 0x3A, 0x0A, 0xFF, 0x0A]).write(to: url)
        #expect(throws: PlanError.self) { try ProvisioningPlan(path: url.path) }
        do { _ = try ProvisioningPlan(path: url.path) } catch let error as PlanError {
            #expect(error.line == 2)
            #expect(error.message.contains("UTF-8"))
        }
        #expect(throws: PlanError.self) { try ProvisioningPlan(path: url.path + ".missing") }
    }
}
