#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SIPCore

/// A DNS message in the subset this resolver needs (RFC 1035 §4.1): the header, the questions and the
/// answer section with A, AAAA, CNAME, SRV (RFC 2782) and NAPTR (RFC 3403) data decoded.
///
/// Pure byte work, no I/O: encode a query, decode a response. Decoding is bounds-checked throughout,
/// follows compression pointers (RFC 1035 §4.1.4) only backwards (so no loops), and throws
/// `DNSWireError` on anything malformed.
public struct DNSMessage: Sendable, Equatable {
    public struct Question: Sendable, Equatable {
        public var name: String
        public var type: UInt16
        public var qclass: UInt16
        public init(name: String, type: UInt16, qclass: UInt16 = 1) {
            self.name = name
            self.type = type
            self.qclass = qclass
        }
    }

    public enum RData: Sendable, Equatable {
        case a(String)
        case aaaa(String)
        case cname(String)
        case srv(SRVRecord)
        case naptr(NAPTRRecord)
        case other([UInt8])
    }

    public struct ResourceRecord: Sendable, Equatable {
        public var name: String
        public var type: UInt16
        public var rrclass: UInt16
        public var ttl: UInt32
        public var data: RData
    }

    public var id: UInt16
    /// The 16 flag bits: QR(15) OPCODE(11–14) AA(10) TC(9) RD(8) RA(7) Z AD CD RCODE(0–3).
    public var flags: UInt16
    public var questions: [Question]
    public var answers: [ResourceRecord]
    /// Counts as sent in the header for the authority and additional sections (not decoded).
    public var authorityCount: Int
    public var additionalCount: Int

    public var isResponse: Bool { flags & 0x8000 != 0 }
    public var opcode: Int { Int((flags >> 11) & 0xF) }
    public var isTruncated: Bool { flags & 0x0200 != 0 }
    public var rcode: Int { Int(flags & 0x000F) }

    // MARK: encoding

    /// A recursive query (RD set) for one question, with an EDNS(0) OPT record advertising a 1232-octet
    /// UDP payload (RFC 6891 §6.2.5; the DNS flag day 2020 value) so large NAPTR/SRV sets fit without TC.
    public static func query(id: UInt16, name: String, type: DNSRecordType, edns: Bool = true) throws(DNSWireError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        put16(&out, id)
        put16(&out, 0x0100)               // RD
        put16(&out, 1)                    // QDCOUNT
        put16(&out, 0)                    // ANCOUNT
        put16(&out, 0)                    // NSCOUNT
        put16(&out, edns ? 1 : 0)         // ARCOUNT
        try encodeName(name, into: &out)
        put16(&out, type.rawValue)
        put16(&out, 1)                    // IN
        if edns {
            out.append(0)                 // root owner name
            put16(&out, DNSRecordType.opt.rawValue)
            put16(&out, 1232)             // CLASS = requestor's UDP payload size
            put32(&out, 0)                // extended RCODE, version 0, flags
            put16(&out, 0)                // RDLENGTH
        }
        return out
    }

    /// Encodes a name as uncompressed labels (RFC 1035 §3.1): at most 63 octets per label, 255 in all.
    static func encodeName(_ name: String, into out: inout [UInt8]) throws(DNSWireError) {
        var n = Substring(name)
        if n.hasSuffix(".") { n = n.dropLast() }
        var written = 1
        if !n.isEmpty {
            for label in n.split(separator: ".", omittingEmptySubsequences: false) {
                let bytes = Array(label.utf8)
                guard !bytes.isEmpty else { throw .invalidName(name, reason: "empty label") }
                guard bytes.count <= 63 else { throw .invalidName(name, reason: "label over 63 octets") }
                written += bytes.count + 1
                guard written <= 255 else { throw .invalidName(name, reason: "name over 255 octets") }
                out.append(UInt8(bytes.count))
                out += bytes
            }
        }
        out.append(0)
    }

    static func put16(_ out: inout [UInt8], _ v: UInt16) { out.append(UInt8(v >> 8)); out.append(UInt8(v & 0xFF)) }
    static func put32(_ out: inout [UInt8], _ v: UInt32) { put16(&out, UInt16(v >> 16)); put16(&out, UInt16(v & 0xFFFF)) }

    // MARK: decoding

    /// Decodes a message; the authority and additional sections are counted but not decoded.
    public init(decoding bytes: [UInt8]) throws(DNSWireError) {
        var r = DNSReader(bytes)
        id = try r.u16()
        flags = try r.u16()
        let qd = Int(try r.u16()), an = Int(try r.u16())
        authorityCount = Int(try r.u16())
        additionalCount = Int(try r.u16())
        questions = []
        for _ in 0..<qd {
            let name = try r.name()
            questions.append(Question(name: name, type: try r.u16(), qclass: try r.u16()))
        }
        answers = []
        for _ in 0..<an {
            answers.append(try r.resourceRecord())
        }
    }
}
