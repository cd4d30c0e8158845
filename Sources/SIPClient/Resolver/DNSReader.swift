#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SIPCore

/// A bounds-checked cursor over a DNS message.
struct DNSReader {
    let bytes: [UInt8]
    var pos = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func need(_ n: Int) throws(DNSWireError) {
        guard n >= 0, pos + n <= bytes.count else { throw .truncatedMessage(needed: pos + n - bytes.count, at: pos) }
    }

    mutating func u8() throws(DNSWireError) -> UInt8 {
        try need(1); defer { pos += 1 }; return bytes[pos]
    }

    mutating func u16() throws(DNSWireError) -> UInt16 {
        try need(2); defer { pos += 2 }; return UInt16(bytes[pos]) << 8 | UInt16(bytes[pos + 1])
    }

    mutating func u32() throws(DNSWireError) -> UInt32 {
        try need(4); defer { pos += 4 }
        return UInt32(bytes[pos]) << 24 | UInt32(bytes[pos + 1]) << 16 | UInt32(bytes[pos + 2]) << 8 | UInt32(bytes[pos + 3])
    }

    mutating func take(_ n: Int) throws(DNSWireError) -> [UInt8] {
        try need(n); defer { pos += n }; return Array(bytes[pos..<pos + n])
    }

    /// RFC 1035 §3.3 `<character-string>`: a length octet and that many octets.
    mutating func characterString() throws(DNSWireError) -> String {
        let n = Int(try u8())
        return String(decoding: try take(n), as: UTF8.self)
    }

    /// A domain name at the cursor, following compression pointers (RFC 1035 §4.1.4). A pointer must
    /// point before the label that holds it, which rules out loops; the cursor ends after the first pointer.
    /// The root name decodes as "" and names come back without a trailing dot.
    mutating func name() throws(DNSWireError) -> String {
        var labels: [String] = []
        var cursor = pos
        var resumeAt: Int? = nil
        var total = 1
        var lowestSeen = cursor   // pointers must go strictly below every position visited so far
        while true {
            guard cursor < bytes.count else { throw .truncatedMessage(needed: 1, at: cursor) }
            let len = bytes[cursor]
            switch len & 0xC0 {
            case 0x00:
                if len == 0 {
                    pos = resumeAt ?? (cursor + 1)
                    return labels.joined(separator: ".")
                }
                let start = cursor + 1, end = start + Int(len)
                guard end <= bytes.count else { throw .truncatedMessage(needed: end - bytes.count, at: start) }
                total += Int(len) + 1
                guard total <= 255 else { throw .nameTooLong(at: cursor) }
                labels.append(String(decoding: bytes[start..<end], as: UTF8.self))
                cursor = end
            case 0xC0:
                guard cursor + 1 < bytes.count else { throw .truncatedMessage(needed: 1, at: cursor + 1) }
                let target = Int(len & 0x3F) << 8 | Int(bytes[cursor + 1])
                guard target < lowestSeen else { throw .compressionLoop(at: cursor) }
                if resumeAt == nil { resumeAt = cursor + 2 }
                lowestSeen = target
                cursor = target
            default:
                throw .badLabelType(len, at: cursor)
            }
        }
    }

    mutating func resourceRecord() throws(DNSWireError) -> DNSMessage.ResourceRecord {
        let name = try name()
        let type = try u16()
        let rrclass = try u16()
        let ttl = try u32()
        let rdlength = Int(try u16())
        try need(rdlength)
        let rdStart = pos
        let rdEnd = pos + rdlength
        let data: DNSMessage.RData
        switch DNSRecordType(rawValue: type) {
        case .a:
            guard rdlength == 4 else { throw .rdataLengthMismatch(type: type, expected: 4, actual: rdlength) }
            data = .a(DNSReader.ntop(AF_INET, try take(4)))
        case .aaaa:
            guard rdlength == 16 else { throw .rdataLengthMismatch(type: type, expected: 16, actual: rdlength) }
            data = .aaaa(DNSReader.ntop(AF_INET6, try take(16)))
        case .cname:
            data = .cname(try self.name())
        case .srv:
            // RFC 2782: priority, weight, port, target (uncompressed by the RFC; pointers tolerated).
            let priority = try u16(), weight = try u16(), port = try u16()
            let target = try self.name()
            data = .srv(SRVRecord(priority: priority, weight: weight, port: port, target: target, ttl: ttl))
        case .naptr:
            // RFC 3403 §4.1: order, preference, flags, services, regexp, replacement.
            let order = try u16(), preference = try u16()
            let flags = try characterString(), services = try characterString(), regexp = try characterString()
            let replacement = try self.name()
            data = .naptr(NAPTRRecord(order: order, preference: preference, flags: flags, service: services,
                                      regexp: regexp, replacement: replacement, ttl: ttl))
        default:
            data = .other(try take(rdlength))
        }
        // The RDATA must be consumed exactly: a name or string running past RDLENGTH is malformed.
        guard pos == rdEnd else { throw .rdataLengthMismatch(type: type, expected: rdlength, actual: pos - rdStart) }
        return DNSMessage.ResourceRecord(name: name, type: type, rrclass: rrclass, ttl: ttl, data: data)
    }

    /// Canonical text for an address (RFC 5952 for IPv6) via inet_ntop.
    static func ntop(_ family: Int32, _ raw: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let ok = raw.withUnsafeBytes { src in
            buffer.withUnsafeMutableBufferPointer { dst in
                inet_ntop(family, src.baseAddress, dst.baseAddress, socklen_t(dst.count))
            }
        }
        guard ok != nil else { return raw.map(String.init).joined(separator: ".") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
