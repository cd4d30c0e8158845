import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real peer (Kamailio, SIPp, dnsmasq, openssl s_server…) started by a test and stopped by it.
///
/// Spawned with posix_spawn in its own process group and reaped with waitpid: Foundation's `Process`
/// on Linux left Kamailio defunct and hung in `waitUntilExit` when several peers ran in one test
/// process. stdout and stderr go to a log file in a private temporary directory (`log`).
public final class PeerProcess: @unchecked Sendable {
    public let name: String
    public let directory: URL
    public let logFile: URL
    public let pid: pid_t
    private let lock = NSLock()
    private var exited = false

    /// Starts `executable` with `arguments`, working in `directory` (a fresh temporary one by default).
    public init(name: String, executable: String, arguments: [String], directory: URL? = nil,
                environment: [String: String] = [:]) throws {
        self.name = name
        let dir = try directory ?? PeerProcess.makeTemporaryDirectory(prefix: name)
        self.directory = dir
        self.logFile = dir.appendingPathComponent("\(name).log")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so stop() reaches the workers a peer forks (Kamailio does).
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        posix_spawnattr_setpgroup(&attributes, 0)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)

        // coreutils env -C changes directory, then execs the peer in place (same pid); glibc's
        // posix_spawn_file_actions_addchdir_np is not visible to Swift here.
        let argv = (["/usr/bin/env", "-C", dir.path, executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        var child: pid_t = 0
        let rc = posix_spawn(&child, "/usr/bin/env", &actions, &attributes, argv, envp)
        guard rc == 0 else { throw PeerError("cannot start \(executable): \(String(cString: strerror(rc)))") }
        pid = child
    }

    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("trunkprobe-\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        if exited { return false }
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == pid || rc == -1 { exited = true }
        return !exited
    }

    /// Waits up to `timeout` seconds for the process to exit by itself; its exit status, or nil if it is
    /// still running (then it is left running: call `stop()`).
    public func waitForExit(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            if exited { lock.unlock(); return exitStatus }
            var status: Int32 = 0
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid {
                exited = true
                exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                lock.unlock()
                return exitStatus
            }
            lock.unlock()
            usleep(10_000)
        }
        return nil
    }

    private var exitStatus: Int32?

    /// The peer's output so far, for failure messages.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM to the process group, then SIGKILL after two seconds; always reaped. The caller waits at
    /// most 50 ms: the rest of the wait and the reaping happen on a thread of their own, so a test's
    /// `defer { peer.stop() }` never holds a thread of the cooperative pool for seconds.
    public func stop() {
        guard isRunning else { return }
        kill(-pid, SIGTERM)
        let soon = Date().addingTimeInterval(0.05)
        while isRunning && Date() < soon { usleep(5_000) }
        guard isRunning else {
            kill(-pid, SIGKILL)  // workers that outlived their parent still belong to the group
            return
        }
        // Only the pid goes to the thread: `stop()` also runs from deinit, where self must not escape.
        let pid = self.pid
        Thread { PeerProcess.reap(pid: pid) }.start()
    }

    private static func reap(pid: pid_t) {
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid || rc == -1 {
                kill(-pid, SIGKILL)  // workers that outlived their parent still belong to the group
                return
            }
            usleep(10_000)
        }
        kill(-pid, SIGKILL)
        _ = waitpid(pid, &status, 0)
    }

    deinit { stop() }
}

/// Thrown when a peer cannot be started or does not become ready; carries its log.
public struct PeerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension PeerProcess {
    /// Waits until the peer's output contains `text` (a readiness line printed after the socket is
    /// bound, say), without blocking a thread.
    public func waitForLog(containing text: String, timeout: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return log.contains(text)
    }
}
