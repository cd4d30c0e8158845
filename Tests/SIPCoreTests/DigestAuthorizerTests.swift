import Foundation
import Testing
@testable import SIPCore

@Suite struct DigestAuthorizerTests {
    static let mufasa2617 = DigestCredentials(username: "Mufasa", password: "Circle Of Life")
    // RFC 7616 uses "Circle of Life" (lowercase o; erratum 4495 points this out).
    static let mufasa7616 = DigestCredentials(username: "Mufasa", password: "Circle of Life")
    static let nonce7616 = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"
    static let cnonce7616 = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
    static let opaque7616 = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"

    @Test("RFC 2617 §3.5 worked example: MD5, qop=auth")
    func rfc2617Example() throws {
        let challenge = try DigestChallenge(parsing: """
            Digest realm="testrealm@host.com", qop="auth,auth-int", \
            nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """)
        var auth = DigestAuthorizer(credentials: Self.mufasa2617, cnonce: { "0a4f113b" })
        let r = try auth.authorize(challenge, method: "GET", uri: "/dir/index.html")
        #expect(r.response == "6629fae49393a05397450978507c4ef1")
        #expect(r.nc == "00000001")
        #expect(r.qop == "auth")
        #expect(r.opaque == "5ccc069c403ebaf9f0171e9517f40e41")
        #expect(r.headerName == "Authorization")
        #expect(r.headerValue == """
            Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", \
            uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", algorithm=MD5, cnonce="0a4f113b", \
            opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001
            """)
    }

    static func challenge7616(_ algorithm: String) throws -> DigestChallenge {
        try DigestChallenge(parsing: """
            Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=\(algorithm), \
            nonce="\(nonce7616)", opaque="\(opaque7616)"
            """)
    }

    @Test("RFC 7616 §3.9.1 example: MD5")
    func rfc7616MD5() throws {
        var auth = DigestAuthorizer(credentials: Self.mufasa7616, cnonce: { Self.cnonce7616 })
        let r = try auth.authorize(try Self.challenge7616("MD5"), method: "GET", uri: "/dir/index.html")
        #expect(r.response == "8ca523f5e9506fed4657c9700eebdbec")
    }

    @Test("RFC 7616 §3.9.1 example: SHA-256")
    func rfc7616SHA256() throws {
        var auth = DigestAuthorizer(credentials: Self.mufasa7616, cnonce: { Self.cnonce7616 })
        let r = try auth.authorize(try Self.challenge7616("SHA-256"), method: "GET", uri: "/dir/index.html")
        #expect(r.response == "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")
        #expect(r.algorithm == .sha256)
        #expect(r.headerValue.contains("algorithm=SHA-256,"))
    }

    /// RFC 7616 §3.9.2's SHA-512-256 example uses userhash and has a reported erratum, so SHA-512-256 is
    /// checked against `openssl dgst -sha512-256`. The constants were produced with:
    ///   h(){ printf '%s' "$2" | openssl dgst -$1 -r | cut -d' ' -f1; }
    ///   HA1=$(h sha512-256 "Mufasa:http-auth@example.org:Circle of Life"); HA2=$(h sha512-256 "GET:/dir/index.html")
    ///   h sha512-256 "$HA1:<nonce>:00000001:<cnonce>:auth:$HA2"
    /// and the test recomputes them with the openssl CLI when it is installed.
    @Test("SHA-512-256 matches an independent openssl computation")
    func sha512_256() throws {
        var auth = DigestAuthorizer(credentials: Self.mufasa7616, cnonce: { Self.cnonce7616 })
        let r = try auth.authorize(try Self.challenge7616("SHA-512-256"), method: "GET", uri: "/dir/index.html")
        #expect(r.response == "430d05014cecc49cab6fbe03176d41a1da86cbfe24a16580e22aaad928d960d0")

        if let ha1 = OpenSSLCLI.hex("sha512-256", "Mufasa:http-auth@example.org:Circle of Life"),
           let ha2 = OpenSSLCLI.hex("sha512-256", "GET:/dir/index.html"),
           let expected = OpenSSLCLI.hex("sha512-256", "\(ha1):\(Self.nonce7616):00000001:\(Self.cnonce7616):auth:\(ha2)") {
            #expect(r.response == expected)
        }
    }

    @Test("SHA-512-256 over SIP: INVITE, escaped quote in the password, second use of a nonce")
    func sha512_256SIP() throws {
        let c = DigestChallenge(header: .proxyAuthenticate, realm: "trunk.example.com", nonce: "abc123",
                                algorithm: .sha512_256, qopOptions: ["auth"])
        var auth = DigestAuthorizer(credentials: .init(username: "alice", password: "s3cr\"et"), cnonce: { "deadbeef" })
        let uri = "sip:+15551234567@trunk.example.com;transport=tcp"
        _ = try auth.authorize(c, method: "INVITE", uri: uri)
        let r = try auth.authorize(c, method: "INVITE", uri: uri)
        #expect(r.nc == "00000002")
        #expect(r.headerName == "Proxy-Authorization")
        #expect(r.response == "1ee0d765ea9c852921ab47f099954ec96b8afb733e804c2bafa4178e45c802ff")
    }

    @Test("MD5-sess mixes nonce and cnonce into HA1 (RFC 7616 §3.4.2)")
    func md5Sess() throws {
        let c = DigestChallenge(realm: "testrealm@host.com", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                                algorithm: .md5Sess, qopOptions: ["auth"])
        var auth = DigestAuthorizer(credentials: Self.mufasa2617, cnonce: { "0a4f113b" })
        let r = try auth.authorize(c, method: "GET", uri: "/dir/index.html")
        #expect(r.response == "8e3825c57e897f5a0dec6c2d4e5059d0")
        #expect(r.headerValue.contains("algorithm=MD5-sess"))
    }

    @Test("No qop in the challenge gives the RFC 2069 form: no qop, nc or cnonce")
    func rfc2069() throws {
        let c = try DigestChallenge(parsing: #"Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093""#)
        var auth = DigestAuthorizer(credentials: Self.mufasa2617, cnonce: { Issue.record("no cnonce without qop"); return "x" })
        let r = try auth.authorize(c, method: "GET", uri: "/dir/index.html")
        #expect(r.response == "670fd8c2df070c60b045671b8b24ff02")
        #expect(r.qop == nil && r.nc == nil && r.cnonce == nil && r.opaque == nil)
        #expect(!r.headerValue.contains("qop") && !r.headerValue.contains("nc=") && !r.headerValue.contains("cnonce"))
    }

    @Test("nc is 8 lowercase hex digits: 9→a (00000009, 0000000a), 10→10 hex, 255→256 (000000ff, 00000100)")
    func nonceCountFormatting() throws {
        #expect(DigestAuthorizer.formatNonceCount(1) == "00000001")
        #expect(DigestAuthorizer.formatNonceCount(9) == "00000009")
        #expect(DigestAuthorizer.formatNonceCount(10) == "0000000a")
        #expect(DigestAuthorizer.formatNonceCount(16) == "00000010")
        #expect(DigestAuthorizer.formatNonceCount(255) == "000000ff")
        #expect(DigestAuthorizer.formatNonceCount(256) == "00000100")
        #expect(DigestAuthorizer.formatNonceCount(UInt32.max) == "ffffffff")

        let c = DigestChallenge(realm: "r", nonce: "n")
        var auth = DigestAuthorizer(credentials: .init(username: "u", password: "p"), cnonce: { "c" })
        var seen: [String] = []
        for _ in 1...256 { seen.append(try auth.authorize(c, method: "OPTIONS", uri: "sip:r").nc ?? "") }
        #expect(seen[8] == "00000009")
        #expect(seen[9] == "0000000a")
        #expect(seen[254] == "000000ff")
        #expect(seen[255] == "00000100")
        #expect(auth.nonceCount(realm: "r", nonce: "n") == 256)
        // A new nonce (e.g. after stale=true) starts again at 1.
        let fresh = try auth.authorize(DigestChallenge(realm: "r", nonce: "n2", stale: true), method: "OPTIONS", uri: "sip:r")
        #expect(fresh.nc == "00000001")
    }

    @Test("Each answer draws a fresh cnonce from the injected source")
    func freshCnonce() throws {
        let counter = Counter()
        var auth = DigestAuthorizer(credentials: .init(username: "u", password: "p"), cnonce: { "c\(counter.next())" })
        let c = DigestChallenge(realm: "r", nonce: "n")
        #expect(try auth.authorize(c, method: "INVITE", uri: "sip:x").cnonce == "c1")
        #expect(try auth.authorize(c, method: "INVITE", uri: "sip:x").cnonce == "c2")
        let random1 = DigestAuthorizer.randomCnonce(), random2 = DigestAuthorizer.randomCnonce()
        #expect(random1.count == 32 && random1 != random2)
    }

    @Test("Several challenges: the first supported algorithm in the server's order (RFC 8760 §2.4)")
    func selection() throws {
        var auth = DigestAuthorizer(credentials: .init(username: "u", password: "p"), cnonce: { "c" })
        let headers = [
            #"Digest realm="r", nonce="n1", algorithm=AKAv1-MD5, qop="auth""#,
            #"Digest realm="r", nonce="n2", algorithm=SHA-512-256, qop="auth-int""#,   // auth-int only: unusable
            #"Basic realm="r""#,
            #"Digest realm="r", nonce="n3", algorithm=SHA-256, qop="auth""#,
            #"Digest realm="r", nonce="n4", algorithm=MD5, qop="auth""#,
        ]
        let r = try auth.authorize(challengeHeaders: headers, header: .wwwAuthenticate, method: "INVITE", uri: "sip:x")
        #expect(r.algorithm == .sha256)
        #expect(r.nonce == "n3")

        // Two challenges inside one header value.
        let both = #"Digest realm="r", nonce="a", algorithm=SHA-512-256, qop=auth, Digest realm="r", nonce="b", algorithm=MD5"#
        let r2 = try auth.authorize(challengeHeaders: [both], header: .proxyAuthenticate, method: "OPTIONS", uri: "sip:x")
        #expect(r2.algorithm == .sha512_256 && r2.nonce == "a" && r2.headerName == "Proxy-Authorization")

        #expect(throws: DigestError.self) {
            try auth.authorize(challengeHeaders: [#"Digest realm="r", nonce="n", algorithm=AKAv1-MD5"#],
                               header: .wwwAuthenticate, method: "INVITE", uri: "sip:x")
        }
        #expect(throws: DigestError.self) {
            try auth.authorize(challengeHeaders: [], header: .wwwAuthenticate, method: "INVITE", uri: "sip:x")
        }
    }

    @Test("Quoting: quoted-string values are escaped; qop, nc and algorithm stay unquoted")
    func quoting() throws {
        let c = DigestChallenge(realm: #"re"al\m"#, nonce: "n", opaque: "o\"p", algorithm: .sha256)
        var auth = DigestAuthorizer(credentials: .init(username: #"a"b"#, password: "p"), cnonce: { "cn" })
        let v = try auth.authorize(c, method: "REGISTER", uri: "sip:example.com").headerValue
        #expect(v.contains(#"username="a\"b""#))
        #expect(v.contains(#"realm="re\"al\\m""#))
        #expect(v.contains(#"opaque="o\"p""#))
        #expect(v.contains("qop=auth,") && v.contains("nc=00000001") && v.contains("algorithm=SHA-256,"))
        #expect(!v.contains("qop=\"") && !v.contains("nc=\"") && !v.contains("algorithm=\""))
        // Round trip through our own parser.
        let parsed = try AuthChallengeScanner.scan(v)
        #expect(parsed.first?.parameters.first { $0.name == "realm" }?.value == #"re"al\m"#)
    }

    @Test("Credentials never print their password")
    func redaction() {
        let creds = DigestCredentials(username: "alice", password: "hunter2-SECRET")
        let auth = DigestAuthorizer(credentials: creds)
        var dumped = ""
        dump(creds, to: &dumped)
        var dumpedAuth = ""
        dump(auth, to: &dumpedAuth)
        for text in ["\(creds)", String(reflecting: creds), dumped, "\(auth)", String(reflecting: auth), dumpedAuth] {
            #expect(!text.contains("hunter2"), "leaked in: \(text)")
        }
        #expect("\(creds)".contains("alice"))
    }
}

/// A thread-safe counter for injected sources.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}

/// Runs `openssl dgst` so digest values are checked against an independent implementation.
enum OpenSSLCLI {
    static let path: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    static func hex(_ algorithm: String, _ input: String) -> String? {
        guard let path else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["dgst", "-\(algorithm)", "-r"]
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return nil }
        inPipe.fileHandleForWriting.write(Data(input.utf8))
        try? inPipe.fileHandleForWriting.close()
        let data = outPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init)
    }
}
