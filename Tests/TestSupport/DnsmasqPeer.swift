import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real dnsmasq serving a small zone on a free loopback UDP port, for RFC 3263 resolver tests.
///
/// Authoritative-style for `localDomains` (`--local=/test/`): names it does not know answer NXDOMAIN and
/// known names without the asked type answer NODATA, instead of REFUSED (there is no upstream).
/// Runs with `--conf-file=/dev/null --no-resolv --no-hosts`, so nothing on the machine leaks in.
public final class DnsmasqPeer: @unchecked Sendable {
    public struct NAPTR: Sendable {
        public var name: String, order: Int, preference: Int, flags: String, service: String, regexp: String, replacement: String
        public init(_ name: String, order: Int, preference: Int, flags: String = "s", service: String, regexp: String = "", replacement: String) {
            self.name = name; self.order = order; self.preference = preference
            self.flags = flags; self.service = service; self.regexp = regexp; self.replacement = replacement
        }
        var argument: String { "--naptr-record=\(name),\(order),\(preference),\(flags),\(service),\(regexp),\(replacement)" }
    }

    public struct SRV: Sendable {
        public var name: String, target: String, port: Int, priority: Int, weight: Int
        public init(_ name: String, target: String, port: Int, priority: Int, weight: Int) {
            self.name = name; self.target = target; self.port = port; self.priority = priority; self.weight = weight
        }
        var argument: String { "--srv-host=\(name),\(target),\(port),\(priority),\(weight)" }
    }

    public struct Host: Sendable {
        public var name: String, ipv4: String?, ipv6: String?
        public init(_ name: String, ipv4: String? = nil, ipv6: String? = nil) { self.name = name; self.ipv4 = ipv4; self.ipv6 = ipv6 }
        var argument: String { "--host-record=" + [name, ipv4, ipv6].compactMap { $0 }.joined(separator: ",") }
    }

    public let port: Int
    public let process: PeerProcess

    /// Starts dnsmasq; retries on a port another process took in the meantime (FreePort is racy).
    /// Throws `PeerError` (with dnsmasq's log) if it is not installed or does not answer within 5 s.
    public init(localDomains: [String] = ["test"], naptr: [NAPTR] = [], srv: [SRV] = [], hosts: [Host] = [], ttl: Int = 300) throws {
        guard let binary = Peers.dnsmasq else {
            throw PeerError("dnsmasq is not installed (Debian package: dnsmasq-base; `make test` installs it)")
        }
        var lastLog = ""
        for _ in 0..<3 {
            let port = FreePort.pair()   // dnsmasq binds TCP on the same port too
            var args = [
                "--no-daemon", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll",
                "--port=\(port)", "--listen-address=127.0.0.1", "--bind-interfaces",
                "--local-ttl=\(ttl)", "--log-queries", "--log-facility=-", "--pid-file=",
            ]
            if getuid() == 0 { args.append("--user=root") }
            args += localDomains.map { "--local=/\($0)/" }
            args += naptr.map(\.argument) + srv.map(\.argument) + hosts.map(\.argument)
            // PeerProcess spawns with an empty signal mask and reaps with waitpid, so dnsmasq stops on
            // SIGTERM and its closing of inherited descriptors cannot confuse a process monitor.
            let process = try PeerProcess(name: "dnsmasq", executable: binary, arguments: args)
            if DnsmasqPeer.waitUntilAnswering(port: port, process: process) {
                self.port = port
                self.process = process
                return
            }
            lastLog = process.log
            process.stop()
        }
        throw PeerError("dnsmasq did not start answering on a loopback port after 3 tries:\n\(lastLog)")
    }

    /// `127.0.0.1:PORT`, the `--dns-server` value for this peer.
    public var server: String { "127.0.0.1:\(port)" }
    public var log: String { process.log }
    public func stop() { process.stop() }
    deinit { process.stop() }

    /// Polls with a real query (A for `localhost.`) until any response arrives: bounded to 5 s.
    static func waitUntilAnswering(port: Int, process: PeerProcess, timeout: Double = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        let query: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                              5, 0x70, 0x72, 0x6f, 0x62, 0x65, 4, 0x74, 0x65, 0x73, 0x74, 0, 0, 1, 0, 1] // probe.test A
        while Date() < deadline {
            guard process.isRunning else { return false }
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { return false }
            var tv = timeval(tv_sec: 0, tv_usec: 100_000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            let sent = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, query, query.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            var buf = [UInt8](repeating: 0, count: 512)
            let got = sent > 0 ? recv(fd, &buf, buf.count, 0) : -1
            close(fd)
            if got >= 12 && buf[0] == 0x12 && buf[1] == 0x34 { return true }
            usleep(20_000)
        }
        return false
    }
}
