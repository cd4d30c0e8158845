import ArgumentParser
import Reporting
import SIPCore

/// Flags every probe command shares: how to reach the target, how long to wait, how to report.
struct ProbeCommandOptions: ParsableArguments {
    @Option(help: "Transport: udp, tcp or tls (default: from the target).")
    var transport: String?

    @Option(help: "Deadline of one attempt in seconds (resolution, connection, transaction).")
    var timeout: Double = 5

    @Option(help: "Local address to send from, ADDRESS[:PORT] (IPv6 in brackets).")
    var bind: String?

    @Option(help: "From URI (default sip:trunkprobe@<local address>). Zentrunk wants a Plivo number as caller ID on INVITEs.")
    var from: String?

    @Option(help: "User-Agent header value.")
    var userAgent: String = "trunkprobe/\(TrunkProbe.version)"

    @Option(help: "Output: text (for people), json (one object per probe), junit, nagios (status line and perfdata) or prometheus (see docs/outputs.md).")
    var format: ReportFormat = .text

    @Flag(name: .shortAndLong, help: "Log protocol details to stderr.")
    var verbose = false

    @Flag(help: "Print every SIP message sent and received to stderr, in order with timestamps (credentials redacted); with --format json also as a `trace` array.")
    var trace = false

    func validate() throws {
        guard timeout > 0, timeout <= 300, timeout.isFinite else {
            throw ValidationError("--timeout must be between 0 and 300 seconds, got \(timeout)")
        }
        if let from {
            do { _ = try SIPURI(parsing: from) } catch { throw ValidationError("--from: \(error.message)") }
        }
        _ = try TargetArguments.bind(bind)
        if let transport, SIPTransportKind(token: transport) == nil {
            throw ValidationError("unknown transport '\(transport)': use udp, tcp or tls")
        }
    }

    func target(_ text: String) throws -> ProbeTarget { try TargetArguments.target(text, transport: transport) }

    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    var bindAddress: (host: String?, port: Int?) { (try? TargetArguments.bind(bind)) ?? (nil, nil) }
}
