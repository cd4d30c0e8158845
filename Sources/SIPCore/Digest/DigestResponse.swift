/// The answer to a Digest challenge: the parameters of an `Authorization` or `Proxy-Authorization`
/// header (RFC 3261 §22.2–22.3, RFC 7616 §3.4) and the header rendered from them.
public struct DigestResponse: Sendable, Equatable {
    /// `Authorization` or `Proxy-Authorization`, matching the challenge's header (RFC 3261 §22.3).
    public var headerName: String
    public var username: String
    public var realm: String
    public var nonce: String
    /// The digest-uri: the Request-URI of the request being sent, as a string (RFC 3261 §22.4).
    public var uri: String
    /// The request-digest, lowercase hex.
    public var response: String
    public var algorithm: DigestAlgorithm
    /// Present when the challenge offered qop (then always `auth`), or for a `-sess` algorithm.
    public var cnonce: String?
    /// The nonce count as sent: exactly 8 lowercase hex digits (RFC 7616 §3.4), nil without qop.
    public var nc: String?
    /// `auth`, or nil for the RFC 2069 form.
    public var qop: String?
    /// Echoed unchanged from the challenge (RFC 7616 §3.4: "MUST be returned by the client unchanged").
    public var opaque: String?

    public init(
        headerName: String, username: String, realm: String, nonce: String, uri: String, response: String,
        algorithm: DigestAlgorithm, cnonce: String?, nc: String?, qop: String?, opaque: String?
    ) {
        self.headerName = headerName
        self.username = username
        self.realm = realm
        self.nonce = nonce
        self.uri = uri
        self.response = response
        self.algorithm = algorithm
        self.cnonce = cnonce
        self.nc = nc
        self.qop = qop
        self.opaque = opaque
    }

    /// The header value: `Digest username="…", realm="…", nonce="…", uri="…", response="…", algorithm=…,
    /// cnonce="…", opaque="…", qop=auth, nc=00000001`.
    ///
    /// Quoted: username, realm, nonce, uri, response, cnonce, opaque (RFC 7616 §3.4 / RFC 3261 §25.1
    /// `dig-resp`). Not quoted: algorithm, qop, nc — they are tokens, and some servers (old SER/Asterisk)
    /// reject `qop="auth"`. `algorithm` is always sent: it is harmless for MD5 and required otherwise.
    public var headerValue: String {
        var parts = [
            "username=\(Self.quote(username))",
            "realm=\(Self.quote(realm))",
            "nonce=\(Self.quote(nonce))",
            "uri=\(Self.quote(uri))",
            "response=\(Self.quote(response))",
            "algorithm=\(algorithm.token)",
        ]
        if let cnonce { parts.append("cnonce=\(Self.quote(cnonce))") }
        if let opaque { parts.append("opaque=\(Self.quote(opaque))") }
        if let qop { parts.append("qop=\(qop)") }
        if let nc { parts.append("nc=\(nc)") }
        return "Digest " + parts.joined(separator: ", ")
    }

    /// `Name: value`, ready for a SIP message.
    public var headerLine: String { "\(headerName): \(headerValue)" }

    /// RFC 7230 §3.2.6 quoted-string: backslash-escape `"` and `\`.
    static func quote(_ s: String) -> String {
        var out = "\""
        for ch in s {
            if ch == "\"" || ch == "\\" { out.append("\\") }
            out.append(ch)
        }
        out.append("\"")
        return out
    }
}
