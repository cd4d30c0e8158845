/// One Digest challenge from a `WWW-Authenticate` (401) or `Proxy-Authenticate` (407) header
/// (RFC 3261 §22.2–22.3, RFC 7616 §3.3).
///
/// Parsing never traps and never throws for what a client can simply ignore: unknown parameters are
/// kept in `parameters`; an algorithm this client cannot compute leaves `algorithm` nil (so selection
/// can skip the challenge, RFC 8760 §2.4) rather than failing the parse.
public struct DigestChallenge: Sendable, Equatable {
    /// Which header carried the challenge; decides the header the answer goes in (RFC 3261 §22.3).
    public enum Header: String, Sendable, Equatable {
        case wwwAuthenticate = "WWW-Authenticate"
        case proxyAuthenticate = "Proxy-Authenticate"

        /// The challenge header a response carries: 401 → `WWW-Authenticate`, 407 → `Proxy-Authenticate`
        /// (RFC 3261 §22.2, §22.3); nil for any other status.
        public init?(statusCode: Int) {
            switch statusCode {
            case 401: self = .wwwAuthenticate
            case 407: self = .proxyAuthenticate
            default: return nil
            }
        }

        /// `Authorization` answers `WWW-Authenticate`; `Proxy-Authorization` answers `Proxy-Authenticate`.
        public var responseHeaderName: String {
            self == .wwwAuthenticate ? "Authorization" : "Proxy-Authorization"
        }
    }

    public var header: Header
    public var realm: String
    public var nonce: String
    public var opaque: String?
    /// The `domain` parameter as sent (a space-separated URI list; RFC 7616 §3.3).
    public var domain: String?
    /// `stale=true`: the nonce expired but the credentials were right; retry once with the new nonce
    /// without counting it as a rejection (RFC 7616 §3.3).
    public var stale: Bool
    /// The `algorithm` token exactly as sent, or nil when absent.
    public var algorithmToken: String?
    /// The algorithm to use, or nil when `algorithmToken` names one this client cannot compute.
    /// Absent `algorithm` means MD5 (RFC 7616 §3.3).
    public var algorithm: DigestAlgorithm?
    /// The offered qop values, lowercased, in the server's order (`"auth,auth-int"` → `["auth", "auth-int"]`).
    /// Empty means the RFC 2069 form without qop (RFC 2617 §3.2.1).
    public var qopOptions: [String]
    /// `userhash=true` (RFC 7616 §3.4.4). The client may ignore it; this client sends the plain username.
    public var userhash: Bool
    /// Every parameter, names lowercased, values unescaped; includes the ones above and unknown ones.
    public var parameters: [String: String]

    public init(
        header: Header = .wwwAuthenticate, realm: String, nonce: String, opaque: String? = nil,
        domain: String? = nil, stale: Bool = false, algorithm: DigestAlgorithm? = .md5,
        qopOptions: [String] = ["auth"]
    ) {
        self.header = header
        self.realm = realm
        self.nonce = nonce
        self.opaque = opaque
        self.domain = domain
        self.stale = stale
        self.algorithmToken = algorithm?.token
        self.algorithm = algorithm
        self.qopOptions = qopOptions
        self.userhash = false
        var p = ["realm": realm, "nonce": nonce]
        if let opaque { p["opaque"] = opaque }
        if let domain { p["domain"] = domain }
        if stale { p["stale"] = "true" }
        if let algorithm { p["algorithm"] = algorithm.token }
        if !qopOptions.isEmpty { p["qop"] = qopOptions.joined(separator: ",") }
        self.parameters = p
    }

    /// Parses a header value holding exactly one Digest challenge
    /// (`Digest realm="…", nonce="…", qop="auth,auth-int", algorithm=SHA-256, opaque="…", stale=true`).
    ///
    /// - Throws: `DigestError.notDigest` for another scheme, `.malformed`, `.duplicateParameter`,
    ///   `.missingParameter` (realm, nonce). If the value carries several challenges, the first Digest one is used.
    public init(parsing value: String, header: Header = .wwwAuthenticate) throws(DigestError) {
        let scanned = try AuthChallengeScanner.scan(value)
        guard let digest = scanned.first(where: { $0.scheme.lowercased() == "digest" }) else {
            throw .notDigest(scheme: scanned.first?.scheme ?? "")
        }
        try self.init(scanned: digest, header: header)
    }

    init(scanned: AuthChallengeScanner.Challenge, header: Header) throws(DigestError) {
        guard scanned.scheme.lowercased() == "digest" else { throw .notDigest(scheme: scanned.scheme) }
        var params: [String: String] = [:]
        for p in scanned.parameters {
            guard params[p.name] == nil else { throw .duplicateParameter(p.name) }
            params[p.name] = p.value
        }
        guard let realm = params["realm"] else { throw .missingParameter("realm") }
        guard let nonce = params["nonce"] else { throw .missingParameter("nonce") }
        self.header = header
        self.realm = realm
        self.nonce = nonce
        self.opaque = params["opaque"]
        self.domain = params["domain"]
        self.stale = params["stale"]?.lowercased() == "true"
        self.userhash = params["userhash"]?.lowercased() == "true"
        self.algorithmToken = params["algorithm"]
        if let token = params["algorithm"] {
            self.algorithm = DigestAlgorithm(token: token)
        } else {
            self.algorithm = .md5
        }
        self.qopOptions = (params["qop"] ?? "")
            .split(separator: ",")
            .map { $0.trimmingSpaces().lowercased() }
            .filter { !$0.isEmpty }
        self.parameters = params
    }

    /// Parses every Digest challenge in the given header values (one per header line, or several per
    /// value), in order. Non-Digest schemes are skipped silently; unparseable Digest challenges are
    /// returned in `errors` so the caller can report them.
    public static func parseAll(
        _ headerValues: [String], header: Header = .wwwAuthenticate
    ) -> (challenges: [DigestChallenge], errors: [DigestError]) {
        var challenges: [DigestChallenge] = []
        var errors: [DigestError] = []
        for value in headerValues {
            do {
                for scanned in try AuthChallengeScanner.scan(value) where scanned.scheme.lowercased() == "digest" {
                    do { challenges.append(try DigestChallenge(scanned: scanned, header: header)) }
                    catch { errors.append(error) }
                }
            } catch {
                errors.append(error)
            }
        }
        return (challenges, errors)
    }

    /// The auth-schemes the header values offer, in order (`Basic`, `Digest`, …), for saying why none is
    /// usable; a value that does not scan contributes its first token.
    public static func schemes(in headerValues: [String]) -> [String] {
        headerValues.flatMap { value -> [String] in
            if let scanned = try? AuthChallengeScanner.scan(value), !scanned.isEmpty { return scanned.map(\.scheme) }
            return value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).first.map { [String($0)] } ?? []
        }
    }

    /// Why this client cannot answer the challenge, or nil when it can: an unknown algorithm, or a
    /// qop list without `auth` (this client does not implement `auth-int`, RFC 7616 §3.4.3).
    public var unsupportedReason: DigestError? {
        guard algorithm != nil else { return .unsupportedAlgorithm(algorithmToken ?? "") }
        if !qopOptions.isEmpty && !qopOptions.contains("auth") { return .unsupportedQop(qopOptions) }
        return nil
    }

    public var isSupported: Bool { unsupportedReason == nil }

    /// The challenge to answer among several: the first one (in the server's order) whose algorithm
    /// and qop this client supports (RFC 8760 §2.4: the server lists challenges in preference order;
    /// "the client SHOULD use the topmost header field that it supports").
    public static func select(from challenges: [DigestChallenge]) throws(DigestError) -> DigestChallenge {
        var reasons: [DigestError] = []
        for c in challenges {
            if let reason = c.unsupportedReason { reasons.append(reason) } else { return c }
        }
        throw .noUsableChallenge(reasons)
    }
}

extension Substring {
    func trimmingSpaces() -> Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
