import ArgumentParser
import Foundation

/// The root command. Subcommands live one per file in Commands/.
struct TrunkProbe: AsyncParsableCommand {
    static let version = "0.1.0"

    /// True only while `EntryPoint.parse` makes its first attempt: the configuration then names a "super
    /// command", for which argument-parser does not first try the command line as a request for a shell
    /// completion script. Nothing else reads that name but the help and usage text, which is never printed
    /// from that attempt.
    nonisolated(unsafe) static var skipsCompletionScriptRequest = false

    static var configuration: CommandConfiguration {
        guard skipsCompletionScriptRequest else { return standardConfiguration }
        var configuration = standardConfiguration
        configuration._superCommandName = ""
        return configuration
    }

    private static let standardConfiguration = CommandConfiguration(
        commandName: "trunkprobe",
        abstract: "Provision Plivo Zentrunk SIP trunks and prove at the SIP layer that they work.",
        discussion: """
            Exit codes follow the monitoring-plugins convention: 0 OK, 1 WARNING, 2 CRITICAL, \
            3 UNKNOWN (bad arguments or configuration only). See docs/verdicts.md.
            """,
        version: version,
        subcommands: [
            OptionsCommand.self,
            InviteCommand.self,
            CheckCommand.self,
            ResponderCommand.self,
            FailoverCommand.self,
            APICommand.self,
            SandboxCommand.self,
            SmokeCommand.self,
            ProvisionCommand.self,
            TeardownCommand.self,
            DiagnoseCommand.self,
            DoctorCommand.self,
            ServeCommand.self,
        ]
    )
}
