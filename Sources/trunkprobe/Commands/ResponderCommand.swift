import ArgumentParser
import Foundation
import Logging
import SIPClient
import SIPCore

struct ResponderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responder",
        abstract: "Run a small SIP UAS: answers OPTIONS with 200 and INVITE as told (486 by default).",
        discussion: """
            A local target for the demo, for trying trunkprobe without an account, and for the invite, auth and \
            failover checks. It logs each request to stderr and runs until interrupted (Ctrl-C or SIGTERM).

            --invite OUTCOME: a final code (486, 200, 503, 404…), PROVISIONAL-then-FINAL (180-then-486: 180 at once, \
            the final after --ring-ms), a provisional alone (180: rings until CANCEL), or silent (never answers). \
            A CANCEL for a pending INVITE gets 200 and the INVITE 487 (RFC 3261 §9.2); ACK is absorbed; a 200 \
            carries Contact and a PCMU SDP answer.
            --auth USER --password-env VAR: challenges INVITE (and OPTIONS with --challenge-options) with a \
            fresh nonce, qop="auth"; wrong credentials get 403, an unknown or expired nonce a new challenge with \
            stale=true. The password is read only from the environment variable and never logged.
            --allow CIDR (repeatable): other sources get 403 Forbidden without a challenge.
            Limits: at most --max-connections TCP/TLS connections (the next is closed at once); a connection \
            that reads nothing, or completes no SIP message (TLS handshake included), for --idle-timeout \
            seconds is closed; UDP requests up to 64 KiB are answered. A port already in use is an error \
            (exit 3), over UDP too.

            Examples:
              trunkprobe responder --listen udp:127.0.0.1:5060 --listen tcp:127.0.0.1:5060
              trunkprobe responder --listen tcp:127.0.0.1:5060 --max-connections 32
              trunkprobe responder --invite 180-then-486 --allow 127.0.0.0/8
              PW=secret trunkprobe responder --auth alice --password-env PW --challenge 407
            """)

    @Option(name: .customLong("listen"), help: ArgumentHelp("Where to listen (repeatable); port 0 picks a free one.",
                                                           valueName: "TRANSPORT:ADDRESS:PORT"),
            transform: ResponderEndpoint.parseArgument)
    var listens: [ResponderEndpoint] = [ResponderEndpoint(transport: .udp, host: "127.0.0.1", port: 5060)]

    @Option(help: "Server header value.")
    var serverName: String = "trunkprobe-responder/\(TrunkProbe.version)"

    @Option(help: ArgumentHelp("How to answer INVITE: a code (486, 200, 503…), 180-then-486, 180, or silent.", valueName: "OUTCOME"),
            transform: InviteOutcome.parse)
    var invite = InviteOutcome.final(486)

    @Option(help: "Status code for OPTIONS (default 200; e.g. 503 to play a primary in maintenance).")
    var options: Int = 200

    @Option(help: "Milliseconds between the provisional and the final of PROVISIONAL-then-FINAL.")
    var ringMs: Int = 1000

    @Option(help: "Digest username that INVITE (and OPTIONS with --challenge-options) must authenticate as.")
    var auth: String?

    @Option(help: "Environment variable holding the password for --auth (never on the command line).")
    var passwordEnv: String?

    @Option(help: "Digest algorithm offered.")
    var algorithm = DigestAlgorithm.md5

    @Option(help: "Challenge with 401 (WWW-Authenticate) or 407 (Proxy-Authenticate).")
    var challenge: Int = 401

    @Option(help: "Digest realm.")
    var realm: String = "trunkprobe"

    @Flag(help: "Challenge OPTIONS too (default: INVITE only).")
    var challengeOptions = false

    @Option(name: .customLong("allow"), help: ArgumentHelp("Allowed source address or prefix (repeatable, IPv4 or IPv6); others get 403.",
                                                          valueName: "CIDR"), transform: CIDRRange.parse)
    var allows: [CIDRRange] = []

    @Option(help: ArgumentHelp("Certificate (PEM) for tls: listeners; without one a self-signed certificate is made.", valueName: "PATH"))
    var cert: String?

    @Option(help: ArgumentHelp("Private key (PEM) of --cert.", valueName: "PATH"))
    var key: String?

    @Option(help: ArgumentHelp("Open TCP/TLS connections at most (1–65536); the next one is closed at once.", valueName: "N"),
            transform: PositiveCount.parse)
    var maxConnections = PositiveCount(ResponderLimits().maximumConnections)

    @Option(help: ArgumentHelp("Close a TCP/TLS connection idle (or without a complete request) this long (0.05 or more).", valueName: "SECONDS"),
            transform: IntervalSeconds.parse)
    var idleTimeout = IntervalSeconds(60)

    @Flag(name: .shortAndLong, help: .verbose)
    var verbose = false

    func validate() throws {
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        guard (200...699).contains(options) else { throw ValidationError("--options must be a final status code 200–699, got \(options)") }
        guard (0...600_000).contains(ringMs) else { throw ValidationError("--ring-ms must be between 0 and 600000") }
        guard maxConnections.value <= 65_536 else {
            throw ValidationError("--max-connections must be at most 65536, got \(maxConnections)")
        }
        guard idleTimeout.seconds >= 0.05 else {
            throw ValidationError("--idle-timeout must be at least 0.05 seconds, got \(idleTimeout)")
        }
        guard challenge == 401 || challenge == 407 else { throw ValidationError("--challenge must be 401 or 407, got \(challenge)") }
        if auth != nil || passwordEnv != nil || challengeOptions {
            guard auth != nil, let passwordEnv else {
                throw ValidationError("--auth USER and --password-env VAR go together (--challenge-options needs both)")
            }
            guard let value = ProcessInfo.processInfo.environment[passwordEnv], !value.isEmpty else {
                throw ValidationError("--password-env \(passwordEnv): the environment variable is not set or empty")
            }
        }
    }

    func behaviour() -> ResponderBehaviour {
        var responderAuth: ResponderAuth?
        if let auth, let passwordEnv, let password = ProcessInfo.processInfo.environment[passwordEnv] {
            responderAuth = ResponderAuth(
                credentials: DigestCredentials(username: auth, password: password), realm: realm,
                algorithm: algorithm,
                challenge: challenge == 407 ? .proxy : .www, challengeOptions: challengeOptions)
        }
        return ResponderBehaviour(
            serverName: serverName, invite: invite, ringTime: .milliseconds(ringMs),
            auth: responderAuth, allow: allows, optionsStatus: options)
    }

    /// TLS for `tls:` listeners: the given certificate, or a self-signed one made now (and said so).
    func tlsLayer(for endpoints: [ResponderEndpoint]) throws -> StreamConnection.SecurityLayer? {
        guard endpoints.contains(where: { $0.transport == .tls }) else { return nil }
        let configuration: TLSConfiguration
        if let cert, let key {
            configuration = .server(certificateFile: cert, privateKeyFile: key)
        } else {
            let name = endpoints.first { $0.transport == .tls }?.host ?? "localhost"
            let selfSigned = try SelfSignedCertificate(name: name)
            configuration = .server(selfSigned)
            Output.error("no --cert given: using a self-signed certificate for \(name) (clients must use --insecure or trust it)")
        }
        let context = try OpenSSLContext(configuration: configuration)
        return { channel in try channel.pipeline.syncOperations.addHandler(TLSHandler(server: context)) }
    }

    func run() async throws {
        var logger = CLILogging.logger(verbose: verbose, label: "trunkprobe.responder")
        logger.logLevel = verbose ? .debug : .info
        let endpoints = listens
        let behaviour = behaviour()
        let limits = ResponderLimits(maximumConnections: maxConnections.value, idleTimeout: idleTimeout.duration)
        let responder = SIPResponder(behaviour: behaviour, logger: logger, limits: limits)
        let bound: [ResponderEndpoint]
        do {
            bound = try await responder.start(endpoints, security: try tlsLayer(for: endpoints))
        } catch let failure as TransportFailure {
            // One line naming the address, e.g. "cannot bind udp:127.0.0.1:5060: address already in use".
            Output.error("trunkprobe: \(failure)")
            throw ExitCode(3)
        } catch {
            Output.error("trunkprobe: cannot listen: \(error)")
            throw ExitCode(3)
        }
        for endpoint in bound { Output.error("listening on \(endpoint)") }
        // Say what the responder does, never the password (architecture: secrets are never printed).
        var summary = "OPTIONS → \(behaviour.optionsStatus), INVITE → \(behaviour.invite)"
        if let a = behaviour.auth {
            summary += "; digest \(a.verifier.algorithm) for user \(a.verifier.credentials.username), challenge \(a.challenge.rawValue)"
            summary += a.challengeOptions ? " (INVITE and OPTIONS)" : " (INVITE only)"
        }
        if !behaviour.allow.isEmpty { summary += "; allow \(behaviour.allow.map(\.description).joined(separator: ", "))" }
        Output.error(summary)
        SignalTrap.onTermination { Task { await responder.stop() } }
        await responder.waitUntilClosed()
    }
}
