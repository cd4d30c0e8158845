import NIOConcurrencyHelpers
import Testing
import SIPCore
@testable import SIPClient

/// The responder's decisions, request in, responses out, without sockets.
@Suite struct ResponderBehaviourTests {
    static let alice = DigestCredentials(username: "alice", password: "s3cret")

    static func request(_ method: String, branch: String = "z9hG4bK-1", cseq: Int = 1, callID: String = "call-1",
                        extra: [(String, String)] = []) -> SIPRequest {
        var h: SIPHeaders = [("Via", "SIP/2.0/UDP 127.0.0.1:5099;branch=\(branch);rport"),
                             ("From", "<sip:probe@127.0.0.1>;tag=abc"), ("To", "<sip:100@127.0.0.1>"),
                             ("Call-ID", callID), ("CSeq", "\(cseq) \(method)"), ("Max-Forwards", "70")]
        for (n, v) in extra { h.add(n, v) }
        return SIPRequest(method: method, uri: "sip:100@127.0.0.1", headers: h)
    }

    static func state(_ b: ResponderBehaviour) -> ResponderState {
        let counter = Counter()
        return ResponderState(behaviour: b, nonce: { "nonce-\(counter.next())" })
    }

    static func handle(_ s: ResponderState, _ r: SIPRequest, from host: String = "127.0.0.1", port: Int = 5099) -> ResponderState.Reaction {
        s.handle(r, sourceHost: host, sourcePort: port, localHost: "127.0.0.1", localPort: 5060, transport: .udp)
    }

    @Test("a selector picks the behaviour per request (by Request-URI host); nil keeps the default")
    func selectorByHost() {
        let counter = Counter()
        let s = ResponderState(behaviour: ResponderBehaviour(invite: .final(404)), nonce: { "nonce-\(counter.next())" },
                               selector: { request in
                                   request.uri.contains("@trunk.example") ? ResponderBehaviour(invite: .final(486), allow: [CIDRRange(parsing: "10.0.0.0/8")!]) : nil
                               })
        var toTrunk = Self.request("INVITE")
        toTrunk.uri = "sip:100@trunk.example"
        #expect(Self.handle(s, toTrunk, from: "127.0.0.1").responses.map(\.statusCode) == [403])
        var again = Self.request("INVITE", branch: "z9hG4bK-2")
        again.uri = "sip:100@trunk.example"
        #expect(Self.handle(s, again, from: "10.1.2.3").responses.map(\.statusCode) == [486])
        #expect(Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-3")).responses.map(\.statusCode) == [404])
    }

    @Test("the same branch from two sources is two transactions (RFC 3261 §17.2.3), not a retransmission")
    func sameBranchTwoSources() {
        let s = Self.state(ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486)))
        #expect(Self.handle(s, Self.request("INVITE"), port: 5099).delayed != nil)
        let other = Self.handle(s, Self.request("INVITE"), port: 6000)
        #expect(other.responses.map(\.statusCode) == [180])
        #expect(other.delayed != nil, "a new transaction, with its own pending final")
        #expect(other.note != "retransmission: same response again")
    }

    @Test("INVITE outcomes parse; nonsense does not", arguments: [
        ("486", InviteOutcome.final(486)), ("200", .final(200)), ("silent", .silent), ("180-then-486", .provisionalThenFinal(provisional: 180, final: 486)),
        ("183-then-200", .provisionalThenFinal(provisional: 183, final: 200)), ("180", .provisionalOnly(180)),
    ])
    func outcomes(_ text: String, _ expected: InviteOutcome) {
        #expect(InviteOutcome(parsing: text) == expected)
        #expect(InviteOutcome(parsing: text)?.description == text)
    }

    @Test("bad outcomes are refused", arguments: ["", "99", "700", "486-then-180", "180-then-", "ring", "200-then-486"])
    func badOutcomes(_ text: String) {
        #expect(InviteOutcome(parsing: text) == nil)
    }

    @Test("CIDR ranges: IPv4, IPv6, single addresses, mapped IPv4")
    func cidr() throws {
        let v4 = try #require(CIDRRange(parsing: "192.0.2.0/24"))
        #expect(v4.contains("192.0.2.77"))
        #expect(!v4.contains("192.0.3.1"))
        #expect(v4.contains("::ffff:192.0.2.9"))
        #expect(!v4.contains("2001:db8::1"))
        let host = try #require(CIDRRange(parsing: "127.0.0.1"))
        #expect(host.prefixLength == 32 && host.contains("127.0.0.1") && !host.contains("127.0.0.2"))
        let v6 = try #require(CIDRRange(parsing: "2001:db8::/32"))
        #expect(v6.contains("2001:db8:ffff::5") && !v6.contains("2001:db9::1") && !v6.contains("192.0.2.1"))
        #expect(CIDRRange(parsing: "[::1]/128")?.contains("::1") == true)
        #expect(CIDRRange(parsing: "10.0.0.0/8")?.description == "10.0.0.0/8")
        #expect(CIDRRange(parsing: "10.1.2.3/8")?.description == "10.0.0.0/8")
        for bad in ["10.0.0.0/33", "::/129", "host.example", "10.0.0.0/x", ""] { #expect(CIDRRange(parsing: bad) == nil, "\(bad)") }
    }

    @Test("a source outside --allow gets 403 without a challenge, even with auth on")
    func aclBeforeChallenge() {
        let b = ResponderBehaviour(auth: ResponderAuth(credentials: Self.alice), allow: [CIDRRange(parsing: "10.0.0.0/8")!])
        let s = Self.state(b)
        let r = Self.handle(s, Self.request("INVITE"), from: "127.0.0.1")
        #expect(r.responses.map(\.statusCode) == [403])
        #expect(r.responses[0].headers.first("WWW-Authenticate") == nil)
        let inside = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-2"), from: "10.1.2.3")
        #expect(inside.responses.map(\.statusCode) == [401])
    }

    @Test("challenge → right credentials → the outcome; wrong password → 403; unknown nonce → stale=true",
          arguments: [ResponderAuth.ChallengeKind.www, .proxy])
    func digestFlow(_ kind: ResponderAuth.ChallengeKind) throws {
        let b = ResponderBehaviour(invite: .final(486), auth: ResponderAuth(credentials: Self.alice, algorithm: .sha256, challenge: kind))
        let s = Self.state(b)
        let first = Self.handle(s, Self.request("INVITE"))
        #expect(first.responses.map(\.statusCode) == [kind.rawValue])
        let challengeHeader = kind == .www ? "WWW-Authenticate" : "Proxy-Authenticate"
        let value = try #require(first.responses[0].headers.first(challengeHeader))
        #expect(value.contains("qop=\"auth\"") && value.contains("opaque=") && value.contains("algorithm=SHA-256"))
        #expect(first.responses[0].headers.first("Via")?.contains("received=127.0.0.1") == true)
        #expect(first.responses[0].headers.first("Via")?.contains("rport=5099") == true)

        // ACK for the challenge is absorbed.
        #expect(Self.handle(s, Self.request("ACK")).responses.isEmpty)

        var client = DigestAuthorizer(credentials: Self.alice)
        let answer = try client.authorize(challengeHeaders: [value], header: kind == .www ? .wwwAuthenticate : .proxyAuthenticate,
                                          method: "INVITE", uri: "sip:100@127.0.0.1")
        let second = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-2", cseq: 2, extra: [(answer.headerName, answer.headerValue)]))
        #expect(second.responses.map(\.statusCode) == [486])

        var wrong = DigestAuthorizer(credentials: DigestCredentials(username: "alice", password: "nope"))
        let bad = try wrong.authorize(challengeHeaders: [value], header: kind == .www ? .wwwAuthenticate : .proxyAuthenticate,
                                      method: "INVITE", uri: "sip:100@127.0.0.1")
        let third = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-3", cseq: 3, extra: [(bad.headerName, bad.headerValue)]))
        #expect(third.responses.map(\.statusCode) == [403])

        let forged = answer.headerValue.replacingNonce(with: "never-issued")
        let fourth = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-4", cseq: 4, extra: [(answer.headerName, forged)]))
        #expect(fourth.responses.map(\.statusCode) == [kind.rawValue])
        #expect(fourth.responses[0].headers.first(challengeHeader)?.contains("stale=true") == true)
    }

    @Test("an expired nonce (lifetime 0) gets a new challenge with stale=true, not 403")
    func expiredNonce() throws {
        let b = ResponderBehaviour(auth: ResponderAuth(credentials: Self.alice))
        let s = ResponderState(behaviour: b, nonceLifetime: .zero, nonce: { "n-expired" })
        let first = Self.handle(s, Self.request("INVITE"))
        let value = try #require(first.responses.first?.headers.first("WWW-Authenticate"))
        var client = DigestAuthorizer(credentials: Self.alice)
        let answer = try client.authorize(challengeHeaders: [value], header: .wwwAuthenticate, method: "INVITE", uri: "sip:100@127.0.0.1")
        let second = Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-2", cseq: 2, extra: [(answer.headerName, answer.headerValue)]))
        #expect(second.responses.map(\.statusCode) == [401])
        #expect(second.responses.first?.headers.first("WWW-Authenticate")?.contains("stale=true") == true)
    }

    @Test("the stateless respond(to:) still answers OPTIONS 200 and INVITE per the outcome, and nothing to ACK")
    func statelessEntryPoint() {
        let b = ResponderBehaviour(inviteStatus: (503, "Service Unavailable"))
        #expect(b.respond(to: Self.request("OPTIONS"), sourceHost: "127.0.0.1", sourcePort: 5099)?.statusCode == 200)
        #expect(b.respond(to: Self.request("INVITE"), sourceHost: "127.0.0.1", sourcePort: 5099)?.statusCode == 503)
        #expect(b.respond(to: Self.request("ACK"), sourceHost: "127.0.0.1", sourcePort: 5099) == nil)
        var c = b
        c.inviteStatus = (404, "Not Found")
        #expect(c.invite == .final(404))
        #expect(c.inviteStatus.code == 404)
    }

    @Test("OPTIONS is not challenged by default, and is with challengeOptions")
    func optionsChallenge() {
        let open = Self.state(ResponderBehaviour(auth: ResponderAuth(credentials: Self.alice)))
        #expect(Self.handle(open, Self.request("OPTIONS")).responses.map(\.statusCode) == [200])
        let closed = Self.state(ResponderBehaviour(auth: ResponderAuth(credentials: Self.alice, challengeOptions: true)))
        #expect(Self.handle(closed, Self.request("OPTIONS")).responses.map(\.statusCode) == [401])
    }

    @Test("--options 503 answers OPTIONS 503 with Allow (RFC 3261 §11.2), INVITE unchanged")
    func optionsStatus() {
        let s = Self.state(ResponderBehaviour(invite: .final(486), optionsStatus: 503))
        let r = Self.handle(s, Self.request("OPTIONS"))
        #expect(r.responses.map(\.statusCode) == [503])
        #expect(r.responses.first?.reason == "Service Unavailable")
        #expect(r.responses.first?.headers.first("Allow") == ResponderBehaviour.allowHeader)
        #expect(Self.handle(s, Self.request("INVITE", branch: "z9hG4bK-9")).responses.map(\.statusCode) == [486])
    }

    @Test("180-then-486: 180 now, 486 later; a CANCEL in between gets 200 and the INVITE 487, and the 486 is dropped")
    func ringThenCancel() {
        let s = Self.state(ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486), ringTime: .milliseconds(300)))
        let invite = Self.handle(s, Self.request("INVITE"))
        #expect(invite.responses.map(\.statusCode) == [180])
        #expect(invite.delayed?.delay == .milliseconds(300))
        // A retransmitted INVITE gets the 180 again (RFC 3261 §17.2.1).
        #expect(Self.handle(s, Self.request("INVITE")).responses.map(\.statusCode) == [180])
        let cancel = Self.handle(s, Self.request("CANCEL"))
        #expect(cancel.responses.map(\.statusCode) == [200, 487])
        #expect(cancel.responses[0].cseq?.method == "CANCEL")
        #expect(cancel.responses[1].cseq?.method == "INVITE")
        #expect(cancel.responses[1].headers.first("To") == invite.responses[0].headers.first("To"))
        #expect(s.takeDelayedFinal(key: invite.delayed!.key) == nil)
        // The INVITE retransmitted now gets the 487; a second CANCEL the same 200.
        #expect(Self.handle(s, Self.request("INVITE")).responses.map(\.statusCode) == [487])
        #expect(Self.handle(s, Self.request("CANCEL")).responses.map(\.statusCode) == [200])
    }

    @Test("without a CANCEL the delayed final goes out once; a CANCEL after it gets 200 only; an unknown CANCEL 481")
    func ringThenFinal() {
        let s = Self.state(ResponderBehaviour(invite: .provisionalThenFinal(provisional: 180, final: 486)))
        let invite = Self.handle(s, Self.request("INVITE"))
        #expect(s.takeDelayedFinal(key: invite.delayed!.key)?.statusCode == 486)
        #expect(s.takeDelayedFinal(key: invite.delayed!.key) == nil)
        #expect(Self.handle(s, Self.request("CANCEL")).responses.map(\.statusCode) == [200])
        #expect(Self.handle(s, Self.request("CANCEL", branch: "z9hG4bK-other")).responses.map(\.statusCode) == [481])
    }

    @Test("200 carries Contact and a PCMU SDP answer; BYE gets 200; silent answers nothing")
    func answerAndBye() throws {
        let s = Self.state(ResponderBehaviour(invite: .final(200)))
        let ok = try #require(Self.handle(s, Self.request("INVITE")).responses.first)
        #expect(ok.statusCode == 200)
        #expect(ok.headers.first("Contact")?.contains("sip:responder@127.0.0.1:5060") == true)
        #expect(ok.headers.first("Content-Type") == "application/sdp")
        let sdp = String(decoding: ok.body, as: UTF8.self)
        #expect(sdp.contains("m=audio 40000 RTP/AVP 0\r\n") && sdp.contains("a=rtpmap:0 PCMU/8000"))
        // The serialized message parses back (Content-Length matches the body).
        guard case .response(let back) = try SIPMessage(parsing: ok.serialized()) else { Issue.record("not a response"); return }
        #expect(back.body == ok.body)
        #expect(Self.handle(s, Self.request("ACK", branch: "z9hG4bK-ack")).responses.isEmpty)
        #expect(Self.handle(s, Self.request("BYE", branch: "z9hG4bK-bye", cseq: 2)).responses.map(\.statusCode) == [200])

        let silent = Self.state(ResponderBehaviour(invite: .silent))
        #expect(Self.handle(silent, Self.request("INVITE")).responses.isEmpty)
    }
}

extension String {
    /// Replaces the quoted nonce in a Digest header value.
    func replacingNonce(with nonce: String) -> String {
        guard let start = range(of: "nonce=\"")?.upperBound, let end = self[start...].firstIndex(of: "\"") else { return self }
        return String(self[..<start]) + nonce + String(self[end...])
    }
}

/// A thread-safe counter for deterministic nonces.
final class Counter: Sendable {
    private let value = NIOLockedValueBox(0)
    func next() -> Int { value.withLockedValue { $0 += 1; return $0 } }
}
