import ArgumentParser
import Foundation
import Probes
import Reporting
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

    @OptionGroup var common: ProbeCommandOptions

    func validate() throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_.!~*'()&=$,;?/#")
        guard !to.isEmpty, to.allSatisfy({ allowed.contains($0) }) else {
            throw ValidationError("--to '\(to)' is not a valid user part (digits for a number, no spaces)")
        }
        _ = try common.target(target)
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        var configuration = InviteProbe.Configuration(
            target: try common.target(target), to: to, credentials: try credentials.credentials(),
            timeout: common.timeoutDuration, bindHost: common.bindAddress.host, bindPort: common.bindAddress.port,
            from: common.from, userAgent: common.userAgent)
        configuration.resolution = try resolution.settings()
        configuration.tls = tls.settings
        var report = await InviteProbe(configuration: configuration, logger: logger).run()
        if common.trace {
            report.includeTrace()
            Output.error(TraceTextRenderer.render(report))
        }
        switch common.format {
        case .json: Output.line(JSONLine.encode(report))
        case .text: Output.line(ReportTextRenderer.render(report))
        }
        throw ExitCode(report.status.rawValue)
    }
}
