import ArgumentParser

/// `trunkprobe api …`: one verb per Zentrunk endpoint.
struct APICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Call the Plivo Zentrunk API (credentials from PLIVO_AUTH_ID / PLIVO_AUTH_TOKEN).",
        discussion: """
            Exit codes: 0 success; 2 API or transport error (HTTP status, the API's message and request id on \
            stderr); 3 bad arguments, local validation failure or missing credentials. See docs/api.md.
            """,
        subcommands: [
            APICredentialCommand.self, APIIPACLCommand.self, APIURICommand.self, APITrunkCommand.self,
            APICallCommand.self, APINumberCommand.self,
        ])
}
