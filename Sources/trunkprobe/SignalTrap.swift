import Dispatch
import Foundation

/// Runs a handler on SIGINT or SIGTERM, once, so long-running commands shut down cleanly.
enum SignalTrap {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func onTermination(_ handler: @escaping @Sendable () -> Void) {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            sources.append(source)
        }
    }
}
