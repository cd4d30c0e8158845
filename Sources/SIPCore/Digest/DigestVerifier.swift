/// Checks an `Authorization` or `Proxy-Authorization` header against the credentials a server expects
/// (the server side of RFC 7616 §3.4, SIP profile RFC 8760; RFC 3261 §22.2–22.4).
///
/// Pure: the caller owns the nonces it issued and says, through `isKnownNonce`, whether a nonce is one
/// of them and still fresh. The request-digest is recomputed with the same `DigestAlgorithm` hashing
/// the client side uses (libcrypto EVP through `EVPHash`), so both sides cannot drift apart.
///
/// - Note: only qop=auth and the RFC 2069 form without qop are accepted (no `auth-int`); `nc` replay
///   is not tracked (a responder for probes, not a registrar). `userhash` is not supported.
public struct DigestVerifier: Sendable, CustomStringConvertible {
    /// What the server should do with the request.
    public enum Outcome: Sendable, Equatable {
        /// The response matches: serve the request.
        case valid
        /// No header answering our challenge: challenge (401/407).
        case missing
        /// The nonce is not one we issued, or it expired: challenge again with `stale=true`
        /// (RFC 7616 §3.3: "the server should only set stale to true if it receives a request for which
        /// the nonce is invalid").
        case staleNonce
        /// Wrong username, realm, algorithm or request-digest: refuse with 403 (RFC 3261 §22.2 lets a
        /// server answer 403 instead of challenging again).
        case rejected(String)
    }

    public var credentials: DigestCredentials
    public var realm: String
    public var algorithm: DigestAlgorithm

    public init(credentials: DigestCredentials, realm: String, algorithm: DigestAlgorithm) {
        self.credentials = credentials
        self.realm = realm
        self.algorithm = algorithm
    }

    public var description: String { "DigestVerifier(\(credentials), realm: \(realm), algorithm: \(algorithm))" }

    /// Verifies the first Digest answer among `headerValues` for `method` (the method of the request that
    /// carries the header, RFC 7616 §3.4.3). With `requestURI`, the digest-uri must be that Request-URI
    /// (RFC 3261 §22.4; RFC 2617 §3.2.2.5: the server checks it, so an answer cannot be replayed elsewhere).
    public func verify(headerValues: [String], method: String, requestURI: String? = nil, isKnownNonce: (String) -> Bool) -> Outcome {
        guard !headerValues.isEmpty else { return .missing }
        var params: [String: String] = [:]
        var found = false
        for value in headerValues {
            // The credentials syntax is the challenge syntax (RFC 7235 §2.1: scheme + auth-params).
            guard let scanned = try? AuthChallengeScanner.scan(value),
                  let digest = scanned.first(where: { $0.scheme.lowercased() == "digest" })
            else { continue }
            for p in digest.parameters where params[p.name] == nil { params[p.name] = p.value }
            found = true
            break
        }
        guard found else { return .rejected("no Digest credentials") }
        guard let username = params["username"], let nonce = params["nonce"], let uri = params["uri"],
              let response = params["response"]
        else { return .rejected("credentials lack username, nonce, uri or response") }
        guard username == credentials.username else { return .rejected("unknown username") }
        if let requestURI, uri != requestURI { return .rejected("digest uri is not the Request-URI") }
        guard params["realm"] == realm else { return .rejected("realm does not match") }
        let sent = params["algorithm"].flatMap(DigestAlgorithm.init(token:)) ?? .md5
        guard sent == algorithm else { return .rejected("algorithm \(sent) was not offered") }
        guard isKnownNonce(nonce) else { return .staleNonce }

        let ha1 = algorithm.hash("\(username):\(realm):\(credentials.password)")
        let ha2 = algorithm.hash("\(method):\(uri)")
        let expected: String
        if let qop = params["qop"] {
            guard qop.lowercased() == "auth" else { return .rejected("qop \(qop) is not supported") }
            guard let nc = params["nc"], let cnonce = params["cnonce"] else { return .rejected("qop=auth without nc or cnonce") }
            expected = algorithm.hash("\(ha1):\(nonce):\(nc):\(cnonce):auth:\(ha2)")
        } else {
            expected = algorithm.hash("\(ha1):\(nonce):\(ha2)")
        }
        return Self.constantTimeEqual(expected, response.lowercased()) ? .valid : .rejected("wrong response digest")
    }

    /// Compares without an early exit, so the time taken does not tell how many leading digits matched.
    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<x.count { diff |= x[i] ^ y[i] }
        return diff == 0
    }

    /// The challenge header value for a fresh nonce (RFC 7616 §3.3; qop="auth" as RFC 8760 §2.3 requires).
    public func challengeValue(nonce: String, opaque: String, stale: Bool) -> String {
        var parts = ["realm=\"\(realm)\"", "nonce=\"\(nonce)\"", "opaque=\"\(opaque)\"", "algorithm=\(algorithm.token)",
                     "qop=\"auth\""]
        if stale { parts.append("stale=true") }
        return "Digest " + parts.joined(separator: ", ")
    }
}
