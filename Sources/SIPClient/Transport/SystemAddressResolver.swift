#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix

/// Resolves a host name to addresses with the system resolver (A/AAAA, /etc/hosts), off the event loops.
///
/// `getaddrinfo` blocks, so it runs on NIO's thread pool, never on an event loop or the cooperative pool
/// (conventions §5 rule 5).
public enum SystemAddressResolver {
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Addresses for `host:port` in the resolver's order; numeric hosts need no lookup.
    public static func resolve(host: String, port: Int) async throws -> [SocketAddress] {
        if let numeric = try? SocketAddress(ipAddress: host, port: port) { return [numeric] }
        return try await NIOThreadPool.singleton.runIfActive {
            try lookup(host: host, port: port)
        }
    }

    private static func lookup(host: String, port: Int) throws -> [SocketAddress] {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)  // one entry per address, not per socket type
        var result: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &result)
        guard rc == 0, let first = result else {
            throw Failure(description: "cannot resolve '\(host)': \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(first) }
        var addresses: [SocketAddress] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            if let sa = info.pointee.ai_addr {
                switch info.pointee.ai_family {
                case AF_INET:
                    let sin = UnsafeRawPointer(sa).load(as: sockaddr_in.self)
                    addresses.append(SocketAddress(sin, host: host))
                case AF_INET6:
                    let sin6 = UnsafeRawPointer(sa).load(as: sockaddr_in6.self)
                    addresses.append(SocketAddress(sin6, host: host))
                default: break
                }
            }
            cursor = info.pointee.ai_next
        }
        guard !addresses.isEmpty else { throw Failure(description: "'\(host)' has no IPv4 or IPv6 address") }
        return addresses
    }
}
