import ArgumentParser
import ZentrunkAPI

/// `trunkprobe api uri create|get|list|update|delete`.
struct APIURICommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uri", abstract: "Origination URIs: where Plivo sends inbound calls.",
        subcommands: [Create.self, Get.self, List.self, Update.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an origination URI.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Option(help: "Friendly name.") var name: String?
        @Option(help: "host[:port][;transport=udp|tcp|tls] or sip:user@host.") var uri: String
        @Flag(name: .customLong("auth"), help: "Plivo answers a digest challenge from your side (authentication_needed).") var auth = false
        @Option(help: "Digest username (with --auth).") var username: String?
        @OptionGroup var password: SecretOptions

        func run() async throws {
            try await APIRunner.run {
                let secret = try password.read()
                let client = try connection.makeClient()
                let parameters = URIParameters(name: name, uri: uri, authenticationNeeded: auth ? true : nil, username: username, password: secret)
                let result = try await client.createURI(parameters)
                APIResourceActions(client: client, resource: .uri, format: output.format).printWrite(result, verb: "created")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one origination URI.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "uri_uuid") var id: String

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .uri, format: output.format).get(id: id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List origination URIs.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @OptionGroup var paging: APIPagingOptions

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .uri, format: output.format)
                    .list(limit: paging.limit, offset: paging.offset, all: paging.all)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Update an origination URI.",
            discussion: "A password change restates authentication_needed and the username (read back if not given).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "uri_uuid") var id: String
        @Option(help: "New friendly name.") var name: String?
        @Option(help: "New URI.") var uri: String?
        @Flag(name: .customLong("auth"), inversion: .prefixedNo, help: "Turn authentication_needed on or off.") var auth: Bool?
        @Option(help: "Digest username.") var username: String?
        @OptionGroup var password: SecretOptions

        func run() async throws {
            try await APIRunner.run {
                let secret = try password.read()
                let client = try connection.makeClient()
                let parameters = URIParameters(name: name, uri: uri, authenticationNeeded: auth, username: username, password: secret)
                let result = try await client.updateURI(id: id, parameters)
                APIResourceActions(client: client, resource: .uri, format: output.format).printWrite(result, verb: "updated")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "delete",
            abstract: "Delete an origination URI.",
            discussion: "Live behaviour: deleting a URI in use also deletes the trunks that point at it.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "uri_uuid") var id: String
        @Flag(help: "Confirm the delete.") var yes = false

        func run() async throws {
            try await APIRunner.run {
                try APIRunner.requireYes(yes, what: "origination URI \(id)")
                try await APIResourceActions(client: try connection.makeClient(), resource: .uri, format: output.format).delete(id: id, yes: yes)
            }
        }
    }
}
