import ArgumentParser
import ZentrunkAPI

/// `trunkprobe api number route NUMBER --trunk ID`.
struct APINumberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "number", abstract: "Phone numbers on Zentrunk.", subcommands: [Route.self])

    struct Route: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "route",
            abstract: "Route a Plivo number to an inbound trunk (POST Number/{number}/ with app_id).",
            discussion: "The trunk is read first: a number routed to an outbound trunk silently stops answering.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "The number, digits only (no '+').") var number: String
        @Option(help: "Inbound trunk_id.") var trunk: String

        func run() async throws {
            try await APIRunner.run {
                let result = try await connection.makeClient().routeNumber(number, toTrunk: trunk)
                if output.format == .json {
                    Output.line(result.raw.rendered())
                } else {
                    Output.line("routed \(number) to trunk \(trunk)")
                }
            }
        }
    }
}
