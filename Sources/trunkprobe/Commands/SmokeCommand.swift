import ArgumentParser
import Foundation
import Probes
import Provisioning
import Reporting
import SIPCore
import Workflows
import ZentrunkAPI

/// `trunkprobe smoke PLAN`: provision a plan, prove at the SIP layer that its trunks work, tear it down.
struct SmokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smoke",
        abstract: "Provision a plan, probe every trunk it made (or, with --existing, that exists), then tear down.",
        discussion: """
            Checks derived from the account: each outbound trunk gets an INVITE to its trunk_domain with the plan's \
            credential (expected auth_ok; an ACL-only trunk: admitted without a challenge); each inbound trunk gets \
            its primary and fallback origination URIs probed together (expected healthy), and with platform: livekit \
            an INVITE to each as well. --existing writes nothing: the password is read from the plan's reference, \
            so a platform whose password drifted from the trunk's shows up as auth_rejected.

            Examples:
              trunkprobe smoke probes/plans/livekit.yaml
              trunkprobe smoke probes/plans/livekit.yaml --format json --junit smoke.xml
              trunkprobe smoke probes/plans/livekit.yaml --existing
              trunkprobe smoke probes/plans/vapi.yaml --keep --bind 192.0.2.10

            Exit codes: 0 every check passed, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad plan, unset secret, no API \
            credentials). See docs/smoke.md.
            """)

    @Argument(help: "The plan file (YAML).") var plan: String

    @Flag(help: "Check what is already on the account; write nothing.") var existing = false

    @Flag(help: "Leave what this run provisioned on the account.") var keep = false

    @Option(help: "The number outbound INVITEs call (default: the plan's first number).") var to: String?

    @Option(name: .customLong("api-url"), help: ArgumentHelp(
        "API base URL up to /v1/ (default: $PLIVO_API_URL, else https://api.plivo.com/v1/).", valueName: "URL"))
    var apiURL: String?

    @Option(help: ArgumentHelp("Deadline of one probe in seconds.", valueName: "SECONDS"), transform: TimeoutSeconds.parse)
    var timeout = TimeoutSeconds(5)

    @Option(help: ArgumentHelp("Local address to probe from (the outbound trunks' ACLs must admit it).", valueName: "ADDRESS[:PORT]"),
            transform: BindAddress.parse)
    var bind: BindAddress?

    @Option(help: "From URI of the probes (default sip:trunkprobe@<local address>).") var from: String?

    @Option(help: "Output: text (for people), json (one object), junit, nagios or prometheus.") var format: ReportFormat = .text

    @Option(help: ArgumentHelp("Also write the checks as JUnit XML to this file.", valueName: "FILE")) var junit: String?

    @Flag(name: .shortAndLong, help: .verbose) var verbose = false

    @Flag(help: "Print every SIP message sent and received to stderr, per check, once the run is done (credentials redacted); with --format json also as `trace` arrays.")
    var trace = false

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    func validate() throws {
        try bind?.checkLocal()
        if let from {
            do { _ = try SIPURI(parsing: from) } catch { throw ValidationError("--from: \(error.message)") }
        }
        if let to, to.isEmpty || !to.allSatisfy({ $0.isNumber || $0 == "+" }) {
            throw ValidationError("--to '\(to)' must be a number (digits, optionally a leading +)")
        }
        // Refused before anything is provisioned, not after the checks and the teardown.
        if let junit {
            do { try AtomicFile.checkDestination(junit) } catch { throw ValidationError("--junit \(junit): \(error)") }
        }
    }

    func run() async throws {
        let parsed = try ProvisionPlanLoader.load(plan)
        let logger = CLILogging.logger(verbose: verbose)
        guard let number = to ?? parsed.numbers.first?.number ?? (parsed.trunks.contains { $0.direction == "outbound" } ? nil : "0") else {
            throw APIRunner.fail("the plan has no numbers: give --to NUMBER for the outbound INVITEs", code: 3)
        }
        // The target is replaced per check; this placeholder only carries the shared settings.
        var probe = ProbeSettings(target: try ProbeTarget(parsing: "127.0.0.1"), timeout: timeout.duration,
                                  bindHost: bind?.host, bindPort: bind?.port, from: from,
                                  userAgent: "trunkprobe/\(TrunkProbe.version)", tls: tls.settings)
        probe.resolution = try resolution.settings()
        let options = SmokeWorkflow.Options(number: number, probe: probe, existing: existing, keep: keep,
                                            planDirectory: ProvisionPlanLoader.directory(of: plan))
        var report: SmokeReport
        do {
            let configuration = try ZentrunkConfiguration.fromEnvironment(baseURL: apiURL, userAgent: "trunkprobe/\(TrunkProbe.version)")
            let client = ZentrunkClient(configuration: configuration, logger: logger)
            let workflow = SmokeWorkflow(client: client, logger: logger)
            // SIGINT/SIGTERM: probes in flight end their calls, then what the run created is torn down (the
            // watchdog allows for the API round trips), and the exit code is at least UNKNOWN.
            let outcome = await SignalTrap.interruptible(hardLimit: .seconds(30)) { [parsed, plan, options] () -> Result<SmokeReport, any Error> in
                do { return .success(try await workflow.run(parsed, planName: plan, options: options)) } catch { return .failure(error) }
            }
            report = try outcome.get()
        } catch let failure as ProvisionFailure {
            throw ProvisionPlanLoader.report(failure)
        } catch let error as ZentrunkInputError {
            throw APIRunner.fail("invalid input: \(error)", code: 3)
        } catch let error as ZentrunkError {
            throw APIRunner.fail("API error: \(error)", code: 2)
        } catch let error as SIPParseError {
            throw APIRunner.fail("a trunk's address cannot be probed: \(error.message)", code: 2)
        }
        if trace { Self.trace(&report) }
        Output.line(SmokeRenderer.render(report, format: format))
        if let junit {
            do {
                try AtomicFile.write(SmokeRenderer.junit(report), to: junit)
            } catch {
                throw APIRunner.fail("cannot write --junit \(junit): \(error)", code: 3)
            }
        }
        throw ExitCode((SignalTrap.interruptedBy == nil ? report.status : max(report.status, .unknown)).rawValue)
    }
}

extension SmokeCommand {
    /// Prints each check's SIP messages to stderr and keeps them in its reports for JSON. The probes run
    /// inside the workflow, so the trace comes after the run rather than as it happens.
    static func trace(_ report: inout SmokeReport) {
        for index in report.checks.indices {
            let name = report.checks[index].name
            switch report.checks[index].detail {
            case .probe(var probe):
                probe.includeTrace()
                Output.error(TraceTextRenderer.render(probe, label: name))
                report.checks[index].detail = .probe(probe)
            case .failover(var failover):
                failover.primary.includeTrace()
                Output.error(TraceTextRenderer.render(failover.primary, label: "\(name) (primary)"))
                failover.fallback?.includeTrace()
                if let fallback = failover.fallback { Output.error(TraceTextRenderer.render(fallback, label: "\(name) (fallback)")) }
                report.checks[index].detail = .failover(failover)
            case .missing:
                break
            }
        }
    }
}
