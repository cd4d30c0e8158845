/// Why bytes could not be encoded as, or decoded from, a DNS message (RFC 1035 §4).
/// Decoding never traps: every bounds, length or pointer problem lands here.
public enum DNSWireError: Error, Sendable, Equatable, CustomStringConvertible {
    case truncatedMessage(needed: Int, at: Int)
    case badLabelType(UInt8, at: Int)
    case compressionLoop(at: Int)
    case nameTooLong(at: Int)
    case rdataLengthMismatch(type: UInt16, expected: Int, actual: Int)
    case invalidName(String, reason: String)

    public var description: String {
        switch self {
        case .truncatedMessage(let n, let at): return "message ends early: needed \(n) more octet(s) at offset \(at)"
        case .badLabelType(let b, let at): return "reserved label type 0x\(String(b, radix: 16)) at offset \(at)"
        case .compressionLoop(let at): return "compression pointer at offset \(at) does not point backwards"
        case .nameTooLong(let at): return "name over 255 octets at offset \(at)"
        case .rdataLengthMismatch(let t, let e, let a): return "RDATA of type \(t) is \(a) octets, expected \(e)"
        case .invalidName(let n, let why): return "cannot encode '\(n)': \(why)"
        }
    }
}
