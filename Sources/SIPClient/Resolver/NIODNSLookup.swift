import NIOCore
import NIOPosix
import SIPCore

/// The real `DNSLookup`: sends its own queries with SwiftNIO to one server (RFC 1035 §4.2), so NAPTR
/// and SRV work without libresolv and no thread ever blocks on DNS.
///
/// Queries go over UDP. Each attempt uses a fresh socket on an ephemeral port and a fresh random id;
/// the answer must come from the server's address and carry the id and the question asked. An attempt
/// that gets no answer within `timeout` is repeated once (`attempts` = 2 by default) before
/// `DNSError.timeout`. A UDP answer with the TC bit is asked again over TCP (RFC 7766 §5, RFC 1035
/// §4.2.2), once, within the same `timeout`; if that fails too the error is `DNSError.truncated`.
/// EDNS(0) with a 1232-octet payload makes truncation rare.
///
/// CNAMEs inside an answer are followed (the records of the asked type owned by the name or its
/// aliases are returned); CNAME chains that need another query are not chased.
public struct NIODNSLookup: DNSLookup {
    public var server: DNSServerAddress
    public var timeout: TimeAmount
    public var attempts: Int
    /// Ask again over TCP when a UDP answer is truncated (TC bit). On by default.
    public var tcpFallback: Bool = true
    /// No query is sent or waited for past this instant: a server that never answers costs at most the
    /// time left, not `attempts` × `timeout` per query (the endpoint's deadline).
    public var deadline: NIODeadline?
    private let group: any EventLoopGroup

    public init(server: DNSServerAddress, timeout: TimeAmount = .seconds(2), attempts: Int = 2,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.server = server
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.group = group
    }

    /// `--dns-server` when given, else the first nameserver of /etc/resolv.conf.
    public init(dnsServer: String?, resolvConf: String = "/etc/resolv.conf", timeout: TimeAmount = .seconds(2)) throws(DNSServerAddress.ParseError) {
        let server: DNSServerAddress
        if let dnsServer {
            server = try DNSServerAddress(parsing: dnsServer)
        } else {
            server = try DNSServerAddress.fromResolvConf(path: resolvConf)
        }
        self.init(server: server, timeout: timeout)
    }

    public func naptr(_ name: String) async throws(DNSError) -> DNSLookupResult<NAPTRRecord> {
        try await records(name, .naptr) { if case .naptr(let r) = $0 { return r } else { return nil } }
    }

    public func srv(_ name: String) async throws(DNSError) -> DNSLookupResult<SRVRecord> {
        try await records(name, .srv) { if case .srv(let r) = $0 { return r } else { return nil } }
    }

    public func a(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        try await records(name, .a) { rr in if case .a(let a) = rr.data { return AddressRecord(address: a, ttl: rr.ttl) } else { return nil } }
    }

    public func aaaa(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        try await records(name, .aaaa) { rr in if case .aaaa(let a) = rr.data { return AddressRecord(address: a, ttl: rr.ttl) } else { return nil } }
    }

    private func records<R: Sendable & Equatable>(
        _ name: String, _ type: DNSRecordType, _ extract: (DNSMessage.RData) -> R?
    ) async throws(DNSError) -> DNSLookupResult<R> {
        try await records(name, type) { rr in extract(rr.data) }
    }

    private func records<R: Sendable & Equatable>(
        _ name: String, _ type: DNSRecordType, _ extract: (DNSMessage.ResourceRecord) -> R?
    ) async throws(DNSError) -> DNSLookupResult<R> {
        let message = try await exchange(name: name, type: type)
        guard let answers = try NIODNSLookup.interpret(message, name: name, type: type, server: server.description) else {
            return .nxdomain
        }
        let out = answers.compactMap(extract)
        return out.isEmpty ? .noData : .records(out)
    }

    /// Checks a response against the question and returns the answer records of `type` owned by `name`
    /// or one of its aliases, or nil for NXDOMAIN.
    static func interpret(_ m: DNSMessage, name: String, type: DNSRecordType, server: String) throws(DNSError) -> [DNSMessage.ResourceRecord]? {
        let t = type.description
        guard m.isResponse, m.opcode == 0 else {
            throw .malformedResponse(name: name, type: t, server: server, reason: "not a response to a standard query")
        }
        let wanted = normalize(name)
        guard m.questions.count == 1, normalize(m.questions[0].name) == wanted, m.questions[0].type == type.rawValue else {
            throw .malformedResponse(name: name, type: t, server: server, reason: "the response answers a different question")
        }
        if m.isTruncated { throw .truncated(name: name, type: t, server: server) }
        switch m.rcode {
        case 0: break
        case 3: return nil
        default: throw .serverFailure(name: name, type: t, server: server, rcode: m.rcode)
        }
        // Follow CNAMEs within the answer (RFC 1034 §3.6.2), bounded by the number of records.
        var owners: Set<String> = [wanted]
        for _ in 0..<m.answers.count {
            var grew = false
            for rr in m.answers where rr.type == DNSRecordType.cname.rawValue && owners.contains(normalize(rr.name)) {
                if case .cname(let target) = rr.data, owners.insert(normalize(target)).inserted { grew = true }
            }
            if !grew { break }
        }
        return m.answers.filter { $0.type == type.rawValue && owners.contains(normalize($0.name)) }
    }

    static func normalize(_ name: String) -> String {
        let n = name.lowercased()
        return n.hasSuffix(".") ? String(n.dropLast()) : n
    }

    /// Sends the query and waits for the matching response: `attempts` tries of `timeout` each.
    func exchange(name: String, type: DNSRecordType) async throws(DNSError) -> DNSMessage {
        let address: SocketAddress
        do { address = try SocketAddress(ipAddress: server.host, port: server.port) } catch {
            throw .transport(server: server.description, reason: "not a socket address: \(error)")
        }
        for _ in 0..<attempts {
            if let deadline, deadline <= .now() { break }
            let id = UInt16.random(in: .min ... .max)
            let query: [UInt8]
            do { query = try DNSMessage.query(id: id, name: name, type: type) } catch {
                throw .invalidName(name, reason: error.description)
            }
            guard let bytes = try await attempt(query: query, id: id, to: address) else { continue }
            let message = try decode(bytes, name: name, type: type)
            guard message.isTruncated, tcpFallback else { return message }
            // TC: the full answer did not fit in a datagram; ask again over TCP (RFC 7766 §5).
            let tcpID = UInt16.random(in: .min ... .max)
            guard let tcpQuery = try? DNSMessage.query(id: tcpID, name: name, type: type),
                  let full = try? await attemptTCP(query: tcpQuery, id: tcpID, to: address) else { return message }
            return try decode(full, name: name, type: type)
        }
        throw .timeout(name: name, type: type.description, server: server.description, attempts: attempts)
    }

    private func decode(_ bytes: [UInt8], name: String, type: DNSRecordType) throws(DNSError) -> DNSMessage {
        do { return try DNSMessage(decoding: bytes) } catch {
            throw .malformedResponse(name: name, type: type.description, server: server.description, reason: error.description)
        }
    }

    private struct AttemptTimedOut: Error {}

    /// One attempt's wait: `timeout`, or less when the deadline comes first.
    private var attemptWait: TimeAmount {
        guard let deadline else { return timeout }
        return max(min(timeout, deadline - .now()), .zero)
    }

    /// One query over a new TCP connection, bounded by `timeout` from connect to answer.
    private func attemptTCP(query: [UInt8], id: UInt16, to address: SocketAddress) async throws -> [UInt8] {
        let loop = group.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let wait = attemptWait
        let timer = loop.scheduleTask(in: wait) { promise.fail(AttemptTimedOut()) }
        defer { timer.cancel() }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(max(wait, .milliseconds(1)))
                .channelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        try ch.pipeline.syncOperations.addHandler(DNSTCPResponseHandler(id: id, promise: promise))
                    }
                }
                .connect(to: address)
                .get()
        } catch {
            promise.fail(error)
            throw error
        }
        defer { channel.close(promise: nil) }
        var buffer = channel.allocator.buffer(capacity: query.count + 2)
        buffer.writeInteger(UInt16(query.count))
        buffer.writeBytes(query)
        channel.writeAndFlush(buffer).cascadeFailure(to: promise)
        return try await promise.futureResult.get()
    }

    /// One datagram out, one matching datagram back, or nil on timeout. Nothing here blocks: the wait
    /// is a promise completed by the channel handler or by a task scheduled on the channel's event loop.
    private func attempt(query: [UInt8], id: UInt16, to address: SocketAddress) async throws(DNSError) -> [UInt8]? {
        let loop = group.next()
        let promise = loop.makePromise(of: [UInt8].self)
        let server = self.server
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: loop)
                .channelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        try ch.pipeline.syncOperations.addHandler(DNSResponseHandler(server: address, id: id, promise: promise))
                    }
                }
                .bind(host: server.isIPv6 ? "::" : "0.0.0.0", port: 0)
                .get()
        } catch {
            promise.fail(error)
            throw .transport(server: server.description, reason: "cannot open a UDP socket: \(error)")
        }
        let timer = loop.scheduleTask(in: attemptWait) { promise.fail(AttemptTimedOut()) }
        var buffer = channel.allocator.buffer(capacity: query.count)
        buffer.writeBytes(query)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer)).cascadeFailure(to: promise)
        defer {
            timer.cancel()
            channel.close(promise: nil)
        }
        do {
            return try await promise.futureResult.get()
        } catch is AttemptTimedOut {
            return nil
        } catch {
            throw .transport(server: server.description, reason: "\(error)")
        }
    }
}
