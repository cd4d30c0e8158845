import Foundation

/// A real SIPp UAS running one scenario for exactly one call (`-m 1`) on a free loopback port.
///
/// SIPp exits 0 only when the scenario ran to its end, so a scenario that waits for the ACK, the CANCEL
/// or the BYE fails unless the probe sent it: that is how these tests check call hygiene.
public final class SIPpPeer: @unchecked Sendable {
    public let port: Int
    public let process: PeerProcess

    public init(scenario: String, transport: String = "udp") throws {
        guard let binary = Peers.sipp else {
            throw PeerError("sipp is not installed (Debian package: sip-tester; `make test` installs it)")
        }
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "sipp")
        let file = dir.appendingPathComponent("scenario.xml")
        try scenario.write(to: file, atomically: true, encoding: .utf8)
        var lastLog = ""
        for _ in 0..<3 {
            let port = FreePort.pair()
            let process = try PeerProcess(
                name: "sipp", executable: binary,
                arguments: ["-sf", file.path, "-i", "127.0.0.1", "-p", "\(port)", "-m", "1", "-t", transport == "tcp" ? "t1" : "u1",
                            "-timeout", "20s", "-nostdin", "-trace_err", "-error_file", dir.appendingPathComponent("errors.log").path,
                            "-trace_msg", "-message_file", dir.appendingPathComponent("messages.log").path],
                directory: dir)
            let ready = transport == "tcp" ? FreePort.waitForTCP(port: port, timeout: 5) : FreePort.waitForUDPBound(port: port, timeout: 5)
            if ready && process.isRunning {
                self.port = port
                self.process = process
                return
            }
            lastLog = process.log
            process.stop()
        }
        throw PeerError("sipp did not start:\n\(lastLog)")
    }

    /// Exit status once the one call is over (0: the scenario completed), nil if it is still running.
    public func waitForCompletion(timeout: Double = 10) -> Int32? { process.waitForExit(timeout: timeout) }

    /// Waits until SIPp's message trace holds `text` (e.g. "CANCEL sip:"): how a test knows the probe got
    /// as far as sending something before it interrupts it. False after `timeout` seconds.
    public func waitForMessage(containing text: String, timeout: Double = 20) -> Bool {
        let file = process.directory.appendingPathComponent("messages.log")
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let log = try? String(contentsOf: file, encoding: .utf8), log.contains(text) { return true }
            usleep(10_000)
        }
        return false
    }

    /// SIPp's error log and output, for failure messages.
    public var diagnostics: String {
        let errors = (try? String(contentsOf: process.directory.appendingPathComponent("errors.log"), encoding: .utf8)) ?? ""
        return process.log + "\n" + errors
    }

    public func stop() { process.stop() }
    deinit { process.stop() }
}
