import ArgumentParser

struct ResponderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "responder", abstract: "Run a small SIP UAS on loopback.")
    func run() async throws {}
}
