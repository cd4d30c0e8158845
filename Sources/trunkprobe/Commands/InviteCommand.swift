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

            Examples (with credentials: $TRUNK holds the trunk domain, $PW the password):
              trunkprobe invite 21784177241578.zt.plivo.com --to 14155550100
              trunkprobe invite $TRUNK --to 14155550100 --username lk01 --password-env PW
              trunkprobe invite sip:127.0.0.1:5060 --to 100 --format json
              trunkprobe invite --targets-file sbcs.txt --to 100 --min-interval 15
              trunkprobe invite example.com --to 100 --each-server

            Several targets (arguments, --targets-file, or both; '-' reads standard input) are called at once, \
            at most --concurrency in flight; each report is printed as it completes, then a summary (in JSON: \
            a last object with "summary": true). The exit code is the worst status.

            Verdicts: auth_ok (0), no_challenge (1 with credentials, 0 without), auth_rejected (2), \
            acl_rejected (2), auth_unsupported (2: a challenge trunkprobe cannot answer, so the credentials \
            were not tested), hangup_failed (2: the 2xx's Contact was unusable, or the BYE was refused or \
            unanswered), and those of `options`. See docs/invite.md.

            Ctrl-C or SIGTERM ends the call first (CANCEL, or ACK and BYE), prints the report so far and exits \
            3 (UNKNOWN; 2 if it is already CRITICAL) within 2 s; a second signal exits at once (130/143).
            """)

    @Argument(help: "Targets: sip:/sips: URIs, hosts, host:port, or origination-URI strings.")
    var targets: [String] = []

    @Option(help: "The number or user to call (digits for a PSTN number; no spaces).")
    var to: String

    @OptionGroup var credentials: SIPCredentialOptions

    @OptionGroup var resolution: ResolutionOptions

    @OptionGroup var tls: TLSOptions

    @OptionGroup var common: ProbeCommandOptions

    @OptionGroup var engine: EngineOptions

    @Option(help: "Output: text (for people), json (one object per probe), junit, nagios (status line and perfdata) or prometheus (see docs/outputs.md).")
    var format: ReportFormat = .text

    func validate() throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-_.!~*'()&=$,;?/#")
        guard !to.isEmpty, to.allSatisfy({ allowed.contains($0) }) else {
            throw ValidationError("--to '\(to)' is not a valid user part (digits for a number, no spaces)")
        }
        for target in targets { _ = try common.target(target) }
        if targets.isEmpty && engine.targetsFile == nil { throw ValidationError("give at least one target, or --targets-file FILE") }
    }

    func run() async throws {
        let logger = CLILogging.logger(verbose: common.verbose)
        let targets = try await TargetArguments.targets(targets, file: engine.targetsFile, transport: common.transport)
        var configuration = InviteProbe.Configuration(
            target: targets[0], to: to, credentials: try credentials.credentials(),
            timeout: common.timeoutDuration, bindHost: common.bind?.host, bindPort: common.bind?.port,
            from: common.from, userAgent: common.userAgent)
        configuration.resolution = try resolution.settings()
        configuration.tls = tls.settings
        let batch = ProbeBatch(targets: targets, engine: engine.engine(), format: format, trace: common.trace, command: "invite")
        let eachServer = resolution.eachServer
        let worst = await batch.run { [configuration] target in
            var configuration = configuration
            configuration.target = target
            let probe = InviteProbe(configuration: configuration, logger: logger)
            return eachServer ? await probe.runEachServer() : [await probe.run()]
        }
        throw ExitCode(worst.rawValue)
    }
}
