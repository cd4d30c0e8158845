import Foundation

/// A real peer (Kamailio, SIPp, dnsmasq, openssl s_server…) started by a test and stopped by it.
///
/// Its stdout and stderr go to a log file in a private temporary directory, printed when a test
/// needs to explain a failure (`log`).
public final class PeerProcess: @unchecked Sendable {
    public let name: String
    public let directory: URL
    public let logFile: URL
    private let process: Process

    /// Starts `executable` with `arguments`, working in a fresh temporary directory.
    public init(name: String, executable: String, arguments: [String], directory: URL? = nil) throws {
        self.name = name
        let dir = try directory ?? PeerProcess.makeTemporaryDirectory(prefix: name)
        self.directory = dir
        self.logFile = dir.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: logFile.path, contents: nil)
        let handle = try FileHandle(forWritingTo: logFile)
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = dir
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    public static func makeTemporaryDirectory(prefix: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("trunkprobe-\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    public var isRunning: Bool { process.isRunning }

    /// The peer's output so far, for failure messages.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// SIGTERM, then SIGKILL after two seconds if it is still there.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Thrown when a peer cannot be started or does not become ready; carries its log.
public struct PeerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
