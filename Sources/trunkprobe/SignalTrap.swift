import Dispatch
import Foundation

/// SIGINT and SIGTERM handling for the CLI.
///
/// Probe commands run their work through `interruptible`: the first signal cancels that work, which makes
/// the probe end its calls (CANCEL, or ACK and BYE: see InviteAttempt) within a short grace and return the
/// report so far; the command prints it and exits with at least UNKNOWN (3). If clean-up has not finished
/// `hardLimit` after the signal, the process exits 3 anyway. A second signal exits at once with 128 + the
/// signal number (130 for SIGINT, 143 for SIGTERM), as a shell reports a process the signal killed.
/// docs/verdicts.md documents the codes.
enum SignalTrap {
    /// From the first signal to the latest exit.
    static let hardLimit: DispatchTimeInterval = .milliseconds(1900)

    private static let lock = NSLock()
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    nonisolated(unsafe) private static var handlers: [@Sendable () -> Void] = []
    nonisolated(unsafe) private static var cancelCurrent: (@Sendable () -> Void)?
    nonisolated(unsafe) private static var received: Int32?
    nonisolated(unsafe) private static var installed = false
    /// The watchdog's limit for the work running now (`interruptible(hardLimit:)`).
    nonisolated(unsafe) private static var currentHardLimit: DispatchTimeInterval = hardLimit

    /// The first signal received, if any.
    static var interruptedBy: Int32? { lock.withLock { received } }

    /// The signal's name for messages.
    static func name(_ signal: Int32) -> String { signal == SIGTERM ? "SIGTERM" : signal == SIGINT ? "SIGINT" : "signal \(signal)" }

    /// Runs a handler on the first SIGINT or SIGTERM, so long-running commands shut down cleanly.
    static func onTermination(_ handler: @escaping @Sendable () -> Void) {
        lock.withLock { handlers.append(handler) }
        install()
    }

    /// Runs `operation` so that the first SIGINT or SIGTERM cancels it; returns its result (the report so
    /// far, when interrupted). Check `interruptedBy` afterwards.
    /// `hardLimit` is longer only where clean-up is more than ending calls (`smoke` tears down what it
    /// created through the API).
    static func interruptible<T: Sendable>(hardLimit: DispatchTimeInterval = SignalTrap.hardLimit,
                                           _ operation: @escaping @Sendable () async -> T) async -> T {
        // Handlers first: a signal that arrives once the work has started must find them in place.
        install()
        let task = Task { await operation() }
        let alreadyInterrupted = lock.withLock { () -> Bool in
            currentHardLimit = hardLimit
            cancelCurrent = { task.cancel() }
            return received != nil
        }
        if alreadyInterrupted {
            task.cancel()
            startWatchdog(received: interruptedBy ?? SIGINT)
        }
        let value = await task.value
        lock.withLock { cancelCurrent = nil }
        return value
    }

    private static func install() {
        let first = lock.withLock { () -> Bool in
            defer { installed = true }
            return !installed
        }
        guard first else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { deliver(sig) }
            source.resume()
            lock.withLock { sources.append(source) }
        }
    }

    private static func deliver(_ sig: Int32) {
        let (isFirst, cancel, toRun) = lock.withLock { () -> (Bool, (@Sendable () -> Void)?, [@Sendable () -> Void]) in
            if received != nil { return (false, nil, []) }
            received = sig
            return (true, cancelCurrent, handlers)
        }
        guard isFirst else {
            // The user insists: no clean-up, no report.
            FileHandle.standardError.write(Data("trunkprobe: second \(name(sig)): exiting at once\n".utf8))
            _exit(128 + sig)
        }
        toRun.forEach { $0() }
        guard let cancel else { return }
        FileHandle.standardError.write(Data("trunkprobe: \(name(sig)): ending the call and printing the report so far (send again to exit at once)\n".utf8))
        cancel()
        startWatchdog(received: sig)
    }

    /// The 2 s promise holds even if clean-up hangs: exit 3 at `hardLimit` after the signal.
    private static func startWatchdog(received sig: Int32) {
        let limit = lock.withLock { currentHardLimit }
        DispatchQueue.global().asyncAfter(deadline: .now() + limit) {
            FileHandle.standardError.write(Data("trunkprobe: clean-up after \(name(sig)) did not finish in time; exiting\n".utf8))
            _exit(3)
        }
    }
}
