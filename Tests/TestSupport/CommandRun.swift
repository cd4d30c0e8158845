import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a command to completion (bounded), capturing stdout and stderr separately: how CLI tests run
/// `trunkprobe` the way a user does.
public struct CommandRun: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    /// The `trunkprobe` binary built next to the test bundle.
    public static var trunkprobe: String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return bundle.appendingPathComponent("trunkprobe").path
    }

    /// `run` on a thread of its own: the wait for the child (up to `timeout`) must not block the Swift
    /// cooperative pool (two threads on a two-core machine), or in-process probes of parallel tests stall
    /// past their deadlines.
    public static func runDetached(_ executable: String, _ arguments: [String], stdin: String? = nil,
                                   environment: [String: String] = [:], timeout: Double = 30) async throws -> CommandRun {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try run(executable, arguments, stdin: stdin, environment: environment, timeout: timeout)
                })
            }
            thread.start()
        }
    }

    public static func run(_ executable: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], timeout: Double = 30) throws -> CommandRun {
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "cmd")
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stdout").path
        let err = dir.appendingPathComponent("stderr").path
        let input = dir.appendingPathComponent("stdin").path
        FileManager.default.createFile(atPath: input, contents: Data((stdin ?? "").utf8))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard rc == 0 else { throw PeerError("cannot run \(executable): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() > deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                throw PeerError("\(executable) \(arguments) did not finish in \(timeout) s")
            }
            usleep(5_000)
        }
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return CommandRun(
            status: code,
            stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }
}
