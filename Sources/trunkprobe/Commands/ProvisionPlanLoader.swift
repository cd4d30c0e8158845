import ArgumentParser
import Foundation
import Provisioning
import Reporting
import ZentrunkAPI

/// Reads and parses a plan file for `provision` and `teardown`; any problem is bad input (exit 3).
enum ProvisionPlanLoader {
    static func load(_ path: String) throws -> ProvisioningPlan {
        do {
            return try ProvisioningPlan(path: path)
        } catch let error as PlanError {
            throw APIRunner.fail("\(path):\(error.line.map { "\($0):" } ?? "") \(error.message)", code: 3)
        }
    }

    static func directory(of path: String) -> String {
        URL(fileURLWithPath: path).deletingLastPathComponent().path
    }

    /// Prints a failure part-way (exit 2 for API trouble, 3 for bad input such as an unset password variable).
    /// With `json`, stdout also gets one object: `failed_step`, `error`, `completed` (steps), `not_attempted`.
    static func report(_ failure: ProvisionFailure, json: Bool = false) -> ExitCode {
        let code: Int32 = failure.underlying is ZentrunkInputError ? 3 : 2
        if json { Output.line(JSONLine.encode(failure)) }
        return APIRunner.fail(failure.description.replacingOccurrences(of: "\n", with: "\ntrunkprobe: "), code: code)
    }
}
