/// Reads and checks the Content-Length of an untrusted header section, byte by byte, before any length
/// arithmetic is done with it: the one place both the stream framer and the datagram parser ask.
///
/// RFC 3261 §20.14: `Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT`. A sign, a non-digit,
/// a value past `SIPMessage.maximumSize` (which also rules out overflow) or two fields that disagree are a
/// malformed message, never a number to compute with.
public enum SIPContentLength {
    /// The most digits read before a value is called out of range (65536 has 5).
    static let maximumDigits = 9

    /// The declared body length in `header` (the bytes up to and including the blank line), or nil when the
    /// message has no Content-Length field.
    public static func declared(in header: UnsafeBufferPointer<UInt8>) throws(SIPParseError) -> Int? {
        var found: Int?
        var lineStart = 0
        let count = header.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, header[lineEnd] != 10 { lineEnd += 1 }
            if let value = try value(ofLine: UnsafeBufferPointer(rebasing: header[lineStart..<lineEnd])) {
                if let found, found != value {
                    throw SIPParseError(.badContentLength, "two Content-Length fields disagree (\(found) and \(value))")
                }
                found = value
            }
            lineStart = lineEnd + 1
        }
        return found
    }

    /// The value of one header line if it is a Content-Length (or compact `l`) field.
    static func value(ofLine line: UnsafeBufferPointer<UInt8>) throws(SIPParseError) -> Int? {
        guard let colon = line.firstIndex(of: 58) else { return nil }
        var nameStart = 0, nameEnd = colon
        while nameStart < nameEnd, isWhitespace(line[nameStart]) { nameStart += 1 }
        while nameEnd > nameStart, isWhitespace(line[nameEnd - 1]) { nameEnd -= 1 }
        let name = line[nameStart..<nameEnd]
        guard name.count == 1 ? (name.first! | 0x20) == UInt8(ascii: "l") : matchesLongName(name) else { return nil }
        var i = colon + 1
        var end = line.count
        while i < end, isWhitespace(line[i]) { i += 1 }
        while end > i, isWhitespace(line[end - 1]) { end -= 1 }
        let digits = line[i..<end]
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw SIPParseError(.badContentLength, "Content-Length '\(printable(digits))' is not a number")
        }
        let significant = digits.drop { $0 == 48 }
        guard significant.count <= maximumDigits else {
            throw SIPParseError(.badContentLength, "Content-Length '\(printable(digits))' is out of range (at most \(SIPMessage.maximumSize))")
        }
        let value = significant.reduce(0) { $0 * 10 + Int($1 - 48) }
        guard value <= SIPMessage.maximumSize else {
            throw SIPParseError(.badContentLength, "Content-Length \(value) is out of range (at most \(SIPMessage.maximumSize))")
        }
        return value
    }

    private static let longName = Array("content-length".utf8)

    private static func matchesLongName(_ name: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        name.count == longName.count && zip(name, longName).allSatisfy { ($0 | 0x20) == $1 }
    }

    private static func isWhitespace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 13 }

    /// At most 20 bytes of a bad value, for the error line (the caller escapes it for a terminal).
    private static func printable(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        String(decoding: bytes.prefix(20), as: UTF8.self)
    }
}
