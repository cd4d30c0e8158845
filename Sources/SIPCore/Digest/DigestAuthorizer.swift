/// Answers Digest challenges for one set of credentials (RFC 7616 §3.4, SIP profile RFC 8760).
///
/// A value type that remembers the nonce count per (realm, nonce): answering the same nonce again
/// increments `nc` (RFC 7616 §3.4: the count of requests sent with this nonce), a new nonce starts at
/// `00000001`. Each answer gets a fresh cnonce from the injected source, so tests are deterministic.
///
/// - Note: qop `auth-int` is not implemented; a challenge offering only `auth-int` is unusable.
///   `userhash` is not used (the plain username is sent, which RFC 7616 §3.4.4 allows).
public struct DigestAuthorizer: Sendable, CustomStringConvertible {
    public var credentials: DigestCredentials
    private let makeCnonce: @Sendable () -> String
    private var nonceCounts: [NonceKey: UInt32] = [:]

    private struct NonceKey: Hashable, Sendable {
        var realm: String
        var nonce: String
    }

    /// - Parameter cnonce: a source of client nonces; the default draws 16 bytes from the system CSPRNG
    ///   (`SystemRandomNumberGenerator`: getrandom(2) on Linux) and hex-encodes them.
    public init(credentials: DigestCredentials, cnonce: @escaping @Sendable () -> String = DigestAuthorizer.randomCnonce) {
        self.credentials = credentials
        self.makeCnonce = cnonce
    }

    /// 16 random bytes as 32 lowercase hex digits.
    @Sendable public static func randomCnonce() -> String {
        var g = SystemRandomNumberGenerator()
        return EVPHash.hexString((0..<16).map { _ in UInt8.random(in: .min ... .max, using: &g) })
    }

    public var description: String { "DigestAuthorizer(\(credentials))" }

    /// Builds the header answering the best of several challenge header values, the usual entry point:
    /// parses every value (several `WWW-Authenticate`s, or several challenges in one), picks the first
    /// supported one in the server's order (RFC 8760 §2.4), and answers it for `method` and `uri`.
    ///
    /// - Parameters:
    ///   - method: the method of the request being sent (RFC 7616 §3.4.3; SIPp #460: not the challenged one).
    ///   - uri: the Request-URI of the request being sent, exactly as it appears in the request line.
    public mutating func authorize(
        challengeHeaders: [String], header: DigestChallenge.Header, method: String, uri: String
    ) throws(DigestError) -> DigestResponse {
        let parsed = DigestChallenge.parseAll(challengeHeaders, header: header)
        guard !parsed.challenges.isEmpty else {
            throw parsed.errors.count == 1 ? parsed.errors[0] : .noUsableChallenge(parsed.errors)
        }
        let chosen = try DigestChallenge.select(from: parsed.challenges)
        return try authorize(chosen, method: method, uri: uri)
    }

    /// Answers one challenge (RFC 7616 §3.4.1–3.4.3):
    /// `HA1 = H(user:realm:password)` (`-sess`: `H(H(user:realm:password):nonce:cnonce)`),
    /// `HA2 = H(method:uri)`, `response = H(HA1:nonce:nc:cnonce:qop:HA2)`, or without qop
    /// `H(HA1:nonce:HA2)` (RFC 2069 form, RFC 2617 §3.2.2.1).
    public mutating func authorize(_ challenge: DigestChallenge, method: String, uri: String) throws(DigestError) -> DigestResponse {
        if let reason = challenge.unsupportedReason { throw reason }
        // unsupportedReason is nil only with a known algorithm.
        let algorithm = challenge.algorithm ?? .md5
        let useQop = !challenge.qopOptions.isEmpty
        let needsCnonce = useQop || algorithm.isSession
        let cnonce = needsCnonce ? makeCnonce() : nil

        var ha1 = algorithm.hash("\(credentials.username):\(challenge.realm):\(credentials.password)")
        if algorithm.isSession {
            ha1 = algorithm.hash("\(ha1):\(challenge.nonce):\(cnonce ?? "")")
        }
        let ha2 = algorithm.hash("\(method):\(uri)")

        let response: String
        var nc: String? = nil
        if useQop {
            let key = NonceKey(realm: challenge.realm, nonce: challenge.nonce)
            let count = (nonceCounts[key] ?? 0) &+ 1
            nonceCounts[key] = count
            let ncString = DigestAuthorizer.formatNonceCount(count)
            nc = ncString
            response = algorithm.hash("\(ha1):\(challenge.nonce):\(ncString):\(cnonce ?? ""):auth:\(ha2)")
        } else {
            response = algorithm.hash("\(ha1):\(challenge.nonce):\(ha2)")
        }
        return DigestResponse(
            headerName: challenge.header.responseHeaderName,
            username: credentials.username, realm: challenge.realm, nonce: challenge.nonce, uri: uri,
            response: response, algorithm: algorithm, cnonce: cnonce, nc: nc,
            qop: useQop ? "auth" : nil, opaque: challenge.opaque)
    }

    /// The nonce count sent so far for this realm and nonce (0 if never answered).
    public func nonceCount(realm: String, nonce: String) -> UInt32 {
        nonceCounts[NonceKey(realm: realm, nonce: nonce)] ?? 0
    }

    /// `nc`: exactly 8 lowercase hex digits (RFC 7616 §3.4 `nc-value = 8LHEX`). Decimal (`%.8i`, eXosip's
    /// bug) goes wrong from 10 on: 10 is `0000000a`.
    public static func formatNonceCount(_ count: UInt32) -> String {
        let hex = String(count, radix: 16, uppercase: false)
        return String(repeating: "0", count: max(0, 8 - hex.count)) + hex
    }
}
