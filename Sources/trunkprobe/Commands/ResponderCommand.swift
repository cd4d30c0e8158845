import ArgumentParser
import Foundation
import Logging
import SIPClient
import SIPCore

struct ResponderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responder",
        abstract: "Run a small SIP UAS: answers OPTIONS with 200 and INVITE with 486.",
        discussion: """
            A local target for the demo, for trying trunkprobe without an account, and for inbound checks. \
            It logs each request to stderr and runs until interrupted (Ctrl-C or SIGTERM).

            Example:
              trunkprobe responder --listen udp:127.0.0.1:5060 --listen tcp:127.0.0.1:5060
            """)

    @Option(name: .customLong("listen"), help: "TRANSPORT:ADDRESS:PORT to listen on (repeatable); port 0 picks a free one.")
    var listens: [String] = ["udp:127.0.0.1:5060"]

    @Option(help: "Server header value.")
    var serverName: String = "trunkprobe-responder/\(TrunkProbe.version)"

    @Option(help: ArgumentHelp("Certificate (PEM) for tls: listeners; without one a self-signed certificate is made.", valueName: "PATH"))
    var cert: String?

    @Option(help: ArgumentHelp("Private key (PEM) of --cert.", valueName: "PATH"))
    var key: String?

    @Flag(name: .shortAndLong, help: "Log every request at debug level.")
    var verbose = false

    func validate() throws {
        if (cert == nil) != (key == nil) { throw ValidationError("--cert and --key go together") }
        for l in listens {
            do {
                _ = try ResponderEndpoint(parsing: l)
            } catch let error as SIPParseError {
                throw ValidationError("--listen \(l): \(error.message)")
            }
        }
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
        let endpoints = try listens.map { try ResponderEndpoint(parsing: $0) }
        let responder = SIPResponder(behaviour: ResponderBehaviour(serverName: serverName), logger: logger)
        let bound: [ResponderEndpoint]
        do {
            bound = try await responder.start(endpoints, security: try tlsLayer(for: endpoints))
        } catch {
            Output.error("trunkprobe: cannot listen: \(error)")
            throw ExitCode(3)
        }
        for endpoint in bound { Output.error("listening on \(endpoint)") }
        SignalTrap.onTermination { Task { await responder.stop() } }
        await responder.waitUntilClosed()
    }
}
