/// Why a digest challenge could not be parsed or answered. A closed set: callers switch on it.
public enum DigestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header value was empty or only whitespace.
    case empty
    /// The auth-scheme is not `Digest` (e.g. `Basic`, or a token-less value); carries the scheme seen.
    case notDigest(scheme: String)
    /// The parameter list does not follow RFC 7235 §2.1 `auth-param` syntax; `offset` counts characters.
    case malformed(reason: String, offset: Int)
    /// A parameter appeared twice (RFC 7616 §3.3: each "MUST NOT appear more than once").
    case duplicateParameter(String)
    /// A required parameter is absent (`realm`, `nonce`: RFC 7616 §3.3).
    case missingParameter(String)
    /// The challenge names an algorithm this client cannot compute.
    case unsupportedAlgorithm(String)
    /// The challenge offers qop values but none this client implements (only `auth`; `auth-int` is not).
    case unsupportedQop([String])
    /// None of the challenges given is answerable; carries each challenge's reason.
    case noUsableChallenge([DigestError])

    public var description: String {
        switch self {
        case .empty: return "empty authentication challenge"
        case .notDigest(let scheme): return "authentication scheme \(scheme.isEmpty ? "(none)" : "'\(scheme)'") is not Digest"
        case .malformed(let reason, let offset): return "malformed Digest challenge at character \(offset): \(reason)"
        case .duplicateParameter(let name): return "Digest parameter '\(name)' appears more than once"
        case .missingParameter(let name): return "Digest challenge lacks the required '\(name)' parameter"
        case .unsupportedAlgorithm(let a): return "Digest algorithm '\(a)' is not supported (MD5, SHA-256, SHA-512-256 and their -sess variants are)"
        case .unsupportedQop(let q): return "Digest qop \(q.joined(separator: ",")) is not supported (only auth)"
        case .noUsableChallenge(let reasons):
            return "no usable Digest challenge: " + reasons.map(\.description).joined(separator: "; ")
        }
    }
}
