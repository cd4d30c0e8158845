import Foundation
@testable import SIPCore

/// An in-memory DNSLookup: names not configured answer NXDOMAIN. Records every query it is asked.
final class FakeDNS: DNSLookup, @unchecked Sendable {
    var naptrs: [String: Result<DNSLookupResult<NAPTRRecord>, DNSError>] = [:]
    var srvs: [String: Result<DNSLookupResult<SRVRecord>, DNSError>] = [:]
    var v4: [String: Result<DNSLookupResult<AddressRecord>, DNSError>] = [:]
    var v6: [String: Result<DNSLookupResult<AddressRecord>, DNSError>] = [:]

    private let lock = NSLock()
    private var _asked: [String] = []
    /// `"NAPTR example.com"`, `"SRV _sip._udp.example.com"`… in the order asked (concurrent ones in any order).
    var asked: [String] { lock.lock(); defer { lock.unlock() }; return _asked }

    private func note(_ s: String) { lock.lock(); _asked.append(s); lock.unlock() }

    func naptr(_ name: String) async throws(DNSError) -> DNSLookupResult<NAPTRRecord> {
        note("NAPTR \(name)"); return try (naptrs[name] ?? .success(.nxdomain)).get()
    }
    func srv(_ name: String) async throws(DNSError) -> DNSLookupResult<SRVRecord> {
        note("SRV \(name)"); return try (srvs[name] ?? .success(.nxdomain)).get()
    }
    func a(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        note("A \(name)"); return try (v4[name] ?? .success(.nxdomain)).get()
    }
    func aaaa(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord> {
        note("AAAA \(name)"); return try (v6[name] ?? .success(.nxdomain)).get()
    }

    // Helpers to configure.
    func host(_ name: String, _ v4addrs: [String], _ v6addrs: [String] = [], ttl: UInt32 = 300) {
        v4[name] = .success(v4addrs.isEmpty ? .noData : .records(v4addrs.map { AddressRecord(address: $0, ttl: ttl) }))
        v6[name] = .success(v6addrs.isEmpty ? .noData : .records(v6addrs.map { AddressRecord(address: $0, ttl: ttl) }))
    }
    func srv(_ name: String, _ records: [SRVRecord]) { srvs[name] = .success(.records(records)) }
    func naptr(_ name: String, _ records: [NAPTRRecord]) { naptrs[name] = .success(.records(records)) }
}

/// A random source that replays a fixed sequence (then 0s), for deterministic RFC 2782 tests.
final class SequenceRandom: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [UInt32]
    private(set) var bounds: [UInt32] = []
    init(_ values: [UInt32]) { self.values = values }
    var source: ServerSelectionRandom {
        ServerSelectionRandom { n in
            self.lock.lock(); defer { self.lock.unlock() }
            self.bounds.append(n)
            return self.values.isEmpty ? 0 : self.values.removeFirst()
        }
    }
}

func srvRec(_ p: UInt16, _ w: UInt16, _ port: UInt16, _ target: String, ttl: UInt32 = 600) -> SRVRecord {
    SRVRecord(priority: p, weight: w, port: port, target: target, ttl: ttl)
}

func naptrRec(_ order: UInt16, _ pref: UInt16, _ service: String, _ replacement: String, flags: String = "s", ttl: UInt32 = 3600) -> NAPTRRecord {
    NAPTRRecord(order: order, preference: pref, flags: flags, service: service, regexp: "", replacement: replacement, ttl: ttl)
}
