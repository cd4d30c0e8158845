/// Locates the servers for a SIP URI per RFC 3263 §4 (NAPTR → SRV → A/AAAA) with RFC 2782 ordering,
/// and returns every target to try, in order, with the chain of records behind each.
///
/// Transport (§4.1): an explicit `transport=` wins; a numeric host or an explicit port means UDP for
/// `sip:`, TLS for `sips:`; otherwise NAPTR, keeping `SIP+D2U`, `SIP+D2T`, `SIPS+D2T` (only `SIPS+D2T`
/// for `sips:`) sorted by order then preference; with no usable NAPTR, SRV `_sip._udp`, `_sip._tcp`,
/// `_sips._tcp` (only `_sips._tcp` for `sips:`); with none of those either, UDP (`sip:`) or TLS (`sips:`).
///
/// Address and port (§4.2): a numeric host is used as is; an explicit port skips SRV and looks up
/// A/AAAA; otherwise SRV on the NAPTR replacement (or `_service._proto.host`), falling back to A/AAAA
/// of the host on 5060/5061 when no SRV record exists.
///
/// - Note: Deviations, stated as pjsip does:
///   - Where RFC 3263 says to pick one NAPTR/SRV path, every supported path is resolved and returned in
///     order, so a prober can report and fail over across all of them (§4.3 failover reaches them anyway).
///   - NAPTR records are honoured only with flag `s` and an empty regexp (RFC 3263 §4.1 uses only these);
///     `SIP+D2S` (SCTP) is dropped as unsupported. NAPTR records that exist but are all unsupported count
///     as "no NAPTR" and SRV is queried, as pjsip does.
///   - A DNS error (timeout, SERVFAIL) on NAPTR or SRV is treated like "no records" and the next step is
///     tried; the error stays in `ServerLocation.queries` for the report.
///   - A and AAAA are queried together; IPv4 targets are listed before IPv6 ones for the same host.
///   - `sips:` with `transport=tcp` means TLS (RFC 3261 §26.2.2); `sips:` with `transport=udp` is refused.
///   - `sip:` with `transport=tls` queries `_sips._tcp` (RFC 3263 §4.1 maps TLS to the `_sips` service).
///   - Duplicate (transport, address, port) targets are kept once, at their first position.
public struct ServerLocator: Sendable {
    public var lookup: any DNSLookup
    public var staticEntries: [StaticResolveEntry]
    public var random: ServerSelectionRandom

    public init(lookup: any DNSLookup, staticEntries: [StaticResolveEntry] = [], random: ServerSelectionRandom = .system) {
        self.lookup = lookup
        self.staticEntries = staticEntries
        self.random = random
    }

    /// Runs RFC 3263 §4.1–4.2 for `request`. Never blocks: every lookup is `async`.
    ///
    /// - Throws: `ServerLocationError.noTargets` (with every query's outcome) when nothing resolves,
    ///   `.invalidRequest` for `sips:` with `transport=udp`.
    public func locate(_ request: ServerLocationRequest) async throws(ServerLocationError) -> ServerLocation {
        let host = request.host
        let secure = request.scheme == .sips
        var explicitTransport = request.transport
        if secure {
            switch explicitTransport {
            case .udp: throw .invalidRequest("sips:\(host) cannot use transport=udp (RFC 3261 §26.2.2: SIPS needs TLS)")
            case .tcp: explicitTransport = .tls
            case .tls, nil: break
            }
        }
        let fallbackTransport: SIPTransportKind = secure ? .tls : .udp

        // §4.1/§4.2: a numeric host needs no DNS at all.
        if request.hostIsNumeric {
            let t = explicitTransport ?? fallbackTransport
            let port = request.port ?? t.defaultPort
            let step = ResolutionStep(type: .numeric, name: host, value: host, ttl: nil)
            return ServerLocation(targets: [ResolvedTarget(transport: t, host: host, port: port, address: host, chain: [step])],
                                  queries: [])
        }

        var log: [ResolutionQuery] = []
        var targets: [ResolvedTarget] = []

        let pinnedTransport = explicitTransport ?? fallbackTransport
        let pinnedPort = request.port ?? pinnedTransport.defaultPort
        if let pin = staticEntries.first(where: { $0.pins(host: host) && $0.port == pinnedPort }) {
            // A `*.DOMAIN` entry stands in for DNS altogether (no NAPTR or SRV exists for a local stand-in's
            // names): the explicit transport, else UDP or TLS as §4.1 says for a URI without records.
            let t = pinnedTransport
            let port = pinnedPort
            let step = ResolutionStep(type: .staticEntry, name: "\(host):\(port)", value: pin.description, ttl: nil)
            targets = pin.addresses.map { address in
                ResolvedTarget(transport: t, host: host, port: pin.connectPort ?? port, address: address, chain: [step])
            }
        } else if let port = request.port {
            // §4.2: "If the TARGET was not a numeric IP address, but a port is present in the URI, the
            // client performs an A or AAAA record lookup of the domain name."
            let t = explicitTransport ?? fallbackTransport
            let (found, queries) = await addressTargets(host: host, port: port, transport: t, chain: [])
            log += queries
            targets = found
        } else if let t = explicitTransport {
            // §4.2: no NAPTR because the transport was explicit: SRV for that transport only.
            let name = ServerLocator.srvName(for: t, host: host)
            let (srvFound, found, queries) = await srvTargets(name: name, transport: t, chain: [])
            log += queries
            targets = found
            if !srvFound {
                let (a, q) = await addressTargets(host: host, port: t.defaultPort, transport: t, chain: [])
                log += q
                targets = a
            }
        } else {
            let naptr = await run(.naptr, host) { () async throws(DNSError) in try await lookup.naptr(host) }
            log.append(naptr.query)
            let usable = ServerLocator.usableNAPTR(naptr.records, secure: secure)
            if let first = usable.first {
                for (record, transport) in usable {
                    let step = ResolutionStep(type: .naptr, name: host, value: record.presentation, ttl: record.ttl)
                    let (_, found, queries) = await srvTargets(name: record.replacement, transport: transport, chain: [step])
                    log += queries
                    targets += found
                }
                if targets.isEmpty {
                    // §4.2: "If no SRV records were found, the client performs an A or AAAA record lookup
                    // of the domain name", with the transport NAPTR chose.
                    let t = first.transport
                    let (a, q) = await addressTargets(host: host, port: t.defaultPort, transport: t, chain: [])
                    log += q
                    targets = a
                }
            } else {
                // §4.1: no (usable) NAPTR: SRV for each supported transport, queried concurrently,
                // results kept in this fixed order.
                let services: [SIPTransportKind] = secure ? [.tls] : [.udp, .tcp, .tls]
                let results = await withTaskGroup(of: (Int, Bool, [ResolvedTarget], [ResolutionQuery]).self) { group in
                    for (i, t) in services.enumerated() {
                        let name = ServerLocator.srvName(for: t, host: host)
                        group.addTask { let r = await srvTargets(name: name, transport: t, chain: []); return (i, r.0, r.1, r.2) }
                    }
                    var all: [(Int, Bool, [ResolvedTarget], [ResolutionQuery])] = []
                    for await r in group { all.append(r) }
                    return all.sorted { $0.0 < $1.0 }
                }
                var anySRV = false
                for r in results {
                    anySRV = anySRV || r.1
                    targets += r.2
                    log += r.3
                }
                if !anySRV {
                    // §4.1: "If no SRV records are found, the client SHOULD use TCP for a SIPS URI, and
                    // UDP for a SIP URI" (TLS over TCP for SIPS), on the default port (§4.2).
                    let (a, q) = await addressTargets(host: host, port: fallbackTransport.defaultPort,
                                                      transport: fallbackTransport, chain: [])
                    log += q
                    targets = a
                }
            }
        }

        targets = ServerLocator.deduplicated(targets)
        guard !targets.isEmpty else { throw .noTargets(host: host, queries: log) }
        return ServerLocation(targets: targets, queries: log)
    }

    /// Locates the servers for a `sip:`/`sips:` URI string: `ServerLocationRequest(uri:)` then `locate(_:)`.
    /// A URI that cannot be read is `ServerLocationError.invalidRequest`.
    public func locate(uri: String) async throws(ServerLocationError) -> ServerLocation {
        let request: ServerLocationRequest
        do { request = try ServerLocationRequest(uri: uri) } catch { throw .invalidRequest(error.description) }
        return try await locate(request)
    }

    /// `_sip._udp.host`, `_sip._tcp.host`, `_sips._tcp.host` (RFC 3263 §4.1; TLS is the `_sips` service over TCP).
    public static func srvName(for transport: SIPTransportKind, host: String) -> String {
        switch transport {
        case .udp: return "_sip._udp.\(host)"
        case .tcp: return "_sip._tcp.\(host)"
        case .tls: return "_sips._tcp.\(host)"
        }
    }

    /// The transport a NAPTR service field selects (RFC 3263 §4.1, RFC 3261 §26.2.2), or nil if unsupported.
    static func transport(forService service: String) -> (transport: SIPTransportKind, secure: Bool)? {
        switch service.uppercased() {
        case "SIP+D2U": return (.udp, false)
        case "SIP+D2T": return (.tcp, false)
        case "SIPS+D2T": return (.tls, true)
        default: return nil   // SIP+D2S, SIPS+D2S (SCTP), and anything else
        }
    }

    /// NAPTR records this client can follow, sorted by order then preference (RFC 3403 §4.1).
    static func usableNAPTR(_ records: [NAPTRRecord], secure: Bool) -> [(record: NAPTRRecord, transport: SIPTransportKind)] {
        records
            .compactMap { r -> (NAPTRRecord, SIPTransportKind)? in
                guard r.flags.lowercased() == "s", r.regexp.isEmpty, !r.replacement.isEmpty, r.replacement != ".",
                      let (t, isSecure) = transport(forService: r.service) else { return nil }
                // §4.1: "a client resolving a SIPS URI … MUST discard any services that do not contain "SIPS"".
                if secure && !isSecure { return nil }
                return (r, t)
            }
            .enumerated()
            .sorted { lhs, rhs in
                let (l, r) = (lhs.element.0, rhs.element.0)
                if l.order != r.order { return l.order < r.order }
                if l.preference != r.preference { return l.preference < r.preference }
                return lhs.offset < rhs.offset
            }
            .map { ($0.element.0, $0.element.1) }
    }

    /// SRV lookup of `name` and the ordered address targets behind it. `found` is true when SRV records
    /// exist (even a lone "." meaning "not available here", which suppresses the A/AAAA fall-back).
    private func srvTargets(name: String, transport: SIPTransportKind, chain: [ResolutionStep])
        async -> (found: Bool, targets: [ResolvedTarget], queries: [ResolutionQuery]) {
        let srv = await run(.srv, name) { () async throws(DNSError) in try await lookup.srv(name) }
        var queries = [srv.query]
        guard !srv.records.isEmpty else { return (false, [], queries) }
        let ordered = SRVOrdering.order(srv.records.filter { !$0.isServiceUnavailable }, random: random)
        // Address lookups for every SRV target run concurrently; results keep the RFC 2782 order.
        let perTarget = await withTaskGroup(of: (Int, [ResolvedTarget], [ResolutionQuery]).self) { group in
            for (i, rec) in ordered.enumerated() {
                let step = ResolutionStep(type: .srv, name: name, value: rec.presentation, ttl: rec.ttl)
                group.addTask {
                    let r = await addressTargets(host: rec.target, port: Int(rec.port), transport: transport, chain: chain + [step])
                    return (i, r.0, r.1)
                }
            }
            var all: [(Int, [ResolvedTarget], [ResolutionQuery])] = []
            for await r in group { all.append(r) }
            return all.sorted { $0.0 < $1.0 }
        }
        var targets: [ResolvedTarget] = []
        for r in perTarget {
            targets += r.1
            queries += r.2
        }
        return (true, targets, queries)
    }

    /// A/AAAA of `host` (or a `--resolve` entry, or the host itself if numeric) as targets on `port`.
    private func addressTargets(host: String, port: Int, transport: SIPTransportKind, chain: [ResolutionStep])
        async -> ([ResolvedTarget], [ResolutionQuery]) {
        if IPAddressText.isNumeric(host) {
            let bare = IPAddressText.stripBrackets(host)
            let step = ResolutionStep(type: .numeric, name: bare, value: bare, ttl: nil)
            return ([ResolvedTarget(transport: transport, host: bare, port: port, address: bare, chain: chain + [step])], [])
        }
        if let entry = staticEntries.first(where: { $0.matches(host: host, port: port) }) {
            let targets = entry.addresses.map { address in
                ResolvedTarget(transport: transport, host: host, port: entry.connectPort ?? port, address: address,
                               chain: chain + [ResolutionStep(type: .staticEntry, name: "\(host):\(port)", value: address, ttl: nil)])
            }
            return (targets, [])
        }
        async let v4 = run(.a, host) { () async throws(DNSError) in try await lookup.a(host) }
        async let v6 = run(.aaaa, host) { () async throws(DNSError) in try await lookup.aaaa(host) }
        let (a, aaaa) = await (v4, v6)
        var targets: [ResolvedTarget] = []
        for (type, records) in [(ResolutionStep.RecordType.a, a.records), (.aaaa, aaaa.records)] {
            for r in records {
                let step = ResolutionStep(type: type, name: host, value: r.address, ttl: r.ttl)
                targets.append(ResolvedTarget(transport: transport, host: host, port: port, address: r.address, chain: chain + [step]))
            }
        }
        return (targets, [a.query, aaaa.query])
    }

    /// Runs one lookup and turns its outcome into records plus a log entry; errors become log entries.
    private func run<R: Sendable & Equatable>(
        _ type: ResolutionStep.RecordType, _ name: String,
        _ op: @Sendable () async throws(DNSError) -> DNSLookupResult<R>
    ) async -> (records: [R], query: ResolutionQuery) {
        do {
            switch try await op() {
            case .records(let r): return (r, ResolutionQuery(type: type, name: name, outcome: .records(r.count)))
            case .nxdomain: return ([], ResolutionQuery(type: type, name: name, outcome: .nxdomain))
            case .noData: return ([], ResolutionQuery(type: type, name: name, outcome: .noData))
            }
        } catch {
            return ([], ResolutionQuery(type: type, name: name, outcome: .failed(error)))
        }
    }

    static func deduplicated(_ targets: [ResolvedTarget]) -> [ResolvedTarget] {
        struct Key: Hashable { var t: SIPTransportKind; var a: String; var p: Int }
        var seen = Set<Key>()
        return targets.filter { seen.insert(Key(t: $0.transport, a: $0.address, p: $0.port)).inserted }
    }
}
