/// What happened with digest authentication during a probe (never the password).
public struct AuthFacts: Sendable, Encodable, Equatable {
    public var username: String?
    /// 401 (WWW-Authenticate) or 407 (Proxy-Authenticate), when challenged.
    public var challengedWith: Int?
    public var realm: String?
    public var algorithm: String?
    public var qop: String?
    /// How many requests carried credentials.
    public var attemptsWithCredentials: Int
    /// A `stale=true` challenge was answered with the new nonce.
    public var staleRetried: Bool
    /// Why a challenge could not be answered (verdict `auth_unsupported`), or nil.
    public var unsupportedReason: String? = nil

    enum CodingKeys: String, CodingKey {
        case username, realm, algorithm, qop
        case challengedWith = "challenged_with"
        case attemptsWithCredentials = "attempts_with_credentials"
        case staleRetried = "stale_retried"
        case unsupportedReason = "unsupported_reason"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(username, forKey: .username)
        try c.encode(challengedWith, forKey: .challengedWith)
        try c.encode(realm, forKey: .realm)
        try c.encode(algorithm, forKey: .algorithm)
        try c.encode(qop, forKey: .qop)
        try c.encode(attemptsWithCredentials, forKey: .attemptsWithCredentials)
        try c.encode(staleRetried, forKey: .staleRetried)
        try c.encode(unsupportedReason, forKey: .unsupportedReason)
    }
}
