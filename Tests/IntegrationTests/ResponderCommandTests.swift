import Foundation
import SIPCore
import TestSupport
import Testing

/// `trunkprobe responder` run as a user runs it (its own process, password from the environment), driven
/// by raw SIP over UDP and by sipsak.
@Suite struct ResponderCommandTests {
    static let password = "pw-\(UInt32.random(in: 1_000_000...9_999_999))"

    /// Starts the responder on a kernel-chosen UDP port, waiting (bounded) until it listens.
    func responder(_ args: [String]) async throws -> (PeerProcess, Int) {
        try await ResponderProcess.start(args, environment: ["RESPONDER_PW": Self.password])
    }

    @Test("407 challenge → correct SHA-256 credentials → the outcome (486); the password is never logged")
    func challengeThenOutcome() async throws {
        let (peer, port) = try await responder(["--auth", "alice", "--password-env", "RESPONDER_PW", "--algorithm", "SHA-256",
                                                "--challenge", "407", "--invite", "486"])
        defer { peer.stop() }
        let client = try await RawSIPClient()
        defer { Task { await client.close() } }
        try await client.send(client.request("INVITE", branch: "z9hG4bK-a1"), toPort: port)
        let first = await client.messages(atLeast: 1)
        #expect(first.count == 1)
        let challenge = try #require(first.first)
        #expect(RawSIPClient.statusCode(challenge) == 407)
        let value = try #require(RawSIPClient.header("Proxy-Authenticate", in: challenge))
        #expect(value.contains("algorithm=SHA-256") && value.contains("qop=\"auth\"") && value.contains("opaque="))
        // RFC 3581: the responder says where it saw us, and answered to that port (we received it).
        let via = try #require(RawSIPClient.header("Via", in: challenge))
        #expect(via.contains("rport=\(client.port)") && via.contains("received=127.0.0.1"))
        try await client.send(client.request("ACK", branch: "z9hG4bK-a1"), toPort: port)

        var authorizer = DigestAuthorizer(credentials: DigestCredentials(username: "alice", password: Self.password))
        let answer = try authorizer.authorize(challengeHeaders: [value], header: .proxyAuthenticate, method: "INVITE", uri: "sip:100@127.0.0.1")
        try await client.send(client.request("INVITE", branch: "z9hG4bK-a2", cseq: 2, extra: answer.headerLine + "\r\n"), toPort: port)
        let second = await client.messages(atLeast: 2)
        #expect(second.count == 2, "ACK must be absorbed, the INVITE answered once")
        #expect(second.last.flatMap(RawSIPClient.statusCode) == 486)
        #expect(!peer.log.contains(Self.password))
    }

    @Test("wrong password → 403 Forbidden")
    func wrongPassword() async throws {
        let (peer, port) = try await responder(["--auth", "alice", "--password-env", "RESPONDER_PW"])
        defer { peer.stop() }
        let client = try await RawSIPClient()
        defer { Task { await client.close() } }
        try await client.send(client.request("INVITE", branch: "z9hG4bK-w1"), toPort: port)
        let value = try #require(await client.messages(atLeast: 1).first.flatMap { RawSIPClient.header("WWW-Authenticate", in: $0) })
        var wrong = DigestAuthorizer(credentials: DigestCredentials(username: "alice", password: "not-it"))
        let answer = try wrong.authorize(challengeHeaders: [value], header: .wwwAuthenticate, method: "INVITE", uri: "sip:100@127.0.0.1")
        try await client.send(client.request("INVITE", branch: "z9hG4bK-w2", cseq: 2, extra: answer.headerLine + "\r\n"), toPort: port)
        let all = await client.messages(atLeast: 2)
        #expect(all.map(RawSIPClient.statusCode) == [401, 403])
    }

    @Test("a source outside --allow gets 403 without a challenge; an allowed one is challenged")
    func aclRejects() async throws {
        let (peer, port) = try await responder(["--auth", "alice", "--password-env", "RESPONDER_PW", "--allow", "127.0.0.1/32",
                                                "--allow", "::1/128"])
        defer { peer.stop() }
        let outsider = try await RawSIPClient(host: "127.0.0.2")
        let insider = try await RawSIPClient(host: "127.0.0.1")
        defer { Task { await outsider.close(); await insider.close() } }
        try await outsider.send(outsider.request("INVITE", branch: "z9hG4bK-o1"), toPort: port)
        try await insider.send(insider.request("INVITE", branch: "z9hG4bK-i1"), toPort: port)
        let refused = try #require(await outsider.messages(atLeast: 1).first)
        #expect(RawSIPClient.statusCode(refused) == 403)
        #expect(RawSIPClient.header("WWW-Authenticate", in: refused) == nil)
        #expect(RawSIPClient.header("Proxy-Authenticate", in: refused) == nil)
        #expect(await insider.messages(atLeast: 1).first.flatMap(RawSIPClient.statusCode) == 401)
    }

    @Test("180-then-486 with a CANCEL → 200 to the CANCEL and 487 to the INVITE, and never the 486")
    func ringThenCancel() async throws {
        let (peer, port) = try await responder(["--invite", "180-then-486", "--ring-ms", "2500"])
        defer { peer.stop() }
        let client = try await RawSIPClient()
        defer { Task { await client.close() } }
        let started = ContinuousClock.now
        try await client.send(client.request("INVITE", branch: "z9hG4bK-c1"), toPort: port)
        #expect(await client.messages(atLeast: 1).first.flatMap(RawSIPClient.statusCode) == 180)
        // RFC 3261 §9.1: the CANCEL has the INVITE's branch, Call-ID and CSeq number.
        try await client.send(client.request("CANCEL", branch: "z9hG4bK-c1"), toPort: port)
        let afterCancel = await client.messages(atLeast: 3)
        #expect(afterCancel.count == 3)
        let cancelOK = afterCancel.first { RawSIPClient.header("CSeq", in: $0) == "1 CANCEL" }
        let terminated = afterCancel.first { RawSIPClient.header("CSeq", in: $0) == "1 INVITE" && RawSIPClient.statusCode($0) == 487 }
        #expect(cancelOK.flatMap(RawSIPClient.statusCode) == 200)
        #expect(terminated != nil)
        try await client.send(client.request("ACK", branch: "z9hG4bK-c1"), toPort: port)
        // Wait past the ring time: the 486 must not follow. (The ring time is long so that a loaded machine
        // still gets the CANCEL in before it.)
        try await Task.sleep(until: started + .milliseconds(2800))
        let final = await client.messages(atLeast: 4, within: .milliseconds(100))
        #expect(final.count == 3, "nothing after the 487: \(final.map { RawSIPClient.statusCode($0) ?? 0 })")
    }

    @Test("180-then-486 without a CANCEL: the 486 follows after the ring time")
    func ringThenFinal() async throws {
        let (peer, port) = try await responder(["--invite", "180-then-486", "--ring-ms", "300"])
        defer { peer.stop() }
        let client = try await RawSIPClient()
        defer { Task { await client.close() } }
        let started = ContinuousClock.now
        try await client.send(client.request("INVITE", branch: "z9hG4bK-r1"), toPort: port)
        let both = await client.messages(atLeast: 2)
        #expect(both.map(RawSIPClient.statusCode) == [180, 486])
        #expect(ContinuousClock.now - started >= .milliseconds(300))
        #expect(RawSIPClient.header("To", in: both[0]) == RawSIPClient.header("To", in: both[1]), "same To tag: one dialog")
    }

    @Test("200 with Contact and a PCMU answer; a retransmitted INVITE gets the same 200; ACK absorbed; BYE → 200")
    func answerAndBye() async throws {
        let (peer, port) = try await responder(["--invite", "200"])
        defer { peer.stop() }
        let client = try await RawSIPClient()
        defer { Task { await client.close() } }
        let offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0 8\r\n"
        let invite = client.request("INVITE", branch: "z9hG4bK-ok1", body: offer)
        try await client.send(invite, toPort: port)
        try await client.send(invite, toPort: port)
        let two = await client.messages(atLeast: 2)
        #expect(two.count == 2)
        #expect(two.map(RawSIPClient.statusCode) == [200, 200])
        #expect(two.first == two.last, "a retransmission gets the same response")
        let ok = try #require(two.first)
        #expect(RawSIPClient.header("Contact", in: ok)?.contains("127.0.0.1:\(port)") == true)
        #expect(RawSIPClient.header("Content-Type", in: ok) == "application/sdp")
        #expect(ok.contains("a=rtpmap:0 PCMU/8000"))
        try await client.send(client.request("ACK", branch: "z9hG4bK-ok2"), toPort: port)
        try await client.send(client.request("BYE", branch: "z9hG4bK-ok3", cseq: 2), toPort: port)
        let three = await client.messages(atLeast: 3)
        #expect(three.count == 3)
        #expect(three.last.flatMap(RawSIPClient.statusCode) == 200)
        #expect(three.last.flatMap { RawSIPClient.header("CSeq", in: $0) } == "2 BYE")
    }

    @Test("sipsak answers the OPTIONS challenge (--challenge-options): right password exit 0, wrong exit 1",
          .enabled(if: Peers.shouldRun(Peers.sipsak), "sipsak not installed"))
    func sipsakOptionsAuth() async throws {
        let sipsak = try #require(Peers.sipsak)
        let (peer, port) = try await responder(["--auth", "alice", "--password-env", "RESPONDER_PW", "--challenge-options"])
        defer { peer.stop() }
        let uri = "sip:100@127.0.0.1:\(port)"
        let right = try await CommandRun.run(sipsak, ["-s", uri, "-u", "alice", "-a", Self.password, "-v"], timeout: 15)
        #expect(right.status == 0, "\(right.stdout)")
        #expect(right.stdout.contains("200 OK"))
        let wrong = try await CommandRun.run(sipsak, ["-s", uri, "-u", "alice", "-a", "wrong", "-v"], timeout: 15)
        #expect(wrong.status == 1, "\(wrong.stdout)")
        #expect(wrong.stdout.contains("403"))
        #expect(peer.log.contains("→ 401 (challenged)"))
    }

    @Test("bad responder flags exit 3", arguments: [
        ["responder", "--invite", "ring"],
        ["responder", "--allow", "10.0.0.0/33"],
        ["responder", "--auth", "alice"],
        ["responder", "--auth", "alice", "--password-env", "TRUNKPROBE_SURELY_UNSET_VAR"],
        ["responder", "--challenge", "403"],
        ["responder", "--algorithm", "SHA-1"],
    ])
    func badFlags(_ args: [String]) async throws {
        let run = try await CommandRun.run(CommandRun.trunkprobe, args)
        #expect(run.status == 3, "\(run.stderr)")
        #expect(run.stderr.contains("trunkprobe:") || run.stderr.contains("Error:"))
    }
}
