import ArgumentParser
import Foundation
import Logging
import ZentrunkAPI

/// How `trunkprobe api|provision|teardown` reach the API. Credentials come only from the environment
/// (`PLIVO_AUTH_ID`, `PLIVO_AUTH_TOKEN`), never from argv.
struct APIConnectionOptions: ParsableArguments {
    @Option(name: .customLong("api-url"), help: ArgumentHelp(
        "API base URL up to /v1/ (default: $PLIVO_API_URL, else https://api.plivo.com/v1/).", valueName: "URL"))
    var apiURL: String?

    @Option(name: .customLong("api-ca-file"), help: ArgumentHelp(
        "PEM file of CA certificates to trust for the API (default: $PLIVO_CA_FILE, else the system store). "
            + "Example: --api-ca-file /etc/ssl/private-ca.pem", valueName: "PATH"))
    var apiCAFile: String?

    @Option(name: .customLong("timeout"), help: ArgumentHelp(
        "Time allowed per request in seconds, retries and Retry-After waits included.", valueName: "SECONDS"),
        transform: TimeoutSeconds.parse)
    var timeout = TimeoutSeconds(30)

    /// Each request is logged: method, path, body with passwords redacted; never the token.
    @Flag(name: .shortAndLong, help: .verbose)
    var verbose = false

    var logger: Logger {
        var logger = Logger(label: "trunkprobe") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }

    func makeClient() throws -> ZentrunkClient {
        var configuration = try ZentrunkConfiguration.fromEnvironment(
            baseURL: apiURL, caFile: apiCAFile, userAgent: "trunkprobe/\(TrunkProbe.version)")
        configuration.totalTimeout = timeout.duration
        configuration.connectTimeout = min(configuration.connectTimeout, configuration.totalTimeout)
        return ZentrunkClient(configuration: configuration, logger: logger)
    }
}
