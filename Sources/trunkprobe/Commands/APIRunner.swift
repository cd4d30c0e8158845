import ArgumentParser
import Foundation
import ZentrunkAPI

/// Runs a command body and maps failures to monitoring-plugins exit codes with one line on stderr:
/// 3 for bad input, local validation and missing credentials; 2 for an API or transport error.
enum APIRunner {
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ZentrunkInputError {
            throw fail("invalid input: \(error)", code: 3)
        } catch let error as ZentrunkError {
            throw fail("API error: \(error)", code: 2)
        } catch let error as ValidationError {
            throw fail(error.message, code: 3)
        }
    }

    /// Prints the one-line reason and returns the exit code to throw.
    static func fail(_ message: String, code: Int32) -> ExitCode {
        Output.error("trunkprobe: \(message)")
        return ExitCode(code)
    }

    static func print(_ text: String) {
        Output.line(text)
    }

    /// The line for a required `--yes`.
    static func requireYes(_ yes: Bool, what: String) throws {
        guard yes else { throw ValidationError("refusing to delete \(what) without --yes") }
    }
}
