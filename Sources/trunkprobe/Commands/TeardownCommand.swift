import ArgumentParser
import Foundation
import Provisioning
import Reporting
import ZentrunkAPI

/// `trunkprobe teardown PLAN`: delete what a plan names, trunks first.
struct TeardownCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "teardown",
        abstract: "Delete the resources a plan names, in dependency order (trunks, then URIs, credentials, IP ACLs).",
        discussion: "Numbers routed to a deleted trunk are detached by the API. Requires --yes unless --dry-run.")

    @OptionGroup var connection: APIConnectionOptions
    @Argument(help: "The plan file (YAML).") var plan: String
    @Flag(name: .customLong("dry-run"), help: "Print the deletes that would be made; change nothing.") var dryRun = false
    @Flag(help: "Confirm the deletes.") var yes = false
    @Option(help: "Output: text (a line per resource) or json (one object on stdout).") var format: OutputFormat = .text

    func run() async throws {
        let parsed = try ProvisionPlanLoader.load(plan)
        try await APIRunner.run {
            if !dryRun { try APIRunner.requireYes(yes, what: "the resources of \(plan)") }
            let provisioner = Provisioner(client: try connection.makeClient(), logger: connection.logger)
            let text = format == .text
            if dryRun && text { Output.line("dry run: nothing will be changed") }
            let report: ProvisionReport
            do {
                report = try await provisioner.teardown(parsed, dryRun: dryRun) { step in if text { Output.line(ProvisionTextRenderer.step(step)) } }
            } catch let failure as ProvisionFailure {
                throw ProvisionPlanLoader.report(failure, json: !text)
            }
            Output.line(text ? ProvisionTextRenderer.tornDown(report) : JSONLine.encode(report))
        }
    }
}
