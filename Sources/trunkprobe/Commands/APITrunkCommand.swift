import ArgumentParser
import ZentrunkAPI

/// `trunkprobe api trunk create|get|list|update|delete`.
struct APITrunkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trunk", abstract: "Inbound and outbound SIP trunks.",
        subcommands: [Create.self, Get.self, List.self, Update.self, Delete.self])

    /// Trunk fields shared by create and update.
    struct Fields: ParsableArguments {
        @Option(help: "Friendly name.") var name: String?
        @Option(help: "Trunk direction.") var direction: TrunkDirection?
        @Option(help: "Trunk status.") var status: TrunkStatus?
        @Flag(inversion: .prefixedNo, help: "TLS signalling and SRTP media.") var secure: Bool?
        @Option(name: .customLong("credential"), help: "credential_uuid (outbound).") var credential: String?
        @Option(name: .customLong("ipacl"), help: "ipacl_uuid (outbound).") var ipacl: String?
        @Option(name: .customLong("primary-uri"), help: "primary_uri_uuid (inbound).") var primaryURI: String?
        @Option(name: .customLong("fallback-uri"), help: "fallback_uri_uuid (inbound).") var fallbackURI: String?

        var parameters: TrunkParameters {
            TrunkParameters(name: name, direction: direction?.rawValue, status: status?.rawValue, secure: secure, ipaclUUID: ipacl,
                            credentialUUID: credential, primaryURIUUID: primaryURI, fallbackURIUUID: fallbackURI)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "create",
            abstract: "Create a trunk and print its trunk_id and trunk_domain.",
            discussion: "Inbound needs --primary-uri; outbound needs --credential and/or --ipacl.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @OptionGroup var fields: Fields

        func run() async throws {
            try await APIRunner.run {
                let client = try connection.makeClient()
                let created = try await client.createTrunk(fields.parameters)
                APIResourceActions(client: client, resource: .trunk, format: output.format)
                    .printWrite(created.result, verb: "created", extra: [("trunk_domain", created.trunkDomain)])
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one trunk (nested or flat API shapes both accepted).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "trunk_id") var id: String

        func run() async throws {
            try await APIRunner.run {
                let client = try connection.makeClient()
                if output.format == .json {
                    // As received: the live API nests the trunk under "object".
                    Output.line(try await client.sendJSON(.get(.trunk, id: id)).rendered())
                } else {
                    try await APIResourceActions(client: client, resource: .trunk, format: .text).get(id: id)
                }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List trunks, optionally filtered.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @OptionGroup var paging: APIPagingOptions
        @Option(help: "Filter by trunk status.") var status: TrunkStatus?
        @Option(help: "Filter by trunk direction.") var direction: TrunkDirection?
        @Flag(inversion: .prefixedNo, help: "Filter on secure.") var secure: Bool?
        @Option(name: .customLong("credential"), help: "Filter: credential_uuid.") var credential: String?
        @Option(name: .customLong("ipacl"), help: "Filter: ipacl_uuid.") var ipacl: String?
        @Option(name: .customLong("primary-uri"), help: "Filter: primary_uri_uuid.") var primaryURI: String?
        @Option(name: .customLong("fallback-uri"), help: "Filter: fallback_uri_uuid.") var fallbackURI: String?

        func run() async throws {
            try await APIRunner.run {
                let filter = TrunkListFilter(status: status?.rawValue, direction: direction?.rawValue, secure: secure, ipaclUUID: ipacl,
                                             credentialUUID: credential, primaryURIUUID: primaryURI, fallbackURIUUID: fallbackURI)
                try await APIResourceActions(client: try connection.makeClient(), resource: .trunk, format: output.format)
                    .list(query: try filter.query(), limit: paging.limit, offset: paging.offset, all: paging.all)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Update a trunk.",
            discussion: "trunk_direction is always sent (the live API requires it); it is read back when --direction is not given.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "trunk_id") var id: String
        @OptionGroup var fields: Fields

        func run() async throws {
            try await APIRunner.run {
                let client = try connection.makeClient()
                let result = try await client.updateTrunk(id: id, fields.parameters)
                APIResourceActions(client: client, resource: .trunk, format: output.format).printWrite(result, verb: "updated")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete a trunk (detaches every number routed to it).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "trunk_id") var id: String
        @Flag(help: "Confirm the delete.") var yes = false

        func run() async throws {
            try await APIRunner.run {
                try APIRunner.requireYes(yes, what: "trunk \(id)")
                try await APIResourceActions(client: try connection.makeClient(), resource: .trunk, format: output.format).delete(id: id, yes: yes)
            }
        }
    }
}
