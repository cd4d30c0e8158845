import ArgumentParser
import Foundation
import Knowledge
import Probes
import Reporting
import Workflows
import ZentrunkAPI

struct DiagnoseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Explain a failed call from its Zentrunk record, its insights and fresh probes, and say what to change.",
        discussion: """
            Reads the call record (GET Zentrunk/Call/CALL_UUID/) and its insights, the trunk, origination URIs, \
            credential and IP ACL it points at, then runs the probes its hangup code calls for: an inbound \
            timeout probes the primary and fallback URIs with OPTIONS and INVITE, an unresolvable URI shows its \
            RFC 3263 chain, an unauthorised outbound call compares the source address with the IP ACL (and \
            tests a credential when you give one). The causes form a closed set: see docs/diagnose.md.
            API credentials come from PLIVO_AUTH_ID and PLIVO_AUTH_TOKEN.

            Examples:
              trunkprobe diagnose 5b8e6c3e-8a8c-4b46-9a7e-0b9f1f2f6f00
              trunkprobe diagnose 5b8e6c3e-8a8c-4b46-9a7e-0b9f1f2f6f00 --format json
              trunkprobe diagnose 5b8e6c3e-8a8c-4b46-9a7e-0b9f1f2f6f00 --no-probes
              trunkprobe diagnose CALL_UUID --username livekit01 --password-env SIP_PW

            Exit codes: 0 the call ended normally, 1 a warning (poor quality), 2 a fault was found, \
            3 the call could not be read (or bad arguments).
            """)

    @Argument(help: "The call's call_uuid.")
    var callUUID: String

    @Flag(name: .customLong("no-probes"), help: "Explain from the record alone; list the probes that would have run.")
    var noProbes = false

    @Option(help: ArgumentHelp("Zentrunk API base URL (default PLIVO_API_URL, else https://api.plivo.com/v1/).", valueName: "URL"))
    var apiURL: String?

    @OptionGroup var credentials: SIPCredentialOptions

    @OptionGroup var common: ProbeCommandOptions

    @Option(help: "Output: text (for people) or json (one object).")
    var format: OutputFormat = .text

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    func validate() throws {
        guard !callUUID.isEmpty, callUUID.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw ValidationError("CALL_UUID '\(callUUID)' is not a call_uuid (letters, digits and dashes)")
        }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        let client = try WorkflowClient.make(apiURL: apiURL, logger: logger)
        let given = try credentials.credentials()
        let runner = PlannedProbeRunner(settings: try WorkflowClient.probeSettings(common: common, resolution: resolution, tls: tls,
                                                                                credentials: given),
                                        enabled: !noProbes, transport: WorkflowClient.transport(common),
                                        logger: logger)
        let diagnoser = CallDiagnoser(client: client, planner: DiagnosisPlanner(credentialsGiven: given != nil), runner: runner)
        var diagnosis: CallDiagnosis
        // SIGINT/SIGTERM cancel the fresh probes, which end their calls first (docs/verdicts.md).
        let outcome = await SignalTrap.interruptible { [diagnoser, callUUID] () -> Result<CallDiagnosis, any Error> in
            do { return .success(try await diagnoser.diagnose(callUUID: callUUID)) } catch { return .failure(error) }
        }
        do {
            diagnosis = try outcome.get()
        } catch {
            Output.error("trunkprobe: cannot read call \(callUUID): \(error)")
            throw ExitCode(3)
        }
        if common.trace {
            // The fresh probes' messages, after the run (the probes run inside the diagnoser).
            for index in diagnosis.probes.indices {
                diagnosis.probes[index].includeTrace()
                Output.error(TraceTextRenderer.render(diagnosis.probes[index]))
            }
        }
        switch format {
        case .json: Output.line(JSONLine.encode(diagnosis))
        case .text: Output.line(DiagnosisTextRenderer.render(diagnosis))
        }
        throw ExitCode(SignalTrap.interruptedBy == nil ? diagnosis.exitCode : max(ProbeStatus(rawValue: diagnosis.exitCode) ?? .unknown, .unknown).rawValue)
    }
}
