import ArgumentParser
import ZentrunkAPI

/// `trunkprobe api ipacl create|get|list|update|delete`.
struct APIIPACLCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ipacl", abstract: "IP access control lists for outbound trunks.",
        subcommands: [Create.self, Get.self, List.self, Update.self, Delete.self])

    /// `--ip` may repeat and may hold comma-separated entries.
    static func addresses(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create", abstract: "Create an IP ACL.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Option(help: "Friendly name.") var name: String?
        @Option(name: .customLong("ip"), help: "IPv4/IPv6 address or CIDR; repeat or comma-separate.") var ips: [String] = []

        func run() async throws {
            try await APIRunner.run {
                let client = try connection.makeClient()
                let result = try await client.createIPAccessControlList(IPACLParameters(name: name, ipAddresses: APIIPACLCommand.addresses(ips)))
                APIResourceActions(client: client, resource: .ipAccessControlList, format: output.format).printWrite(result, verb: "created")
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one IP ACL.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "ipacl_uuid") var id: String

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .ipAccessControlList, format: output.format).get(id: id)
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List IP ACLs.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @OptionGroup var paging: APIPagingOptions

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .ipAccessControlList, format: output.format)
                    .list(limit: paging.limit, offset: paging.offset, all: paging.all)
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "update", abstract: "Update an IP ACL; --ip replaces the whole list.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "ipacl_uuid") var id: String
        @Option(help: "New friendly name.") var name: String?
        @Option(name: .customLong("ip"), help: "The complete new list; repeat or comma-separate.") var ips: [String] = []

        func run() async throws {
            try await APIRunner.run {
                let client = try connection.makeClient()
                let list = APIIPACLCommand.addresses(ips)
                let result = try await client.updateIPAccessControlList(id: id, IPACLParameters(name: name, ipAddresses: list.isEmpty ? nil : list))
                APIResourceActions(client: client, resource: .ipAccessControlList, format: output.format).printWrite(result, verb: "updated")
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete an IP ACL (breaks auth on trunks using it).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "ipacl_uuid") var id: String
        @Flag(help: "Confirm the delete.") var yes = false

        func run() async throws {
            try await APIRunner.run {
                try APIRunner.requireYes(yes, what: "IP ACL \(id)")
                try await APIResourceActions(client: try connection.makeClient(), resource: .ipAccessControlList, format: output.format).delete(id: id, yes: yes)
            }
        }
    }
}
