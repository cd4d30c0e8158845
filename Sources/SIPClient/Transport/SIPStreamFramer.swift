import NIOCore
import SIPCore

/// Splits a TCP/TLS byte stream into SIP messages by Content-Length (RFC 3261 §18.3).
///
/// Untrusted bytes are checked before any length arithmetic: leading CRLFs are keep-alive pings or pongs
/// (RFC 5626 §3.5.1) and are skipped; the first line must look like a SIP start line (RFC 3261 §7.1, §7.2),
/// so garbage is not taken for a message; the header section must end within `maximumHeaderSize`; the
/// Content-Length must be digits and in range (`SIPContentLength`), and a message larger than
/// `SIPMessage.maximumSize` is refused. None of these can be resynchronised on a stream, so each is an
/// error that closes the connection rather than a buffer that grows, a loop that makes no progress, or a
/// negative length.
public struct SIPStreamFramer: ByteToMessageDecoder {
    public typealias InboundOut = [UInt8]

    /// The largest header section (start line to blank line) accepted.
    public static let maximumHeaderSize = 16_384

    public struct Oversized: Error, CustomStringConvertible {
        public var description: String { "stream message exceeds \(SIPMessage.maximumSize) bytes" }
    }

    /// Bytes that cannot be framed as a SIP message: garbage before the start line, a header section past
    /// `maximumHeaderSize` without its blank line, or a bad Content-Length.
    public struct Malformed: Error, CustomStringConvertible {
        public var description: String
    }

    /// How far the current message's header section has been searched for its blank line, so a peer that
    /// sends one byte at a time does not make every read rescan the whole buffer.
    private var scanned = 0

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let message = try Self.nextMessage(in: &buffer, scanned: &scanned) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A truncated message at EOF is dropped: the transaction sees the close, not half a response.
        let state = try decode(context: context, buffer: &buffer)
        if state == .needMoreData { buffer.clear() }
        return state
    }

    /// The next complete message, consumed from `buffer`; nil when more bytes are needed. Pure over the
    /// buffer (no channel), so it is tested and fuzzed directly. Every non-nil return consumes at least one
    /// byte, so a caller looping on it always makes progress.
    public static func nextMessage(in buffer: inout ByteBuffer, scanned: inout Int) throws -> [UInt8]? {
        var skipped = 0
        while let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self), first == 13 || first == 10 {
            buffer.moveReaderIndex(forwardBy: 1)
            skipped += 1
        }
        if skipped > 0 { scanned = 0 }
        guard buffer.readableBytes > 0 else { return nil }
        let framing = try buffer.withUnsafeReadableBytes { raw throws -> (headerEnd: Int, total: Int)? in
            let bytes = raw.bindMemory(to: UInt8.self)
            try checkStartLine(bytes)
            guard let headerEnd = endOfHeaders(bytes, from: scanned) else {
                scanned = max(0, bytes.count - 3)
                if bytes.count > maximumHeaderSize {
                    throw Malformed(description: "no blank line ending the header section within \(maximumHeaderSize) bytes")
                }
                return nil
            }
            guard headerEnd <= maximumHeaderSize else {
                throw Malformed(description: "header section of \(headerEnd) bytes exceeds \(maximumHeaderSize)")
            }
            let declared: Int?
            do {
                declared = try SIPContentLength.declared(in: UnsafeBufferPointer(rebasing: bytes[0..<headerEnd]))
            } catch {
                throw Malformed(description: (error as? SIPParseError)?.message ?? "\(error)")
            }
            // RFC 3261 §20.14 makes Content-Length mandatory on streams; without one, no body is assumed.
            return (headerEnd, headerEnd + (declared ?? 0))
        }
        guard let framing else { return nil }
        guard framing.total <= SIPMessage.maximumSize else { throw Oversized() }
        guard buffer.readableBytes >= framing.total else { return nil }
        scanned = 0
        return buffer.readBytes(length: framing.total)
    }

    /// Once the first line is complete (or long enough to judge), it must be `SIP/2.0 ...` or `... SIP/2.0`.
    static func checkStartLine(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        if isTLSRecord(bytes) { throw Malformed(description: tlsRecordDescription) }
        let version = Array("SIP/2.0".utf8)
        let window = min(bytes.count, maximumHeaderSize)
        guard let lf = bytes[0..<window].firstIndex(of: 10) else {
            if bytes.count >= version.count, !bytes.starts(with: version), !bytes.prefix(32).allSatisfy(isTokenOrSpace) {
                throw Malformed(description: "bytes before the start line: not a SIP message")
            }
            if bytes.count > maximumHeaderSize { throw Malformed(description: "start line longer than \(maximumHeaderSize) bytes") }
            return
        }
        var end = lf
        if end > 0, bytes[end - 1] == 13 { end -= 1 }
        let line = bytes[0..<end]
        if line.starts(with: version + [32]) { return }
        if line.count > version.count + 1, line.suffix(version.count + 1).elementsEqual([32] + version) { return }
        throw Malformed(description: "bytes before the start line: '\(String(decoding: line.prefix(40), as: UTF8.self))' is not a SIP start line")
    }

    /// What the framer says when a plain-TCP peer answers with TLS: the probe turns it into the hint to use
    /// `;transport=tls` (the usual mistake: a TLS port, 5061, probed over TCP).
    public static let tlsRecordDescription = "the peer answered with a TLS record: the port speaks TLS, not plain SIP over TCP"

    /// A TLS record header (RFC 8446 §5.1): content type alert (21) or handshake (22), then legacy version
    /// 3.x. A TLS server that receives a plaintext SIP request answers with such an alert before it closes.
    static func isTLSRecord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count >= 3 && (bytes[0] == 21 || bytes[0] == 22) && bytes[1] == 3 && bytes[2] <= 4
    }

    /// RFC 3261 §25.1 token characters, the space and the start of a URI: what a request line begins with.
    private static func isTokenOrSpace(_ b: UInt8) -> Bool {
        (b > 32 && b < 127) || b == 32
    }

    /// Offset just past the blank line ending the header section (CRLFCRLF, or bare LFLF), if present,
    /// searching from `start` (bytes before it were searched already).
    static func endOfHeaders(_ view: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        var i = max(0, start)
        let end = view.count
        while i < end {
            if view[i] == 10 {
                if i + 1 < end, view[i + 1] == 10 { return i + 2 }
                if i + 2 < end, view[i + 1] == 13, view[i + 2] == 10 { return i + 3 }
            }
            i += 1
        }
        return nil
    }
}
