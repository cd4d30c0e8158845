import ArgumentParser
import Foundation
import Probes
import SIPCore

struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Send an INVITE to check reachability, digest credentials and IP ACLs, then end the attempt cleanly.",
        discussion: """
            The INVITE carries a minimal G.711 offer. On a 401 or 407 with credentials, trunkprobe answers the \
            challenge (MD5, SHA-256 or SHA-512-256, qop=auth) with CSeq+1 and a new branch. The call never stays \
            up: a provisional other than 100 is CANCELled at once (a 100 alone at the deadline), a non-2xx is \
            ACKed, and a 2xx (even one racing the CANCEL) gets ACK then BYE. Use a test number you own: a \
            180 means a phone may ring briefly.

            Examples:
              trunkprobe invite 21784177241578.zt.plivo.com --to 14155550100 --username elevenlabs_user --password-env SIP_PASSWORD
              trunkprobe invite sip:127.0.0.1:5060 --to 100 --format json

            Verdicts: auth_ok (0), no_challenge (1 with credentials, 0 without), auth_rejected (2), \
            acl_rejected (2), and those of `options`. See docs/invite.md.
            """)

    @Argument(help: "The target: a sip:/sips: URI, host, host:port, or an origination-URI string.")
    var target: String

    @Option(help: "The number or user to call (digits for a PSTN number; no spaces).")
    var to: String

    @OptionGroup var credentials: SIPCredentialOptions

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    @Option(help: "Transport: udp, tcp or tls (default: from the target).")
    var transport: String?

    @Option(help: "Deadline of one attempt in seconds; a CANCEL or BYE may take up to 2 s more.")
    var timeout: Double = 5

    @Option(help: "Local address to send from, ADDRESS[:PORT].")
    var bind: String?

    @Option(help: "From URI (default sip:trunkprobe@<local address>). Zentrunk wants a Plivo number as caller ID.")
    var from: String?

    @Option(help: "User-Agent header value.")
    var userAgent: String = "trunkprobe/\(TrunkProbe.version)"

    @Option(help: "Output: text or json.")
    var format: OutputFormat = .text

    @Flag(name: .shortAndLong, help: "Log protocol details to stderr.")
    var verbose = false

    func validate() throws {
        guard timeout > 0, timeout <= 300, timeout.isFinite else { throw ValidationError("--timeout must be between 0 and 300 seconds") }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_.!~*'()&=$,;?/#")
        guard !to.isEmpty, to.allSatisfy({ allowed.contains($0) }) else {
            throw ValidationError("--to '\(to)' is not a valid user part (digits for a number, no spaces)")
        }
        _ = try TargetArguments.target(target, transport: transport)
        _ = try TargetArguments.bind(bind)
        if let from { do { _ = try SIPURI(parsing: from) } catch { throw ValidationError("--from: \(error.message)") } }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: verbose)
        let target = try TargetArguments.target(self.target, transport: transport)
        let (bindHost, bindPort) = try TargetArguments.bind(bind)
        let config = InviteProbe.Configuration(
            target: target, to: to, credentials: try credentials.credentials(),
            timeout: .milliseconds(Int64(timeout * 1000)), bindHost: bindHost, bindPort: bindPort, from: from, userAgent: userAgent)
        var configuration = config
        configuration.resolution = try resolution.settings()
        configuration.tls = tls.settings
        let report = await InviteProbe(configuration: configuration, logger: logger).run()
        switch format {
        case .json: Output.line(report.jsonLine())
        case .text: Output.line(ReportTextRenderer.render(report))
        }
        throw ExitCode(report.status.rawValue)
    }
}
