import Testing
@testable import SIPCore

@Suite struct SIPMessageTests {
    static let options = SIPRequest(
        method: "OPTIONS", uri: "sip:trunk.example.com;transport=tcp",
        headers: [
            ("Via", "SIP/2.0/TCP 192.0.2.10:5070;branch=z9hG4bKabc123;rport"),
            ("Max-Forwards", "70"),
            ("From", "<sip:trunkprobe@192.0.2.10>;tag=f1"),
            ("To", "<sip:trunk.example.com>"),
            ("Call-ID", "c1@192.0.2.10"),
            ("CSeq", "1 OPTIONS"),
            ("Accept", "application/sdp"),
            ("User-Agent", "trunkprobe/0.1.0"),
        ])

    @Test("an OPTIONS request built through libosip2 parses back to the same values")
    func requestRoundTrip() throws {
        let bytes = try Self.options.serialized()
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("OPTIONS sip:trunk.example.com;transport=tcp SIP/2.0\r\n"))
        #expect(text.contains("Content-Length: 0\r\n"))
        #expect(text.hasSuffix("\r\n\r\n"))
        guard case .request(let parsed) = try SIPMessage(parsing: bytes) else { Issue.record("not a request"); return }
        #expect(parsed.method == "OPTIONS")
        #expect(parsed.uri == "sip:trunk.example.com;transport=tcp")
        #expect(parsed.topViaBranch == "z9hG4bKabc123")
        #expect(parsed.cseq == CSeq(number: 1, method: "OPTIONS"))
        #expect(parsed.headers.first("Call-ID") == "c1@192.0.2.10")
        #expect(parsed.headers.first("user-agent") == "trunkprobe/0.1.0")
        #expect(parsed.headers.first("Max-Forwards") == "70")
    }

    @Test("a response built through libosip2 parses back, body and Content-Length included")
    func responseRoundTrip() throws {
        var response = SIPResponse(answering: Self.options, statusCode: 200, reason: "OK", toTag: "t9")
        response.headers.add("Allow", "INVITE, ACK, OPTIONS")
        response.headers.add("Content-Type", "text/plain")
        response.body = Array("hello".utf8)
        let bytes = try response.serialized()
        guard case .response(let parsed) = try SIPMessage(parsing: bytes) else { Issue.record("not a response"); return }
        #expect(parsed.statusCode == 200)
        #expect(parsed.reason == "OK")
        #expect(parsed.headers.first("To")?.contains("tag=t9") == true)
        #expect(parsed.headers.joined("Allow") == "INVITE, ACK, OPTIONS")
        #expect(parsed.body == Array("hello".utf8))
        #expect(parsed.headers.first("Content-Length") == "5")
    }

    @Test("compact and lowercase header names are read as their long forms")
    func compactAndLowercase() throws {
        let raw = "SIP/2.0 200 OK\r\n"
            + "v: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;received=203.0.113.7;rport=40000\r\n"
            + "f: <sip:a@b>;tag=1\r\nt: <sip:c@d>;tag=2\r\ni: abc\r\ncseq: 7 OPTIONS\r\n"
            + "k: timer, path\r\nserver: Kamailio\r\nl: 0\r\n\r\n"
        guard case .response(let r) = try SIPMessage(parsing: Array(raw.utf8)) else { Issue.record("not a response"); return }
        #expect(r.topVia?.branch == "z9hG4bK1")
        #expect(r.topVia?.received == "203.0.113.7")
        #expect(r.topVia?.rport == 40000)
        #expect(r.headers.first("Call-ID") == "abc")
        #expect(r.cseq == CSeq(number: 7, method: "OPTIONS"))
        #expect(r.headers.joined("Supported")?.contains("timer") == true)
        #expect(r.headers.first("Server") == "Kamailio")
    }

    @Test("several Via values in one header line are separate Vias, top first")
    func severalViasInOneHeader() throws {
        let raw = "SIP/2.0 404 Not Found\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKtop, SIP/2.0/TCP [2001:db8::1]:5070;branch=z9hG4bKsecond\r\n"
            + "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n"
        guard case .response(let r) = try SIPMessage(parsing: Array(raw.utf8)) else { Issue.record("not a response"); return }
        let vias = r.headers["Via"].map { try? Via(parsing: $0) }
        #expect(vias.count == 2)
        #expect(vias[0]?.branch == "z9hG4bKtop")
        #expect(vias[1]?.host == "2001:db8::1")
        #expect(vias[1]?.port == 5070)
        #expect(vias[1]?.transport == "TCP")
    }

    @Test("a folded header (continuation line) is joined into one value")
    func headerFolding() throws {
        let raw = "SIP/2.0 200 OK\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n"
            + "From: <sip:a@b>;tag=1\r\nTo: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n"
            + "Subject: I know you're there,\r\n   pay attention\r\nContent-Length: 0\r\n\r\n"
        guard case .response(let r) = try SIPMessage(parsing: Array(raw.utf8)) else { Issue.record("not a response"); return }
        let subject = r.headers.first("Subject") ?? ""
        #expect(subject.hasPrefix("I know you're there,"))
        #expect(subject.hasSuffix("pay attention"))
        #expect(!subject.contains("\r\n"))
    }

    @Test("a challenge with commas inside quotes survives a round trip")
    func challengeRoundTrip() throws {
        var response = SIPResponse(answering: Self.options, statusCode: 401, reason: "Unauthorized", toTag: "x")
        response.headers.add("WWW-Authenticate", #"Digest realm="a,b", nonce="n1", qop="auth,auth-int", algorithm=SHA-256"#)
        let bytes = try response.serialized()
        guard case .response(let parsed) = try SIPMessage(parsing: bytes) else { Issue.record("not a response"); return }
        let values = parsed.headers["WWW-Authenticate"]
        #expect(values.count == 1)
        #expect(values.first?.contains(#"realm="a,b""#) == true)
        #expect(values.first?.contains("SHA-256") == true)
    }

    @Test("malformed, truncated and oversized input is an error, never a crash",
          arguments: [
            "", "garbage", "SIP/2.0 2000 OK\r\n\r\n", "SIP/2.0 OK\r\n\r\n", "SIP/3.0 200 OK\r\n\r\n",
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x", "OPTIONS  SIP/2.0\r\n\r\n", "\r\n\r\n",
            "SIP/2.0 200 OK\r\nVia: \r\nCSeq: abc\r\n\r\n", "INVITE sip:a@b HTTP/1.1\r\n\r\n",
          ])
    func malformed(_ text: String) {
        do {
            let message = try SIPMessage(parsing: Array(text.utf8))
            // If libosip2 accepts it, the value must still be internally consistent.
            if case .response(let r) = message { #expect((100...699).contains(r.statusCode)) }
        } catch {
            #expect(!error.message.isEmpty)
        }
    }

    @Test("a message over 64 KiB is refused before it reaches the parser")
    func oversized() {
        let big = "SIP/2.0 200 OK\r\nX-Pad: " + String(repeating: "a", count: 70_000) + "\r\n\r\n"
        #expect(throws: SIPParseError.self) { try SIPMessage(parsing: Array(big.utf8)) }
        do { _ = try SIPMessage(parsing: Array(big.utf8)) } catch { #expect(error.reason == .tooLarge) }
    }
}
