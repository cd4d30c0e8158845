import Foundation
import SIPCore
import Reporting
import Testing
@testable import Probes

/// Which challenges the probes cannot answer with credentials, and that each says why (docs/verdicts.md).
@Suite struct ChallengeAnswererTests {
    static let credentials = DigestCredentials(username: "alice", password: "s3cret")

    func challenge(_ value: String?, status: Int = 401) -> SIPResponse {
        var headers: SIPHeaders = [("CSeq", "1 OPTIONS")]
        if let value { headers.add(status == 407 ? "Proxy-Authenticate" : "WWW-Authenticate", value) }
        return SIPResponse(statusCode: status, reason: "Unauthorized", headers: headers)
    }

    @Test("unanswerable challenges set a reason that names the cause, and no header is returned", arguments: [
        ("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5", "AKAv1-MD5"),
        ("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\"", "auth-int"),
        ("Digest nonce=\"n\", qop=\"auth\"", "realm"),
        ("Basic realm=\"r\"", "Basic"),
        ("", "no WWW-Authenticate"),
    ])
    func unanswerable(value: String, word: String) {
        var answerer = ChallengeAnswerer(credentials: Self.credentials)
        let header = answerer.answer(challenge(value.isEmpty ? nil : value), method: "OPTIONS", uri: "sip:h")
        #expect(header == nil)
        #expect(answerer.unanswerable?.reason.contains(word) == true, "\(String(describing: answerer.unanswerable))")
        #expect(answerer.unanswerable?.hint.isEmpty == false)
        #expect(answerer.facts?.unsupportedReason == answerer.unanswerable?.reason)
        #expect(!answerer.sentCredentials)
    }

    @Test("an answerable challenge first among unanswerable ones is answered (RFC 8760 §2.4)")
    func firstSupportedWins() {
        var answerer = ChallengeAnswerer(credentials: Self.credentials)
        var response = challenge("Digest realm=\"r\", nonce=\"n\", algorithm=AKAv1-MD5")
        response.headers.add("WWW-Authenticate", "Digest realm=\"r\", nonce=\"n\", qop=\"auth\", algorithm=SHA-256")
        #expect(answerer.answer(response, method: "OPTIONS", uri: "sip:h") != nil)
        #expect(answerer.unanswerable == nil)
    }

    @Test("stale=true once is retried; stale=true again is an endless loop, unanswerable")
    func endlessStale() {
        var answerer = ChallengeAnswerer(credentials: Self.credentials)
        #expect(answerer.answer(challenge("Digest realm=\"r\", nonce=\"a\""), method: "INVITE", uri: "sip:h") != nil)
        #expect(answerer.answer(challenge("Digest realm=\"r\", nonce=\"b\", stale=true"), method: "INVITE", uri: "sip:h") != nil)
        #expect(answerer.unanswerable == nil)
        #expect(answerer.answer(challenge("Digest realm=\"r\", nonce=\"c\", stale=true"), method: "INVITE", uri: "sip:h") == nil)
        #expect(answerer.unanswerable?.reason.contains("stale") == true)
    }

    @Test("challenged again without stale after credentials is a rejection, not unanswerable")
    func rejectedIsNotUnsupported() {
        var answerer = ChallengeAnswerer(credentials: Self.credentials)
        _ = answerer.answer(challenge("Digest realm=\"r\", nonce=\"a\""), method: "INVITE", uri: "sip:h")
        #expect(answerer.answer(challenge("Digest realm=\"r\", nonce=\"b\""), method: "INVITE", uri: "sip:h") == nil)
        #expect(answerer.unanswerable == nil)
    }

    @Test("without credentials nothing is unanswerable: nothing was asked to be tested")
    func noCredentials() {
        var answerer = ChallengeAnswerer(credentials: nil)
        #expect(answerer.answer(challenge("Basic realm=\"r\""), method: "OPTIONS", uri: "sip:h") == nil)
        #expect(answerer.unanswerable == nil)
    }

    @Test("auth_unsupported and hangup_failed are CRITICAL; an interrupted report is at least UNKNOWN")
    func statuses() {
        let policy = VerdictPolicy.default
        #expect(policy.status(for: .authUnsupported, statusCode: 401, credentialsGiven: true) == .critical)
        #expect(policy.status(for: .hangupFailed, statusCode: 200) == .critical)
        var report = ProbeReport.blank(check: "invite", target: "t", requestURI: "sip:t", transport: .udp)
        report = report.concluded(.ok, detail: nil, policy: policy)
        #expect(report.markedInterrupted().status == .unknown)
        #expect(report.markedInterrupted().interrupted)
        report = report.concluded(.authRejected, detail: nil, policy: policy)
        #expect(report.markedInterrupted().status == .critical)
        report = report.concluded(.timeout, detail: nil, policy: policy)
        #expect(report.markedInterrupted().status == .unknown)
        #expect(JSONLine.encode(report.markedInterrupted()).contains("\"interrupted\":true"))
    }
}
