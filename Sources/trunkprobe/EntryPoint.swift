import ArgumentParser
import Foundation

/// Parses, runs, and maps every outcome to a monitoring-plugins exit code.
enum EntryPoint {
    static func run(arguments: [String]) async -> Never {
        do {
            var command = try TrunkProbe.parseAsRoot(NegativeNumberArguments.attached(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let code as ExitCode {
            exit(code.rawValue)
        } catch {
            let exitCode = TrunkProbe.exitCode(for: error)
            if exitCode == .success {
                // --help, --version: argument-parser prints them to stdout.
                print(TrunkProbe.fullMessage(for: error))
                exit(0)
            }
            Output.error("trunkprobe: " + UsageMessage.oneLine(TrunkProbe.message(for: error)))
            exit(3)
        }
    }
}
