import ArgumentParser
import ZentrunkAPI

/// `trunkprobe api call list|get|insights`: call detail records.
struct APICallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call", abstract: "Call detail records (last 90 days) and per-call insights.",
        subcommands: [List.self, Get.self, Insights.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List calls with the documented filters.",
            discussion: "Numbers are digits without '+'. Times are 'YYYY-MM-DD HH:MM[:ss]' UTC; an upper bound needs a lower bound; at most 90 days.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @OptionGroup var paging: APIPagingOptions
        @Option(name: .customLong("from"), help: "from_number (exact or prefix).") var fromNumber: String?
        @Option(name: .customLong("to"), help: "to_number (exact or prefix).") var toNumber: String?
        @Option(help: "call_direction.") var direction: TrunkDirection?
        @Option(name: .customLong("hangup-cause-code")) var hangupCauseCode: Int?
        @Option(name: .customLong("hangup-source"), help: "Which side ended the call.") var hangupSource: HangupSource?
        @Option(name: .customLong("stir-verification"), help: "STIR/SHAKEN result (dashes or quoted spaces).") var stir: StirVerification?
        @Option(name: .customLong("bill-duration")) var billDuration: Int?
        @Option(name: .customLong("bill-duration-gt")) var billDurationGT: Int?
        @Option(name: .customLong("bill-duration-gte")) var billDurationGTE: Int?
        @Option(name: .customLong("bill-duration-lt")) var billDurationLT: Int?
        @Option(name: .customLong("bill-duration-lte")) var billDurationLTE: Int?
        @Option(name: .customLong("end-time")) var endTime: String?
        @Option(name: .customLong("end-time-gt")) var endTimeGT: String?
        @Option(name: .customLong("end-time-gte")) var endTimeGTE: String?
        @Option(name: .customLong("end-time-lt")) var endTimeLT: String?
        @Option(name: .customLong("end-time-lte")) var endTimeLTE: String?

        var filter: CallFilter {
            var filter = CallFilter()
            filter.fromNumber = fromNumber; filter.toNumber = toNumber; filter.callDirection = direction?.rawValue
            filter.hangupCauseCode = hangupCauseCode; filter.hangupSource = hangupSource?.rawValue; filter.stirVerification = stir?.rawValue
            filter.billDuration = billDuration; filter.billDurationGreaterThan = billDurationGT
            filter.billDurationGreaterOrEqual = billDurationGTE; filter.billDurationLessThan = billDurationLT
            filter.billDurationLessOrEqual = billDurationLTE; filter.endTime = endTime
            filter.endTimeGreaterThan = endTimeGT; filter.endTimeGreaterOrEqual = endTimeGTE
            filter.endTimeLessThan = endTimeLT; filter.endTimeLessOrEqual = endTimeLTE
            return filter
        }

        func run() async throws {
            try await APIRunner.run {
                let query = try filter.query()
                try await APIResourceActions(client: try connection.makeClient(), resource: .call, format: output.format)
                    .list(query: query, limit: paging.limit, offset: paging.offset, all: paging.all)
            }
        }
    }

    struct Get: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "get", abstract: "Show one call record.")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "call_uuid") var id: String

        func run() async throws {
            try await APIRunner.run {
                try await APIResourceActions(client: try connection.makeClient(), resource: .call, format: output.format).get(id: id)
            }
        }
    }

    struct Insights: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "insights", abstract: "Show a call's quality insights (rtt, jitter, loss, score).")
        @OptionGroup var connection: APIConnectionOptions
        @OptionGroup var output: APIOutputOptions
        @Argument(help: "call_uuid") var id: String

        func run() async throws {
            try await APIRunner.run {
                let json = try await connection.makeClient().sendJSON(.callInsights(id: id))
                Output.line(output.format == .json ? json.rendered() : APIRenderer.object(json))
            }
        }
    }
}
