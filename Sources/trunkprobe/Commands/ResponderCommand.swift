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

    @Flag(name: .shortAndLong, help: "Log every request at debug level.")
    var verbose = false

    func validate() throws {
        for l in listens {
            do {
                let endpoint = try ResponderEndpoint(parsing: l)
                if endpoint.transport == .tls {
                    throw ValidationError("TLS listeners are not supported yet by this build: use udp: or tcp:")
                }
            } catch let error as SIPParseError {
                throw ValidationError("--listen \(l): \(error.message)")
            }
        }
    }

    func run() async throws {
        var logger = CLILogging.logger(verbose: verbose, label: "trunkprobe.responder")
        logger.logLevel = verbose ? .debug : .info
        let endpoints = try listens.map { try ResponderEndpoint(parsing: $0) }
        let responder = SIPResponder(behaviour: ResponderBehaviour(serverName: serverName), logger: logger)
        let bound: [ResponderEndpoint]
        do {
            bound = try await responder.start(endpoints)
        } catch {
            Output.error("trunkprobe: cannot listen: \(error)")
            throw ExitCode(3)
        }
        for endpoint in bound { Output.error("listening on \(endpoint)") }
        SignalTrap.onTermination { Task { await responder.stop() } }
        await responder.waitUntilClosed()
    }
}
