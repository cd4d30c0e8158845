import ArgumentParser
import Foundation
import Logging
import Probes
import ZentrunkAPI
import Workflows
import Reporting
import SIPCore

struct FailoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "failover",
        abstract: "Probe an inbound trunk's primary and fallback URIs with OPTIONS and say whether calls would be carried.",
        discussion: """
            Both URIs are probed at once, each with its own full report. One verdict:
              healthy (0)            primary and fallback answer
              degraded_failover (1)  primary fails with a failover cause; fallback answers
              no_fallback (1)        primary answers; fallback missing or failing
              down (2)               nothing would carry a call
            Failover causes by default (RFC 3263 §4.3): timeout, refused and other transport errors, \
            dns_failed, tls_failed, and 503. --failover-on 408,480,504 adds status codes. A primary failing \
            any other way (500, 603…) is not covered by failover: the verdict is down.

            Examples:
              trunkprobe failover --primary sbc1.example.com --fallback sbc2.example.com
              trunkprobe failover --primary 192.0.2.10 --fallback 192.0.2.11 --format json
              trunkprobe failover --trunk TRUNK_ID --failover-on 408,480,504

            Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments). See docs/failover.md.
            """)

    @Option(help: "The primary URI (a sip:/sips: URI, host, host:port, or an origination-URI string).")
    var primary: String?

    @Option(help: "The fallback URI (same forms as --primary).")
    var fallback: String?

    @Option(help: "Read the primary and fallback URIs of this inbound trunk through the Zentrunk API.")
    var trunk: String?

    @Option(help: ArgumentHelp("Status codes that trigger failover besides 503, comma-separated (e.g. 408,480,504).", valueName: "CODES"),
            transform: FailoverStatusCodes.parse)
    var failoverOn: FailoverStatusCodes?

    @Option(help: ArgumentHelp("Zentrunk API base URL for --trunk (default PLIVO_API_URL, else https://api.plivo.com/v1/).", valueName: "URL"))
    var apiURL: String?

    @OptionGroup var common: ProbeCommandOptions

    @Option(help: "Output: text (for people), json (one object), junit, nagios (status line and perfdata) or prometheus (see docs/outputs.md).")
    var format: ReportFormat = .text


    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    func validate() throws {
        if resolution.eachServer {
            throw ValidationError("--each-server belongs to options and invite; failover already probes the primary and the fallback")
        }
        switch (primary, trunk) {
        case (nil, nil): throw ValidationError("give --primary URI (and --fallback URI), or --trunk ID")
        case (.some, .some): throw ValidationError("--trunk reads the URIs from the API: give either --trunk or --primary/--fallback")
        case (nil, .some) where fallback != nil: throw ValidationError("--fallback goes with --primary, not with --trunk")
        default: break
        }
        if let primary { _ = try target(primary, flag: "--primary") }
        if let fallback { _ = try target(fallback, flag: "--fallback") }
    }

    func target(_ text: String, flag: String) throws -> ProbeTarget {
        do {
            return try common.target(text)
        } catch let error as ValidationError {
            throw ValidationError("\(flag): \(error.message)")
        }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        let source: any FailoverURISource
        if let trunk {
            source = try Self.trunkSource(trunkID: trunk, apiURL: apiURL, logger: logger)
        } else {
            source = StaticFailoverURIs(primary: primary ?? "", fallback: fallback)
        }
        let uris: FailoverURIs
        do {
            uris = try await source.uris()
        } catch {
            // The API or the trunk itself failed (not our arguments): CRITICAL, as for any probe target.
            Output.error("trunkprobe: cannot read the trunk's URIs: \(error)")
            throw ExitCode(2)
        }
        func configuration(_ text: String, _ flag: String) throws -> OptionsProbe.Configuration {
            var c = OptionsProbe.Configuration(
                target: try target(text, flag: flag), timeout: common.timeoutDuration, bindHost: common.bind?.host,
                bindPort: common.bind?.port, from: common.from, userAgent: common.userAgent)
            c.resolution = try resolution.settings()
            c.tls = tls.settings
            return c
        }
        let probe = FailoverProbe(
            primary: try configuration(uris.primary, "primary"), fallback: try uris.fallback.map { try configuration($0, "fallback") },
            policy: FailoverPolicy(extraCodes: failoverOn?.codes ?? []), logger: logger)
        // SIGINT/SIGTERM cancel both legs (each leg's report is marked `interrupted`); the combined verdict
        // is printed as far as it got, and the exit code is at least UNKNOWN (docs/verdicts.md).
        var report = await SignalTrap.interruptible { await probe.run() }
        if common.trace {
            report.primary.includeTrace()
            Output.error(TraceTextRenderer.render(report.primary, label: "primary"))
            report.fallback?.includeTrace()
            if let fallback = report.fallback { Output.error(TraceTextRenderer.render(fallback, label: "fallback")) }
        }
        switch format {
        case .json: Output.line(JSONLine.encode(report))
        case .text: Output.line(ReportTextRenderer.render(report))
        case .junit, .nagios, .prometheus: Output.line(CheckResultsRenderer.render([.of(report)], format: format, command: "failover"))
        }
        if let signal = SignalTrap.interruptedBy {
            Output.error("trunkprobe: \(SignalTrap.name(signal)): the failover check was interrupted before it finished")
            throw ExitCode(max(report.status, .unknown).rawValue)
        }
        throw ExitCode(report.status.rawValue)
    }

    /// Missing credentials or a bad URL are the user's configuration: exit 3 here, before any request.
    static func trunkSource(trunkID: String, apiURL: String?, logger: Logger) throws -> FailoverTrunkSource {
        do {
            let configuration = try ZentrunkConfiguration.fromEnvironment(baseURL: apiURL, userAgent: "trunkprobe/\(TrunkProbe.version)")
            return FailoverTrunkSource(trunkID: trunkID, client: ZentrunkClient(configuration: configuration, logger: logger))
        } catch {
            throw ValidationError("--trunk: \(error)")
        }
    }
}
