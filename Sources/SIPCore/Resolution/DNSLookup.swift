/// The DNS queries RFC 3263 server location needs, behind a protocol so the selection logic is pure
/// and unit-testable with a fake (pjsip hides its resolver the same way behind `pjsip_resolver_t`).
///
/// The real implementation (`NIODNSLookup` in SIPClient) sends its own queries over NIO UDP; no
/// implementation may block an event loop or a cooperative thread.
///
/// Each call answers records with their TTLs, or says NXDOMAIN / no data. Failures to get an answer at
/// all (timeout, SERVFAIL, a malformed or truncated response) throw `DNSError`.
public protocol DNSLookup: Sendable {
    /// NAPTR records of `name` (RFC 3403 §4.1), as returned (unsorted).
    func naptr(_ name: String) async throws(DNSError) -> DNSLookupResult<NAPTRRecord>
    /// SRV records of `name`, e.g. `_sip._udp.example.com` (RFC 2782), as returned (unsorted).
    func srv(_ name: String) async throws(DNSError) -> DNSLookupResult<SRVRecord>
    /// IPv4 addresses of `name` (RFC 1035 §3.4.1), following CNAMEs within the answer.
    func a(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord>
    /// IPv6 addresses of `name` (RFC 3596), following CNAMEs within the answer.
    func aaaa(_ name: String) async throws(DNSError) -> DNSLookupResult<AddressRecord>
}
