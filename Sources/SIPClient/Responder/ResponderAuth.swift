import SIPCore

/// The responder's digest configuration (`--auth USER --password-env VAR`): who may call, and how the
/// challenge is issued (RFC 3261 §22.1–22.3, RFC 7616 §3.3, RFC 8760).
public struct ResponderAuth: Sendable, CustomStringConvertible {
    /// 401 with WWW-Authenticate (a UAS/registrar) or 407 with Proxy-Authenticate (a proxy, as most trunks).
    public enum ChallengeKind: Int, Sendable {
        case www = 401
        case proxy = 407

        var header: DigestChallenge.Header { self == .www ? .wwwAuthenticate : .proxyAuthenticate }
        var reason: String { self == .www ? "Unauthorized" : "Proxy Authentication Required" }
    }

    public var verifier: DigestVerifier
    public var challenge: ChallengeKind
    /// Challenge OPTIONS too (default: INVITE only, as trunks usually answer OPTIONS unauthenticated).
    public var challengeOptions: Bool
    /// The opaque value sent with every challenge; clients must echo it (RFC 7616 §3.3).
    public var opaque: String

    public init(credentials: DigestCredentials, realm: String = "trunkprobe", algorithm: DigestAlgorithm = .md5,
                challenge: ChallengeKind = .www, challengeOptions: Bool = false, opaque: String = "trunkprobe-responder") {
        self.verifier = DigestVerifier(credentials: credentials, realm: realm, algorithm: algorithm)
        self.challenge = challenge
        self.challengeOptions = challengeOptions
        self.opaque = opaque
    }

    /// True when requests with this method must carry credentials.
    public func protects(_ method: String) -> Bool {
        switch method.uppercased() {
        case "INVITE": true
        case "OPTIONS": challengeOptions
        default: false
        }
    }

    public var description: String { "ResponderAuth(\(verifier), challenge: \(challenge.rawValue))" }
}
