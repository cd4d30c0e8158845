import ArgumentParser
import Foundation
import Provisioning
import Reporting
import ZentrunkAPI

/// `trunkprobe provision PLAN`: make the account match a YAML plan.
struct ProvisionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provision",
        abstract: "Create or update the Zentrunk resources a YAML plan describes (idempotent).",
        discussion: """
            Resources are matched by name: missing ones are created, differing ones updated, the rest left alone, \
            so a second run makes no writes. Every password reference is read before the first write. Passwords cannot be read back: an existing credential's or URI's \
            password is rewritten only with --rotate-passwords. Schema: docs/plans.md.
            """)

    @OptionGroup var connection: APIConnectionOptions
    @Argument(help: "The plan file (YAML).") var plan: String
    @Flag(name: .customLong("dry-run"), help: "Read the account and print the calls that would be made; change nothing.")
    var dryRun = false
    @Flag(name: .customLong("rotate-passwords"), help: "Rewrite the passwords of existing credentials and URIs.")
    var rotatePasswords = false
    @Option(help: "Output: text (a line per resource) or json (one object on stdout: steps, trunks, writes, summary).")
    var format: OutputFormat = .text

    func run() async throws {
        let parsed = try ProvisionPlanLoader.load(plan)
        try await APIRunner.run {
            let client = try connection.makeClient()
            let provisioner = Provisioner(client: client, logger: connection.logger)
            let options = Provisioner.Options(dryRun: dryRun, rotatePasswords: rotatePasswords,
                                              planDirectory: ProvisionPlanLoader.directory(of: plan))
            let text = format == .text
            if dryRun && text { Output.line("dry run: nothing will be changed") }
            let report: ProvisionReport
            do {
                report = try await provisioner.apply(parsed, options: options) { step in if text { Output.line(ProvisionTextRenderer.step(step)) } }
            } catch let failure as ProvisionFailure {
                throw ProvisionPlanLoader.report(failure, json: !text)
            }
            Output.line(text ? ProvisionTextRenderer.provisioned(report) : JSONLine.encode(report))
        }
    }
}
