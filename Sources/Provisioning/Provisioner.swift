import Foundation
import Logging
import ZentrunkAPI

/// Applies a `ProvisioningPlan` to an account: creates what is missing, updates what differs, leaves the rest.
///
/// Resources are matched to plan entries by `name`, so a re-run (after success or a failure part-way) finds what
/// the last run made and never creates a duplicate. Order follows the dependencies: credentials, IP ACLs, URIs,
/// trunks, numbers. Passwords cannot be read back, so an existing credential's or URI's password is only rewritten
/// with `rotatePasswords` (or when a change, such as a new username, forces it).
public struct Provisioner: Sendable {
    public struct Options: Sendable {
        public var dryRun: Bool
        public var rotatePasswords: Bool
        public var environment: [String: String]
        /// Relative `{file: PATH}` references resolve against this (the plan's folder).
        public var planDirectory: String?

        public init(dryRun: Bool = false, rotatePasswords: Bool = false,
                    environment: [String: String] = ProcessInfo.processInfo.environment, planDirectory: String? = nil) {
            self.dryRun = dryRun; self.rotatePasswords = rotatePasswords
            self.environment = environment; self.planDirectory = planDirectory
        }
    }

    let client: ZentrunkClient
    let logger: Logger

    public init(client: ZentrunkClient, logger: Logger = Logger(label: "trunkprobe.provisioning")) {
        self.client = client
        self.logger = logger
    }

    /// The account's current resources, read once per run.
    struct Inventory {
        var credentials: [Credential]
        var acls: [IPAccessControlList]
        var uris: [OriginationURI]
        var trunks: [Trunk]

        static func read(_ client: ZentrunkClient) async throws -> Inventory {
            Inventory(credentials: try await client.allCredentials(), acls: try await client.allIPAccessControlLists(),
                      uris: try await client.allURIs(), trunks: try await client.allTrunks())
        }
    }

    /// Finds the one existing resource with `name`. Two of them is ambiguous: refuse rather than guess.
    static func unique<T>(_ items: [T], named name: String, kind: String, name nameOf: (T) -> String?) throws -> T? {
        let matches = items.filter { nameOf($0) == name }
        guard matches.count <= 1 else {
            throw ZentrunkInputError(field: kind, message: "\(matches.count) existing \(kind)s are named '\(name)' on the account; rename or delete the extras by hand")
        }
        return matches.first
    }

    /// Runs the plan. `observe` sees each step as it completes (the CLI prints them live).
    public func apply(_ plan: ProvisioningPlan, options: Options = Options(),
                      observe: @Sendable (ProvisionStep) -> Void = { _ in }) async throws -> ProvisionReport {
        var run = PlanRun(plan: plan, options: options, client: client)
        // Every secret reference is read before the first request: an unset variable for a later resource must not
        // leave the resources before it half-provisioned.
        for (label, reference) in plan.secretReferences {
            do {
                _ = try reference.resolve(environment: options.environment, relativeTo: options.planDirectory)
            } catch {
                throw ProvisionFailure(completed: [], failedStep: "\(label): reading \(reference) (before any write)",
                                       underlying: error, notAttempted: run.labels(after: -1))
            }
        }
        let inventory: Inventory
        do {
            inventory = try await Inventory.read(client)
        } catch {
            throw ProvisionFailure(completed: [], failedStep: "reading the account's current resources", underlying: error,
                                   notAttempted: run.labels(after: -1))
        }
        var index = 0
        for item in run.items {
            do {
                let step = try await run.execute(item, inventory: inventory)
                run.completed.append(step)
                observe(step)
            } catch {
                throw ProvisionFailure(completed: run.completed, failedStep: item.label, underlying: error,
                                       notAttempted: run.labels(after: index))
            }
            index += 1
        }
        return ProvisionReport(steps: run.completed, trunks: run.trunkSummaries, dryRun: options.dryRun)
    }
}
