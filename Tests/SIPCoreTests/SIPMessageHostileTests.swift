import Testing
@testable import SIPCore

/// Untrusted datagrams whose Content-Length lies, overflows or is out of range: each is classified (a
/// `SIPParseError`) or read as RFC 3261 §18.3 says, never a crash or a read past the bytes that arrived.
@Suite struct SIPMessageHostileTests {
    static func response(contentLength: String, body: String = "") -> [UInt8] {
        Array(("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n"
            + "To: <sip:c@d>;tag=2\r\nCall-ID: abc\r\nCSeq: 1 OPTIONS\r\nContent-Type: text/plain\r\nContent-Length: \(contentLength)\r\n\r\n\(body)").utf8)
    }

    func reason(_ bytes: [UInt8]) -> SIPParseError.Reason? {
        do {
            _ = try SIPMessage(parsing: bytes)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("a Content-Length that is negative, signed, not a number, past 64 KiB or past Int is bad_content_length",
          arguments: ["-1", "-9223372036854775808", "+5", "abc", "5 5", "", "70000", "65537", "99999999999999999999999",
                      "9223372036854775807", "0x10"])
    func badContentLength(_ value: String) {
        #expect(reason(Self.response(contentLength: value)) == .badContentLength, "Content-Length '\(value)'")
    }

    @Test("two Content-Length fields that disagree are refused; the compact form counts too")
    func disagreeing() {
        let text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\nl: 3\r\nContent-Length: 0\r\n\r\nabc"
        #expect(reason(Array(text.utf8)) == .badContentLength)
    }

    @Test("a body shorter than its Content-Length is truncated_body (RFC 3261 §18.3: discarded)")
    func shorterBody() {
        #expect(reason(Self.response(contentLength: "10", body: "abc")) == .truncatedBody)
        #expect(reason(Self.response(contentLength: "65536")) == .truncatedBody)
    }

    @Test("bytes past the Content-Length are not the body (RFC 3261 §18.3)")
    func longerBody() throws {
        guard case .response(let r) = try SIPMessage(parsing: Self.response(contentLength: "3", body: "abcdef")) else {
            Issue.record("not a response")
            return
        }
        #expect(r.body == Array("abc".utf8))
        guard case .response(let empty) = try SIPMessage(parsing: Self.response(contentLength: "0", body: "junk")) else {
            Issue.record("not a response")
            return
        }
        #expect(empty.body.isEmpty)
    }

    @Test("leading zeros and surrounding whitespace are still a valid length")
    func leadingZeros() throws {
        guard case .response(let r) = try SIPMessage(parsing: Self.response(contentLength: " 0003 ", body: "abc")) else {
            Issue.record("not a response")
            return
        }
        #expect(r.body == Array("abc".utf8))
    }

    @Test("terminalSafe escapes C0, DEL, C1 and bidi overrides, and keeps printable UTF-8")
    func terminalSafe() {
        #expect("Kamailio\u{1B}[2J\u{1B}]0;pwned\u{07}".terminalSafe() == "Kamailio\\u001B[2J\\u001B]0;pwned\\u0007")
        #expect("a\r\nb\tc".terminalSafe() == "a\\r\\nb\\tc")
        #expect("a\r\nb\tc".terminalSafe(keepingNewlines: true) == "a\\r\nb\tc")
        #expect("x\u{7F}\u{9B}y\u{202E}z".terminalSafe() == "x\\u007F\\u009By\\u202Ez")
        #expect("Zürich ☎ 東京".terminalSafe() == "Zürich ☎ 東京")
        #expect("plain".terminalSafe() == "plain")
    }
}
