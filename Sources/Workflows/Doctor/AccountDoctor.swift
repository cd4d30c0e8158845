import Knowledge
import Logging
import Probes
import ZentrunkAPI

/// `doctor`: reads every trunk, URI, credential, IP ACL and number route of the account, checks them against
/// Zentrunk's rules and the platform's needs, then probes each origination URI in use.
public struct AccountDoctor: Sendable {
    public var client: ZentrunkClient
    public var rules: AccountRules
    public var runner: PlannedProbeRunner

    public init(client: ZentrunkClient, rules: AccountRules, runner: PlannedProbeRunner) {
        self.client = client
        self.rules = rules
        self.runner = runner
    }

    /// Throws when the account's trunks cannot be read at all; later reads that fail become info findings.
    public func run() async throws -> DoctorReport {
        let account = try await readInventory()
        var findings = rules.check(account)
        for problem in account.readProblems {
            findings.append(DoctorFinding(.accountReadIncomplete, .info, resource: "account", message: problem,
                                         fix: "give the API credentials read access to it, then run doctor again"))
        }
        let inUse = account.urisInUse
        let planned = inUse.compactMap { use in
            use.uri.uri.map { PlannedProbe(.options(target: $0), purpose: "\(use.role) URI of \(use.trunk.label)") }
        }
        let outcomes = await runner.run(planned)
        var reports: [ProbeReport] = []
        for ((probe, outcome), use) in zip(outcomes, inUse.filter { $0.uri.uri != nil }) {
            guard case .report(let report) = outcome else { continue }
            reports.append(report)
            guard report.status != .ok else {
                if let platform = rules.platform, platform.optionsAlways200 {
                    findings.append(DoctorFinding(.optionsNotProof, .info, resource: "origination URI \(use.uri.uriUUID)",
                                                  message: "\(platform.name) answers every OPTIONS with 200: this proves the host is up, not that calls route",
                                                  fix: "place a test call (trunkprobe invite \(use.uri.uri ?? "URI") --to NUMBER)"))
                }
                continue
            }
            findings.append(DoctorFinding(.uriUnreachable, use.role == "primary" ? .critical : .warning,
                                          resource: "origination URI \(use.uri.uriUUID)",
                                          message: "\(probe.summary): \(report.verdict.rawValue): \(report.explanation)",
                                          fix: report.hint))
        }
        // Worst first; within a severity, by rule id, so the order is stable.
        findings.sort { $0.severity != $1.severity ? $0.severity > $1.severity : $0.rule.rawValue < $1.rule.rawValue }
        return DoctorReport(platform: rules.platform?.id, findings: findings, probes: reports,
                            counts: ["trunks": account.trunks.count, "uris": account.uris.count,
                                     "credentials": account.credentials.count, "ip_acls": account.ipACLs.count,
                                     "numbers": account.numbers.count])
    }

    func readInventory() async throws -> AccountInventory {
        var account = AccountInventory()
        account.trunks = try await client.allTrunks()
        account.uris = try await client.allURIs()
        account.credentials = try await client.allCredentials()
        account.ipACLs = try await client.allIPAccessControlLists()
        do {
            account.numbers = try await client.allNumbers().map { AccountInventory.RoutedNumber(number: $0.number, trunkID: $0.trunkID) }
        } catch {
            account.readProblems.append("numbers could not be listed (\(error)); number routes were not checked")
        }
        return account
    }
}
