import ArgumentParser

struct OptionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "options", abstract: "Send SIP OPTIONS to a target and report.")
    @Argument(help: "Target: sip:/sips: URI, host, host:port, or an origination-URI string.") var target: String
    func run() async throws {}
}
