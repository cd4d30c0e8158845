import Testing
@testable import SIPCore

@Suite struct DigestChallengeTests {
    @Test("Parses every standard parameter, case-insensitive names, spacing and unknown params")
    func fullChallenge() throws {
        let c = try DigestChallenge(parsing: """
              digest   REALM = "sip.example.com" ,NONCE="abc\\"def",  qop="auth, auth-int" ,
            Algorithm=sha-256,opaque="op",stale=TRUE, domain="sip:a.example.com sip:b.example.com", x-vendor=42,,
            """, header: .proxyAuthenticate)
        #expect(c.realm == "sip.example.com")
        #expect(c.nonce == #"abc"def"#)
        #expect(c.qopOptions == ["auth", "auth-int"])
        #expect(c.algorithm == .sha256)
        #expect(c.algorithmToken == "sha-256")
        #expect(c.opaque == "op")
        #expect(c.stale)
        #expect(c.domain == "sip:a.example.com sip:b.example.com")
        #expect(c.parameters["x-vendor"] == "42")
        #expect(c.header == .proxyAuthenticate)
        #expect(c.isSupported)
    }

    @Test("Defaults: no algorithm means MD5, no qop means RFC 2069, stale false")
    func defaults() throws {
        let c = try DigestChallenge(parsing: #"Digest realm="r",nonce="n""#)
        #expect(c.algorithm == .md5 && c.algorithmToken == nil)
        #expect(c.qopOptions.isEmpty && !c.stale && c.opaque == nil)
    }

    @Test("Unquoted values and a missing comma are tolerated")
    func lenient() throws {
        let c = try DigestChallenge(parsing: "Digest realm=example.com nonce=xyz qop=auth algorithm=SHA-512-256-sess domain=sip:example.com")
        #expect(c.realm == "example.com" && c.nonce == "xyz" && c.algorithm == .sha512_256Sess)
        #expect(c.domain == "sip:example.com")
    }

    @Test("Every algorithm token parses case-insensitively; unknown ones leave algorithm nil")
    func algorithms() throws {
        for a in DigestAlgorithm.allCases {
            #expect(DigestAlgorithm(token: a.token.uppercased()) == a)
        }
        let c = try DigestChallenge(parsing: #"Digest realm="r", nonce="n", algorithm=AKAv1-MD5"#)
        #expect(c.algorithm == nil && c.algorithmToken == "AKAv1-MD5")
        #expect(c.unsupportedReason == .unsupportedAlgorithm("AKAv1-MD5"))
        let intOnly = try DigestChallenge(parsing: #"Digest realm="r", nonce="n", qop="auth-int""#)
        #expect(intOnly.unsupportedReason == .unsupportedQop(["auth-int"]))
    }

    @Test("Typed errors on garbage, never a crash", arguments: [
        "", "   ", ",,,", "Basic realm=\"x\"", "Digest", "Digest realm=\"r\"", "Digest nonce=\"n\"",
        "Digest realm=\"unterminated, nonce=\"n\"", "Digest realm=\"r\", realm=\"s\", nonce=\"n\"",
        "Digest =\"x\"", "Digest realm=\"r\" ; nonce=\"n\"", "Digest realm=", "\u{0}\u{1}\u{ff}",
        "Digest realm=\"r\", nonce=\"n\\", "Digest realm=\"r\",, nonce", "Digest \"quoted\"", "Digest realm=\"r\", =",
        String(repeating: "Digest ", count: 200), String(repeating: "a=\"", count: 300),
    ])
    func garbage(_ input: String) {
        #expect(throws: DigestError.self) { try DigestChallenge(parsing: input) }
    }

    @Test("Specific error kinds")
    func errorKinds() {
        #expect(throws: DigestError.empty) { try DigestChallenge(parsing: "  ") }
        #expect(throws: DigestError.notDigest(scheme: "Basic")) { try DigestChallenge(parsing: #"Basic realm="x""#) }
        #expect(throws: DigestError.missingParameter("nonce")) { try DigestChallenge(parsing: #"Digest realm="x""#) }
        #expect(throws: DigestError.duplicateParameter("nonce")) {
            try DigestChallenge(parsing: #"Digest realm="x", nonce="a", NONCE="b""#)
        }
    }

    @Test("Random bytes never crash the parser")
    func fuzzish() {
        var g = SplitMix(seed: 42)
        let alphabet = Array(#"Digest realm=nonce,"\ qop=auth algorithm=MD5 é"#)
        for _ in 0..<2000 {
            let n = Int(g.next() % 60)
            let s = String((0..<n).map { _ in alphabet[Int(g.next() % UInt64(alphabet.count))] })
            _ = try? DigestChallenge(parsing: s)
            _ = DigestChallenge.parseAll([s])
        }
    }

    @Test("Status 401 answers in Authorization, 407 in Proxy-Authorization")
    func headerForStatus() {
        #expect(DigestChallenge.Header(statusCode: 401) == .wwwAuthenticate)
        #expect(DigestChallenge.Header(statusCode: 407)?.responseHeaderName == "Proxy-Authorization")
        #expect(DigestChallenge.Header(statusCode: 401)?.rawValue == "WWW-Authenticate")
        #expect(DigestChallenge.Header(statusCode: 403) == nil)
    }

    @Test("Kamailio-style challenge with base64 nonce, quoted and unquoted")
    func kamailioStyle() throws {
        let c = try DigestChallenge(parsing: #"Digest realm="127.0.0.1", nonce="Z2VhbXBsZQ==", qop="auth""#)
        #expect(c.nonce == "Z2VhbXBsZQ==" && c.qopOptions == ["auth"])
        let u = try DigestChallenge(parsing: "Digest realm=x,nonce=abc==,qop=auth")
        #expect(u.nonce == "abc==" && u.realm == "x")
    }

    @Test("parseAll skips other schemes and reports broken Digest challenges")
    func parseAll() {
        let r = DigestChallenge.parseAll([
            #"Basic realm="x""#, #"Digest realm="r", nonce="1""#, #"Digest realm="r""#,
            #"Negotiate abc=="#, #"Digest realm="r", nonce="2", Digest realm="r", nonce="3""#,
        ])
        #expect(r.challenges.map(\.nonce) == ["1", "2", "3"])
        #expect(r.errors == [.missingParameter("nonce")])
    }
}

/// Deterministic PRNG for fuzz-style tests.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
