import Foundation

/// Runs blocking set-up or tear-down (spawning a peer and polling until it listens, reaping it) on a
/// thread of its own and awaits it. Swift Testing runs every test on the cooperative pool, one thread
/// per core: on this 2-core machine two tests blocked in a peer's start-up stalled every other test's
/// probes (their continuations had no thread to resume on), which is how deadlines overran by seconds.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.start()
    }
}

extension KamailioPeer {
    /// `init(listens:…)` without holding a cooperative thread while Kamailio starts.
    public static func start(listens: [Listen], modules: [String] = [], globals: String = "",
                             routeScript: String = KamailioPeer.defaultRoute) async throws -> KamailioPeer {
        try await offPool { try KamailioPeer(listens: listens, modules: modules, globals: globals, routeScript: routeScript) }
    }

    /// `init(tlsPort:tls:…)` without holding a cooperative thread.
    public static func start(tlsPort: Int, tls: TLSSettings, routeScript: String = KamailioPeer.defaultRoute) async throws -> KamailioPeer {
        try await offPool { try KamailioPeer(tlsPort: tlsPort, tls: tls, routeScript: routeScript) }
    }
}

extension DnsmasqPeer {
    /// `init(…)` without holding a cooperative thread while dnsmasq starts.
    public static func start(localDomains: [String] = ["test"], naptr: [NAPTR] = [], srv: [SRV] = [], hosts: [Host] = [],
                             ttl: Int = 300) async throws -> DnsmasqPeer {
        try await offPool { try DnsmasqPeer(localDomains: localDomains, naptr: naptr, srv: srv, hosts: hosts, ttl: ttl) }
    }
}

extension SIPpPeer {
    /// `init(scenario:transport:)` without holding a cooperative thread while SIPp starts.
    public static func start(scenario: String, transport: String = "udp") async throws -> SIPpPeer {
        try await offPool { try SIPpPeer(scenario: scenario, transport: transport) }
    }
}
