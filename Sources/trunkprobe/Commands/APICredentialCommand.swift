import ArgumentParser
import ZentrunkAPI

/// `trunkprobe api credential create|get|list|update|delete`.
struct APICredentialCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "credential", abstract: "Digest credentials for outbound trunks.",
        subcommands: [Create.self, Get.self, List.self, Update.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a credential (password from env, file or stdin).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Option(help: "Friendly name.") var name: String?
        @Option(help: "SIP username, 5-20 characters.") var username: String
        @OptionGroup var password: SecretOptions

        func run() async throws {
            try await APIRunner.run {
                guard let secret = try password.read() else {
                    throw ValidationError("a password is required: --password-env VAR, --password-file FILE or --password-stdin")
                }
                let client = try connection.makeClient()
                let result = try await client.createCredential(CredentialParameters(name: name, username: username, password: secret))
                APIResourceActions(client: client, resource: .credential, format: output.format).printWrite(result, verb: "created")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one credential.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "credential_uuid") var id: String

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .credential, format: output.format).get(id: id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List credentials.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @OptionGroup var paging: APIPagingOptions

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .credential, format: output.format)
                    .list(limit: paging.limit, offset: paging.offset, all: paging.all)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Update a credential.",
            discussion: "The API rewrites the password on every update, so a password is always required; the username is read back if not given.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "credential_uuid") var id: String
        @Option(help: "New friendly name.") var name: String?
        @Option(help: "New SIP username.") var username: String?
        @OptionGroup var password: SecretOptions

        func run() async throws {
            try await APIRunner.run {
                let secret = try password.read()
                let client = try connection.makeClient()
                let result = try await client.updateCredential(id: id, CredentialParameters(name: name, username: username, password: secret))
                APIResourceActions(client: client, resource: .credential, format: output.format).printWrite(result, verb: "updated")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a credential (breaks auth on trunks using it).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "credential_uuid") var id: String
        @Flag(help: "Confirm the delete.") var yes = false

        func run() async throws {
            try await APIRunner.run {
                try APIRunner.requireYes(yes, what: "credential \(id)")
                try await APIResourceActions(client: try connection.makeClient(), resource: .credential, format: output.format).delete(id: id, yes: yes)
            }
        }
    }
}
