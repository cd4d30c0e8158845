import ArgumentParser
import Foundation
import Logging
import Probes
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
              trunkprobe failover --primary sip:sbc1.example.com --fallback sip:sbc2.example.com
              trunkprobe failover --primary 192.0.2.10:5060 --fallback 192.0.2.11:5060 --failover-on 408,480 --format json

            Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (bad arguments). See docs/failover.md.
            """)

    @Option(help: "The primary URI (a sip:/sips: URI, host, host:port, or an origination-URI string).")
    var primary: String?

    @Option(help: "The fallback URI (same forms as --primary).")
    var fallback: String?

    @Option(help: "Read the primary and fallback URIs of this inbound trunk through the Zentrunk API.")
    var trunk: String?

    @Option(help: "Status codes that trigger failover besides 503, comma-separated (e.g. 408,480,504).")
    var failoverOn: String?

    @Option(help: "Transport for both URIs: udp, tcp or tls (default: from each URI).")
    var transport: String?

    @Option(help: "Deadline of each probe in seconds.")
    var timeout: Double = 5

    @Option(help: "Local address to send from, ADDRESS[:PORT] (IPv6 in brackets).")
    var bind: String?

    @Option(help: "From URI (default sip:trunkprobe@<local address>).")
    var from: String?

    @Option(help: "User-Agent header value.")
    var userAgent: String = "trunkprobe/\(TrunkProbe.version)"

    @Option(help: "Output: text (for people) or json (one object on stdout).")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Log protocol details to stderr.")
    var verbose = false

    func validate() throws {
        guard timeout > 0, timeout <= 300, timeout.isFinite else { throw ValidationError("--timeout must be between 0 and 300 seconds, got \(timeout)") }
        if let transport, SIPTransportKind(token: transport) == nil {
            throw ValidationError("unknown transport '\(transport)': use udp, tcp or tls")
        }
        switch (primary, trunk) {
        case (nil, nil): throw ValidationError("give --primary URI (and --fallback URI), or --trunk ID")
        case (.some, .some): throw ValidationError("--trunk reads the URIs from the API: give either --trunk or --primary/--fallback")
        case (nil, .some) where fallback != nil: throw ValidationError("--fallback goes with --primary, not with --trunk")
        default: break
        }
        if let from {
            do { _ = try SIPURI(parsing: from) } catch { throw ValidationError("--from: \(error.message)") }
        }
        _ = try parsedCodes()
        _ = try parsedBind()
        if let primary { _ = try target(primary, flag: "--primary") }
        if let fallback { _ = try target(fallback, flag: "--fallback") }
    }

    func parsedCodes() throws -> Set<Int> {
        guard let failoverOn else { return [] }
        var codes: Set<Int> = []
        for part in failoverOn.split(separator: ",") {
            guard let code = Int(part.trimmingCharacters(in: .whitespaces)), (300...699).contains(code) else {
                throw ValidationError("--failover-on '\(failoverOn)': expected status codes 300–699, comma-separated, e.g. 408,480,504")
            }
            codes.insert(code)
        }
        return codes
    }

    func target(_ text: String, flag: String) throws -> ProbeTarget {
        do {
            return try ProbeTarget(parsing: text, transport: transport.flatMap(SIPTransportKind.init(token:)))
        } catch {
            throw ValidationError("\(flag) '\(text)': \(error.message)")
        }
    }

    func parsedBind() throws -> (host: String?, port: Int?) {
        guard let bind else { return (nil, nil) }
        if bind.hasPrefix(":"), let port = Int(bind.dropFirst()), (0...65535).contains(port) { return (nil, port) }
        do {
            let (host, port) = try HostPort.split(bind)
            guard IPAddressText.isNumeric(host) else { throw ValidationError("--bind needs an IP address, got '\(host)'") }
            return (host, port)
        } catch let error as SIPParseError {
            throw ValidationError("--bind: \(error.message)")
        }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: verbose)
        let source: any FailoverURISource
        if let trunk {
            guard let api = FailoverTrunkSource.make(trunkID: trunk) else {
                Output.error("trunkprobe: --trunk is not available in this build (the Zentrunk API client is not linked in); "
                    + "use --primary URI --fallback URI with the trunk's origination URIs")
                throw ExitCode(3)
            }
            source = api
        } else {
            source = StaticFailoverURIs(primary: primary ?? "", fallback: fallback)
        }
        let uris: FailoverURIs
        do {
            uris = try await source.uris()
        } catch {
            Output.error("trunkprobe: cannot read the trunk's URIs: \(error)")
            throw ExitCode(3)
        }
        let (bindHost, bindPort) = try parsedBind()
        func configuration(_ text: String, _ flag: String) throws -> OptionsProbe.Configuration {
            let t = try target(text, flag: flag)
            if t.transport == .tls {
                throw ValidationError("\(flag): TLS is not supported yet by this build; probe over udp or tcp (--transport)")
            }
            return OptionsProbe.Configuration(
                target: t, timeout: .milliseconds(Int64(timeout * 1000)), bindHost: bindHost, bindPort: bindPort,
                from: from, userAgent: userAgent)
        }
        let probe = FailoverProbe(
            primary: try configuration(uris.primary, "primary"), fallback: try uris.fallback.map { try configuration($0, "fallback") },
            policy: FailoverPolicy(extraCodes: try parsedCodes()), logger: logger)
        let report = await probe.run()
        switch format {
        case .json: Output.line(report.jsonLine())
        case .text: Output.line(report.text())
        }
        throw ExitCode(report.status.rawValue)
    }
}
