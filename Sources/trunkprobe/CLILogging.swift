import Foundation
import Logging

/// The only place that bootstraps logging: stderr, warnings by default, debug with --verbose.
enum CLILogging {
    nonisolated(unsafe) private static var bootstrapped = false

    static func logger(verbose: Bool, label: String = "trunkprobe") -> Logger {
        if !bootstrapped {
            bootstrapped = true
            LoggingSystem.bootstrap { label in
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = verbose ? .debug : .warning
                return TerminalSafeLogHandler(handler)
            }
        }
        var logger = Logger(label: label)
        logger.logLevel = verbose ? .debug : .warning
        return logger
    }
}
