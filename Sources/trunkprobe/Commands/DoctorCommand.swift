import ArgumentParser
import Foundation
import Knowledge
import Probes
import Reporting
import Workflows
import ZentrunkAPI

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check every trunk, origination URI, credential, IP ACL and number route of the account, then probe the URIs in use.",
        discussion: """
            Each finding names a rule (a closed set: see docs/doctor.md), a severity (info, warning, critical), \
            the resource, what is wrong and the command that fixes it. --platform adds what that platform needs: \
            the transports it accepts on origination URIs, how its outbound calls authenticate (Vapi: an IP ACL \
            with its published addresses), and what an OPTIONS answer proves there.
            API credentials come from PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.

            Examples:
              trunkprobe doctor
              trunkprobe doctor --platform livekit
              trunkprobe doctor --platform vapi --format json --no-probes

            Exit codes: 0 nothing worse than info, 1 a warning, 2 a critical finding, 3 the account could not be \
            read (or bad arguments).
            """)

    @Option(help: "The platform the trunks serve.")
    var platform: PlatformName?

    @Flag(name: .customLong("no-probes"), help: "Check the account's resources only; do not probe the URIs.")
    var noProbes = false

    @Option(help: ArgumentHelp("Zentrunk API base URL (default PLIVO_API_URL, else https://api.plivo.com/v1/).", valueName: "URL"))
    var apiURL: String?

    @OptionGroup var common: ProbeCommandOptions

    @Option(help: "Output: text (for people) or json (one object).")
    var format: OutputFormat = .text

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        let client = try WorkflowClient.make(apiURL: apiURL, logger: logger)
        let runner = PlannedProbeRunner(settings: try WorkflowClient.probeSettings(common: common, resolution: resolution, tls: tls,
                                                                                credentials: nil),
                                        enabled: !noProbes, transport: WorkflowClient.transport(common),
                                        logger: logger)
        let doctor = AccountDoctor(client: client, rules: AccountRules(platform: platform?.profile),
                                   runner: runner)
        var report: DoctorReport
        // SIGINT/SIGTERM cancel the URI probes, which end their calls first (docs/verdicts.md).
        let outcome = await SignalTrap.interruptible { [doctor] () -> Result<DoctorReport, any Error> in
            do { return .success(try await doctor.run()) } catch { return .failure(error) }
        }
        do {
            report = try outcome.get()
        } catch {
            Output.error("trunkprobe: cannot read the account: \(error)")
            throw ExitCode(3)
        }
        if common.trace {
            // The URI probes' messages, after the run (the probes run inside the doctor).
            for index in report.probes.indices {
                report.probes[index].includeTrace()
                Output.error(TraceTextRenderer.render(report.probes[index]))
            }
        }
        switch format {
        case .json: Output.line(JSONLine.encode(report))
        case .text: Output.line(DoctorTextRenderer.render(report))
        }
        throw ExitCode(SignalTrap.interruptedBy == nil ? report.exitCode : max(ProbeStatus(rawValue: report.exitCode) ?? .unknown, .unknown).rawValue)
    }
}
