import Foundation
import NIOCore
import SIPCore

/// Splits a TCP/TLS byte stream into SIP messages by Content-Length (RFC 3261 §18.3).
///
/// Leading CRLFs are keep-alive pings or pongs (RFC 5626 §3.5.1) and are skipped. A header section or
/// a message larger than `SIPMessage.maximumSize` cannot be resynchronised, so it is an error that
/// closes the stream rather than a buffer that grows without bound.
public struct SIPStreamFramer: ByteToMessageDecoder {
    public typealias InboundOut = [UInt8]

    public struct Oversized: Error, CustomStringConvertible {
        public var description: String { "stream message exceeds \(SIPMessage.maximumSize) bytes" }
    }

    public init() {}

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        while let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self), first == 13 || first == 10 {
            buffer.moveReaderIndex(forwardBy: 1)
        }
        guard buffer.readableBytes > 0 else { return .needMoreData }
        let view = buffer.readableBytesView
        guard let headerEnd = Self.endOfHeaders(view) else {
            if buffer.readableBytes > SIPMessage.maximumSize { throw Oversized() }
            return .needMoreData
        }
        let headerBytes = Array(view[view.startIndex..<(view.startIndex + headerEnd)])
        let contentLength = Self.contentLength(in: headerBytes) ?? 0
        let total = headerEnd + contentLength
        guard total <= SIPMessage.maximumSize else { throw Oversized() }
        guard buffer.readableBytes >= total else { return .needMoreData }
        let message = buffer.readBytes(length: total)!
        context.fireChannelRead(Self.wrapInboundOut(message))
        return .continue
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A truncated message at EOF is dropped: the transaction sees the close, not half a response.
        let state = try decode(context: context, buffer: &buffer)
        if state == .needMoreData { buffer.clear() }
        return state
    }

    /// Offset just past the blank line ending the header section (CRLFCRLF, or bare LFLF), if present.
    static func endOfHeaders(_ view: ByteBufferView) -> Int? {
        var i = view.startIndex
        let end = view.endIndex
        while i < end {
            if view[i] == 10 {
                if i + 1 < end, view[i + 1] == 10 { return i + 2 - view.startIndex }
                if i + 2 < end, view[i + 1] == 13, view[i + 2] == 10 { return i + 3 - view.startIndex }
            }
            i += 1
        }
        return nil
    }

    /// The Content-Length (or compact `l`) value in a header block.
    static func contentLength(in header: [UInt8]) -> Int? {
        let text = String(decoding: header, as: UTF8.self)
        for line in text.split(whereSeparator: { $0 == "\r\n" || $0 == "\n" || $0 == "\r" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            if name == "content-length" || name == "l" {
                return Int(line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }
}
