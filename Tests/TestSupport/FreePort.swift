import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Free loopback ports for peers started by tests.
public enum FreePort {
    /// A port on 127.0.0.1 that is free for both UDP and TCP at the time of the call.
    ///
    /// The kernel picks a TCP port; the UDP bind on the same number checks the pair. Racy by nature
    /// (another process could take it before the peer binds), so peers retry on a bind failure.
    public static func pair() -> Int {
        for _ in 0..<50 {
            let port = bind(type: SOCK_STREAM, port: 0)
            guard port > 0 else { continue }
            if bind(type: SOCK_DGRAM, port: port) == port { return port }
        }
        fatalError("no free loopback port pair found")
    }

    /// A free UDP port on 127.0.0.1.
    public static func udp() -> Int { bind(type: SOCK_DGRAM, port: 0) }

    /// A free TCP port on 127.0.0.1.
    public static func tcp() -> Int { bind(type: SOCK_STREAM, port: 0) }

    private static func bind(type: __socket_type, port: Int) -> Int {
        let fd = socket(AF_INET, Int32(type.rawValue), 0)
        guard fd >= 0 else { return -1 }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { return -1 }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        return Int(UInt16(bigEndian: bound.sin_port))
    }

    /// Waits until something accepts TCP connections on 127.0.0.1:`port`, polling every 20 ms.
    /// Returns false after `timeout` seconds. (Polling a real process's readiness is not a sleep
    /// standing in for virtual time: there is no clock to advance in another process.)
    public static func waitForTCP(port: Int, timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var first = true
        while first || Date() < deadline {
            first = false
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(fd)
            if rc == 0 { return true }
            usleep(20_000)
        }
        return false
    }
}

extension FreePort {
    /// A /proc file read to its end. `String(contentsOfFile:)` trusts the size stat(2) reports, which is 0
    /// for /proc, and returns only the first 4 KiB: with more than ~30 UDP sockets on the machine (other
    /// tests' peers) the port looked for was missed and a started peer reported as "did not start".
    static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Waits until some socket is bound to UDP `port` on this host (read from /proc/net/udp and udp6):
    /// how tests know a UDP-only peer such as SIPp is ready without sending it a stray message.
    public static func waitForUDPBound(port: Int, timeout: Double = 10) -> Bool {
        let hex = String(format: ":%04X ", port)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for file in ["/proc/net/udp", "/proc/net/udp6"] {
                if let text = readWhole(file),
                   text.split(separator: "\n").contains(where: { $0.split(separator: " ", maxSplits: 3).dropFirst().first.map { "\($0) ".hasSuffix(hex) } ?? false }) {
                    return true
                }
            }
            usleep(20_000)
        }
        return false
    }
}

/// A loopback TCP port that is bound but never listens: a connect to it is refused (RST) for as long as
/// this object lives, and no other test can take the port meanwhile (unlike "bind, close, connect").
public final class RefusingTCPPort: @unchecked Sendable {
    public let port: Int
    private let fd: Int32

    public init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var bound = sockaddr_in()
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) }
        }
        self.port = Int(UInt16(bigEndian: bound.sin_port))
    }

    deinit { close(fd) }
}

extension FreePort {
    /// `waitForTCP` for async tests: polls with `Task.sleep`, so the wait never holds a thread of the
    /// cooperative pool (Swift Testing runs every test there; a blocked thread starves other tests' probes).
    public static func waitForTCPListening(port: Int, timeout: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if waitForTCP(port: port, timeout: 0) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}
