import Foundation
import TestSupport

/// `trunkprobe responder` as its own process, on a UDP port the kernel picks (port 0): the port is read
/// back from its "listening on udp:127.0.0.1:PORT" line, so parallel tests never race for a port.
enum ResponderProcess {
    static func start(_ arguments: [String], environment: [String: String] = [:]) async throws -> (PeerProcess, Int) {
        let peer = try PeerProcess(name: "responder", executable: CommandRun.trunkprobe,
                                   arguments: ["responder", "--listen", "udp:127.0.0.1:0"] + arguments, environment: environment)
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, peer.isRunning {
            if let port = boundPort(in: peer.log) { return (peer, port) }
            try await Task.sleep(for: .milliseconds(20))
        }
        if let port = boundPort(in: peer.log) { return (peer, port) }
        peer.stop()
        throw PeerError("responder did not start: \(peer.log)")
    }

    static func boundPort(in log: String) -> Int? {
        guard let range = log.range(of: "listening on udp:127.0.0.1:") else { return nil }
        let digits = log[range.upperBound...].prefix { $0.isNumber }
        return Int(digits)
    }
}
