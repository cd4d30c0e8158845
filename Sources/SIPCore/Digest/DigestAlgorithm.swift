/// A digest algorithm named in the `algorithm` parameter (RFC 7616 §3.3, §6.1; SIP profile RFC 8760 §2).
///
/// The `-sess` variants change only how HA1 is computed (RFC 7616 §3.4.2).
public enum DigestAlgorithm: String, Sendable, CaseIterable, CustomStringConvertible {
    case md5 = "MD5"
    case md5Sess = "MD5-sess"
    case sha256 = "SHA-256"
    case sha256Sess = "SHA-256-sess"
    case sha512_256 = "SHA-512-256"
    case sha512_256Sess = "SHA-512-256-sess"

    /// The token as registered in the IANA "HTTP Digest Hash Algorithms" registry (RFC 7616 §6.1).
    public var token: String { rawValue }
    public var description: String { rawValue }

    /// True for the `-sess` variants, whose HA1 mixes in the nonce and cnonce (RFC 7616 §3.4.2).
    public var isSession: Bool {
        switch self {
        case .md5Sess, .sha256Sess, .sha512_256Sess: return true
        case .md5, .sha256, .sha512_256: return false
        }
    }

    /// Parses an `algorithm` token case-insensitively (RFC 7616 §3.3: tokens compare case-insensitively).
    /// Returns nil for anything not in the registry subset above (e.g. `AKAv1-MD5`, RFC 3310).
    public init?(token: String) {
        let t = token.lowercased()
        guard let match = DigestAlgorithm.allCases.first(where: { $0.rawValue.lowercased() == t }) else { return nil }
        self = match
    }

    var hashFunction: EVPHash.Function {
        switch self {
        case .md5, .md5Sess: return .md5
        case .sha256, .sha256Sess: return .sha256
        case .sha512_256, .sha512_256Sess: return .sha512_256
        }
    }

    /// `H(data)` as lowercase hex.
    public func hash(_ data: String) -> String { EVPHash.hex(hashFunction, data) }
}
