import Foundation
import Testing
@testable import SIPCore

/// The server-side check used by the responder, against the client side and RFC 2617's worked example.
@Suite struct DigestVerifierTests {
    static let alice = DigestCredentials(username: "alice", password: "s3cret")

    @Test("RFC 2617 §3.5: the example Authorization verifies; one changed digit does not")
    func rfc2617Example() {
        let verifier = DigestVerifier(credentials: DigestCredentials(username: "Mufasa", password: "Circle Of Life"),
                                      realm: "testrealm@host.com", algorithm: .md5)
        let header = """
            Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", \
            uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", \
            response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"
            """
        let known: (String) -> Bool = { $0 == "dcd98b7102dd2f0e8b11d0f600bfb0c093" }
        #expect(verifier.verify(headerValues: [header], method: "GET", isKnownNonce: known) == .valid)
        let tampered = header.replacingOccurrences(of: "6629fae4", with: "6629fae5")
        #expect(verifier.verify(headerValues: [tampered], method: "GET", isKnownNonce: known) == .rejected("wrong response digest"))
        // The method is part of HA2 (RFC 7616 §3.4.3): the same header for another method fails.
        #expect(verifier.verify(headerValues: [header], method: "POST", isKnownNonce: known) == .rejected("wrong response digest"))
    }

    @Test("client answers verify for every algorithm the responder offers", arguments: [DigestAlgorithm.md5, .sha256, .sha512_256])
    func roundTrip(_ algorithm: DigestAlgorithm) throws {
        let verifier = DigestVerifier(credentials: Self.alice, realm: "trunkprobe", algorithm: algorithm)
        let challenge = try DigestChallenge(parsing: verifier.challengeValue(nonce: "n1", opaque: "o1", stale: false))
        #expect(challenge.algorithm == algorithm)
        #expect(challenge.qopOptions == ["auth"])
        #expect(challenge.opaque == "o1")
        #expect(!challenge.stale)
        var client = DigestAuthorizer(credentials: Self.alice)
        let answer = try client.authorize(challenge, method: "INVITE", uri: "sip:100@127.0.0.1")
        #expect(verifier.verify(headerValues: [answer.headerValue], method: "INVITE", isKnownNonce: { $0 == "n1" }) == .valid)

        var wrong = DigestAuthorizer(credentials: DigestCredentials(username: "alice", password: "guess"))
        let bad = try wrong.authorize(challenge, method: "INVITE", uri: "sip:100@127.0.0.1")
        #expect(verifier.verify(headerValues: [bad.headerValue], method: "INVITE", isKnownNonce: { $0 == "n1" })
                == .rejected("wrong response digest"))
    }

    @Test("with the Request-URI given, an answer computed for another URI is rejected")
    func requestURIMustMatch() throws {
        let verifier = DigestVerifier(credentials: Self.alice, realm: "trunkprobe", algorithm: .md5)
        var client = DigestAuthorizer(credentials: Self.alice)
        let answer = try client.authorize(DigestChallenge(realm: "trunkprobe", nonce: "n"), method: "INVITE", uri: "sip:100@127.0.0.1")
        #expect(verifier.verify(headerValues: [answer.headerValue], method: "INVITE", requestURI: "sip:100@127.0.0.1",
                                isKnownNonce: { _ in true }) == .valid)
        #expect(verifier.verify(headerValues: [answer.headerValue], method: "INVITE", requestURI: "sip:200@127.0.0.1",
                                isKnownNonce: { _ in true }) == .rejected("digest uri is not the Request-URI"))
    }

    @Test("unknown nonce → stale; other user, realm or algorithm → rejected; nothing → missing")
    func outcomes() throws {
        let verifier = DigestVerifier(credentials: Self.alice, realm: "trunkprobe", algorithm: .sha256)
        var client = DigestAuthorizer(credentials: Self.alice)
        let good = try client.authorize(DigestChallenge(realm: "trunkprobe", nonce: "old", algorithm: .sha256), method: "INVITE", uri: "sip:x@h")
        #expect(verifier.verify(headerValues: [good.headerValue], method: "INVITE", isKnownNonce: { _ in false }) == .staleNonce)
        #expect(verifier.verify(headerValues: [], method: "INVITE", isKnownNonce: { _ in true }) == .missing)

        var bob = DigestAuthorizer(credentials: DigestCredentials(username: "bob", password: "s3cret"))
        let other = try bob.authorize(DigestChallenge(realm: "trunkprobe", nonce: "n", algorithm: .sha256), method: "INVITE", uri: "sip:x@h")
        #expect(verifier.verify(headerValues: [other.headerValue], method: "INVITE", isKnownNonce: { _ in true }) == .rejected("unknown username"))

        let md5 = try client.authorize(DigestChallenge(realm: "trunkprobe", nonce: "n", algorithm: .md5), method: "INVITE", uri: "sip:x@h")
        if case .rejected = verifier.verify(headerValues: [md5.headerValue], method: "INVITE", isKnownNonce: { _ in true }) {} else {
            Issue.record("an MD5 answer to a SHA-256 challenge must be rejected")
        }
        let realm = try client.authorize(DigestChallenge(realm: "elsewhere", nonce: "n", algorithm: .sha256), method: "INVITE", uri: "sip:x@h")
        #expect(verifier.verify(headerValues: [realm.headerValue], method: "INVITE", isKnownNonce: { _ in true }) == .rejected("realm does not match"))
    }

    @Test("the challenge carries stale=true only when asked, and never the password")
    func challengeText() {
        let verifier = DigestVerifier(credentials: Self.alice, realm: "r", algorithm: .md5)
        #expect(verifier.challengeValue(nonce: "n", opaque: "o", stale: true).hasSuffix("stale=true"))
        #expect(!verifier.challengeValue(nonce: "n", opaque: "o", stale: false).contains("stale"))
        #expect(!verifier.challengeValue(nonce: "n", opaque: "o", stale: true).contains("s3cret"))
        #expect(!"\(verifier)".contains("s3cret"))
    }
}
