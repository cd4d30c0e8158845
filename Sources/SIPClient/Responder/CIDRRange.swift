#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SIPCore

/// One `--allow` entry: an IPv4 or IPv6 network in CIDR form (RFC 4632 §3.1; RFC 4291 §2.3 for IPv6),
/// or a single address (a /32 or /128).
///
/// The responder answers 403 Forbidden, without a challenge, to a source outside every allowed range:
/// what a trunk's IP ACL does (the `acl_rejected` verdict of `invite`, docs/verdicts.md).
public struct CIDRRange: Sendable, Equatable, CustomStringConvertible {
    public let network: [UInt8]
    public let prefixLength: Int

    /// Parses `192.0.2.0/24`, `10.0.0.1`, `2001:db8::/32`, `[::1]/128`.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(of: IPAddressText.stripBrackets(String(parts[0]))) else { return nil }
        let maxLength = bytes.count * 8
        var length = maxLength
        if parts.count == 2 {
            guard let n = Int(parts[1]), (0...maxLength).contains(n) else { return nil }
            length = n
        }
        self.prefixLength = length
        self.network = Self.masked(bytes, length)
    }

    /// True when `address` (text, as NIO reports a peer) lies in this range; the other family never matches.
    /// An IPv4-mapped IPv6 source (`::ffff:192.0.2.1`, RFC 4291 §2.5.5.2) is compared as IPv4.
    public func contains(_ address: String) -> Bool {
        guard var bytes = Self.bytes(of: IPAddressText.stripBrackets(address)) else { return false }
        if bytes.count == 16, network.count == 4, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
            bytes = Array(bytes[12...])
        }
        guard bytes.count == network.count else { return false }
        return Self.masked(bytes, prefixLength) == network
    }

    public var description: String { "\(Self.text(of: network))/\(prefixLength)" }

    static func masked(_ bytes: [UInt8], _ length: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<out.count {
            let bitsHere = max(0, min(8, length - i * 8))
            out[i] &= bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - bitsHere))
        }
        return out
    }

    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }

    static func text(of bytes: [UInt8]) -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        var input = bytes
        let family = bytes.count == 4 ? AF_INET : AF_INET6
        let ok = input.withUnsafeMutableBytes { raw in inet_ntop(family, raw.baseAddress, &buffer, 64) } != nil
        guard ok else { return "?" }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
