#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import SIPCore

/// The default DNS for probes when no `--dns-server` is given: NAPTR and SRV through our own DNS client to
/// the system's nameserver, A and AAAA through the system resolver (getaddrinfo, on NIO's thread pool) so
/// /etc/hosts and local names work as they do for every other tool on the machine.
///
/// - Note: a NAPTR or SRV query that gets no answer at all (no nameserver, timeout) counts as "no such
///   records" and resolution falls through to A/AAAA (RFC 3263 §4.1's last step), so a machine without a
///   reachable DNS server can still probe names in /etc/hosts. The failure stays visible in the query log.
public struct SystemHybridLookup: DNSLookup {
    private let dns: NIODNSLookup?

    /// - Parameter deadline: no NAPTR/SRV query is waited for past it.
    public init(timeout: TimeAmount = .seconds(1), deadline: NIODeadline? = nil) {
        if var lookup = try? NIODNSLookup(dnsServer: nil, timeout: timeout) {
            lookup.attempts = 1
            lookup.deadline = deadline
            dns = lookup
        } else {
            dns = nil
        }
    }

    public func naptr(_ name: String) async throws(DNSError) -> DNSLookupResult<NAPTRRecord> {
        guard let dns else { return .noData }
        do { return try await dns.naptr(name) } catch { return try Self.absentUnlessDefinite(error) }
    }

    public func srv(_ name: String) async throws(DNSError) -> DNSLookupResult<SRVRecord> {
        guard let dns else { return .noData }
        do { return try await dns.srv(name) } catch { return try Self.absentUnlessDefinite(error) }
    }

    public func a(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        try await addresses(name, family: AF_INET)
    }

    public func aaaa(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        try await addresses(name, family: AF_INET6)
    }

    private static func absentUnlessDefinite<R>(_ error: DNSError) throws(DNSError) -> DNSLookupResult<R> {
        switch error {
        case .timeout, .transport, .noServer: return .noData
        default: throw error
        }
    }

    private func addresses(_ name: String, family: Int32) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        let result: Result<[String], DNSError>
        do {
            result = try await NIOThreadPool.singleton.runIfActive { Self.getaddrinfo(name, family: family) }
        } catch {
            throw DNSError.transport(server: "system resolver", reason: "\(error)")
        }
        switch result {
        case .success(let list) where list.isEmpty: return .noData
        // getaddrinfo gives no TTL; 0 says "unknown" in the resolution chain.
        case .success(let list): return .records(list.map { AddressRecord(address: $0, ttl: 0) })
        case .failure(let error):
            if case .serverFailure(_, _, _, let rcode) = error, rcode == 3 { return .nxdomain }
            throw error
        }
    }

    private static func getaddrinfo(_ name: String, family: Int32) -> Result<[String], DNSError> {
        var hints = addrinfo()
        hints.ai_family = family
        hints.ai_socktype = Int32(SOCK_DGRAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = Glibc.getaddrinfo(name, nil, &hints, &list)
        // EAI_NODATA (-5) and EAI_ADDRFAMILY (-9) are GNU extensions Swift does not import.
        if rc == EAI_NONAME || rc == -5 || rc == -9 {
            // Whether the name exists at all is not told apart by getaddrinfo; treat as no data for this family,
            // and as NXDOMAIN for A (the locator then reports the name does not resolve).
            return family == AF_INET ? .failure(.serverFailure(name: name, type: "A", server: "system resolver", rcode: 3)) : .success([])
        }
        guard rc == 0, let first = list else {
            return .failure(.transport(server: "system resolver", reason: String(cString: gai_strerror(rc))))
        }
        defer { freeaddrinfo(first) }
        var out: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(info.pointee.ai_addr, info.pointee.ai_addrlen, &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(cString: host)
                if !out.contains(text) { out.append(text) }
            }
            cursor = info.pointee.ai_next
        }
        return .success(out)
    }
}
