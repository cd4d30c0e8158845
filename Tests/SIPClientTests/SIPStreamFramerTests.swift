import NIOCore
import NIOEmbedded
import SIPClient
import SIPCore
import Testing

/// The stream framer on hostile input: every case ends in a message, "need more bytes", or an error that
/// closes the stream; never a crash, a negative length or a decode that makes no progress.
@Suite struct SIPStreamFramerTests {
    static func message(contentLength: String, body: String = "") -> String {
        "SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bK1\r\nCSeq: 1 OPTIONS\r\nContent-Length: \(contentLength)\r\n\r\n\(body)"
    }

    /// Runs the decoder over `chunks` as a channel would (ByteToMessageHandler), returning the messages
    /// framed and the error that ended the stream, if any.
    func frame(_ chunks: [String]) throws -> (messages: [String], error: (any Error)?) {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SIPStreamFramer()))
        var error: (any Error)?
        for chunk in chunks {
            do {
                try channel.writeInbound(ByteBuffer(string: chunk))
            } catch let e {
                error = e
                break
            }
        }
        var messages: [String] = []
        while let m = try channel.readInbound(as: [UInt8].self) { messages.append(String(decoding: m, as: UTF8.self)) }
        _ = try? channel.finish()
        return (messages, error)
    }

    @Test("negative, signed, overflowing, non-numeric or out-of-range Content-Length closes the stream",
          arguments: ["-1", "-200", "-9223372036854775808", "9223372036854775807", "99999999999999999999999", "+3", "x", "65537"])
    func badContentLength(_ value: String) throws {
        let result = try frame([Self.message(contentLength: value, body: "abc")])
        #expect(result.messages.isEmpty)
        #expect(result.error is SIPStreamFramer.Malformed, "\(value): \(String(describing: result.error))")
    }

    @Test("a Content-Length larger than the bytes that arrived waits; the message is complete once they do")
    func lyingLengthWaits() throws {
        let result = try frame([Self.message(contentLength: "10", body: "abc")])
        #expect(result.messages.isEmpty)
        #expect(result.error == nil)
        let later = try frame([Self.message(contentLength: "10", body: "abc"), "defghij"])
        #expect(later.messages == [Self.message(contentLength: "10", body: "abcdefghij")])
    }

    @Test("a declared total past 64 KiB is Oversized at once, without waiting for the bytes")
    func oversizedTotal() throws {
        let result = try frame([Self.message(contentLength: "65530")])
        #expect(result.error is SIPStreamFramer.Oversized)
    }

    @Test("pipelined messages and keep-alive CRLFs are split exactly, also fed one byte at a time")
    func pipelined() throws {
        let a = Self.message(contentLength: "3", body: "abc")
        let b = Self.message(contentLength: "0")
        let whole = try frame(["\r\n\r\n" + a + "\r\n" + b + a])
        #expect(whole.messages == [a, b, a])
        #expect(whole.error == nil)
        let dribbled = try frame((a + b).map { String($0) })
        #expect(dribbled.messages == [a, b])
    }

    @Test("garbage before the start line closes the stream", arguments: [
        "\u{16}\u{03}\u{01}\u{02}\u{00}\u{01}\u{00}\u{01}\u{fc}\u{03}\u{03}",
        "HELLO WORLD\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "garbage\r\n" + message(contentLength: "0"),
    ])
    func garbage(_ text: String) throws {
        let result = try frame([text])
        #expect(result.messages.isEmpty)
        #expect(result.error is SIPStreamFramer.Malformed, "\(String(describing: result.error))")
    }

    @Test("a header section without its blank line within the cap, or larger than the cap, closes the stream")
    func headerCap() throws {
        let filler = "X-Filler: " + String(repeating: "a", count: 200) + "\r\n"
        let endless = "SIP/2.0 200 OK\r\n" + String(repeating: filler, count: 100)
        let open = try frame([endless])
        #expect(open.error is SIPStreamFramer.Malformed)
        let closed = try frame([endless + "Content-Length: 0\r\n\r\n"])
        #expect(closed.error is SIPStreamFramer.Malformed)
        let longLine = try frame(["SIP/2.0 200 " + String(repeating: "b", count: SIPStreamFramer.maximumHeaderSize + 10)])
        #expect(longLine.error is SIPStreamFramer.Malformed)
    }

    @Test("a request start line and a response start line both frame; a lone partial line waits")
    func startLines() throws {
        let request = "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nl: 0\r\n\r\n"
        #expect(try frame([request]).messages == [request])
        let partial = try frame(["OPTIONS sip:a@b SI"])
        #expect(partial.error == nil && partial.messages.isEmpty)
    }

    @Test("nextMessage always consumes what it returns (no loop without progress)")
    func progress() throws {
        var buffer = ByteBuffer(string: Self.message(contentLength: "0") + Self.message(contentLength: "0"))
        var scanned = 0
        var count = 0
        while let m = try SIPStreamFramer.nextMessage(in: &buffer, scanned: &scanned) {
            #expect(!m.isEmpty)
            count += 1
            if count > 2 { break }
        }
        #expect(count == 2)
        #expect(buffer.readableBytes == 0)
    }
}
