import Exporter
import Foundation
import Logging
import NIOCore
import NIOPosix
import SIPClient
import SIPCore
import Synchronization

/// Shared pieces of the exporter tests: an exporter from YAML, a SIP responder, a UDP port that never
/// answers, and a clock the test moves.
enum ExporterHarness {
    static let logger: Logger = {
        var logger = Logger(label: "exporter-test")
        logger.logLevel = .critical
        return logger
    }()

    static func exporter(_ yaml: String, options: Exporter.Options = Exporter.Options(),
                         now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) throws -> Exporter {
        Exporter(configuration: try ExporterConfiguration.parse(yaml, environment: [:]), options: options, logger: logger, now: now)
    }

    /// A responder on a kernel-chosen UDP port; returns it and the port.
    static func responder() async throws -> (SIPResponder, Int) {
        let responder = SIPResponder(logger: logger)
        let bound = try await responder.start([.init(transport: .udp, host: "127.0.0.1", port: 0)])
        return (responder, bound[0].port)
    }

    /// A UDP socket that reads and drops everything: a probe to it runs to its deadline.
    static func silentUDP() async throws -> any Channel {
        try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
    }

    /// The value of the first sample of `name` (with `labels` if given) in a text exposition.
    static func value(_ name: String, labels: String? = nil, in text: String) -> Double? {
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            let series = String(parts[0])
            let bare = series.split(separator: "{").first.map(String.init) ?? series
            guard bare == name else { continue }
            if let labels, !series.contains(labels) { continue }
            return Double(parts[1])
        }
        return nil
    }
}

/// A clock the test moves by hand, for pacing without sleeping.
final class ManualClock: Sendable {
    private let offset = Mutex<Duration>(.zero)
    private let start = ContinuousClock.now

    var now: ContinuousClock.Instant { start + offset.withLock { $0 } }
    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}
