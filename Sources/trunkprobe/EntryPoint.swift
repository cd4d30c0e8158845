import ArgumentParser
import Foundation

/// Parses, runs, and maps every outcome to a monitoring-plugins exit code.
enum EntryPoint {
    static func run(arguments: [String]) async -> Never {
        do {
            var command = try parse(NegativeNumberArguments.attached(arguments))
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

    /// The command line, parsed. argument-parser first tries every command line as a request for a shell
    /// completion script: two more parsers and their first-time protocol conformance lookups, 2 million
    /// instructions (4%) of a one-probe run that the command's own parse does not share, 3 million of
    /// `--version` (docs/benchmarks.md, "Start-up"). The first attempt skips that
    /// try (`TrunkProbe.skipsCompletionScriptRequest`); anything it cannot parse, which includes
    /// --generate-completion-script, --help and --version (argument-parser reports those as errors), is
    /// parsed again the standard way, so what is printed, and every exit code, is argument-parser's own.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        TrunkProbe.skipsCompletionScriptRequest = true
        let first = Result { try TrunkProbe.parseAsRoot(arguments) }
        TrunkProbe.skipsCompletionScriptRequest = false
        if case .success(let command) = first { return command }
        return try TrunkProbe.parseAsRoot(arguments)
    }
}
