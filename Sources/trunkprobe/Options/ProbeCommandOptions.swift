import ArgumentParser
import SIPCore

/// Flags every probe command shares: how to reach the target, how long to wait, what to log. `--format` is
/// each command's own: the probes take `ReportFormat`, diagnose and doctor `OutputFormat`.
struct ProbeCommandOptions: ParsableArguments {
    @Option(help: "Transport (default: from the target).")
    var transport: SIPTransportKind?

    @Option(help: ArgumentHelp("Deadline of one attempt in seconds (resolution, connection, transaction).", valueName: "SECONDS"),
            transform: TimeoutSeconds.parse)
    var timeout = TimeoutSeconds(5)

    @Option(help: ArgumentHelp("Local address to send from (IPv6 in brackets; :PORT for any address).", valueName: "ADDRESS[:PORT]"),
            transform: BindAddress.parse)
    var bind: BindAddress?

    @Option(help: "From URI (default sip:trunkprobe@<local address>). Zentrunk wants a Plivo number as caller ID on INVITEs.")
    var from: String?

    @Option(help: "User-Agent header value.")
    var userAgent: String = "trunkprobe/\(TrunkProbe.version)"

    @Flag(name: .shortAndLong, help: .verbose)
    var verbose = false

    @Flag(help: "Print every SIP message sent and received to stderr, in order with timestamps (credentials redacted); with --format json also as a `trace` array.")
    var trace = false

    func validate() throws {
        if let from {
            do { _ = try SIPURI(parsing: from) } catch { throw ValidationError("--from: \(error.message)") }
        }
        try bind?.checkLocal()
    }

    func target(_ text: String) throws -> ProbeTarget { try TargetArguments.target(text, transport: transport) }

    var timeoutDuration: Duration { timeout.duration }
}
