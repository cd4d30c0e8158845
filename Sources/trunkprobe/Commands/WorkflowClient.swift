import ArgumentParser
import Foundation
import Logging
import Probes
import SIPCore
import ZentrunkAPI

/// What `diagnose` and `doctor` share: the API client from the environment and the probe settings from the
/// shared probe flags.
enum WorkflowClient {
    /// Missing API credentials or a bad URL are the user's configuration: exit 3 before any request.
    static func make(apiURL: String?, logger: Logger) throws -> ZentrunkClient {
        do {
            let configuration = try ZentrunkConfiguration.fromEnvironment(baseURL: apiURL, userAgent: "trunkprobe/\(TrunkProbe.version)")
            return ZentrunkClient(configuration: configuration, logger: logger)
        } catch {
            Output.error("trunkprobe: \(error)")
            throw ExitCode(3)
        }
    }

    /// The probe settings every planned probe starts from (its target is replaced).
    static func probeSettings(common: ProbeCommandOptions, resolution: ResolutionOptions, tls: TLSOptions,
                              credentials: DigestCredentials?) throws -> ProbeSettings {
        var settings = ProbeSettings(
            target: try ProbeTarget(parsing: "127.0.0.1"), timeout: common.timeoutDuration, bindHost: common.bind?.host,
            bindPort: common.bind?.port, from: common.from, userAgent: common.userAgent, credentials: credentials)
        settings.resolution = try resolution.settings()
        settings.tls = tls.settings
        return settings
    }

    /// `--transport`.
    static func transport(_ common: ProbeCommandOptions) -> SIPTransportKind? { common.transport }
}
