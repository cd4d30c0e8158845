import Foundation
import NIOCore
import NIOPosix
import NIOConcurrencyHelpers

/// A UDP or TCP peer on loopback that misbehaves on purpose: stays silent, or answers every request
/// with the byte strings a test gives it (garbage, wrong branch, oversized…). It counts what it received.
final class RoguePeer: Sendable {
    let port: Int
    private let channel: any Channel
    private let received: NIOLockedValueBox<Int>

    var receivedCount: Int { received.withLockedValue { $0 } }

    /// `answers` gets the request text and returns the datagrams (or stream chunks) to send back.
    /// `reuseAddress` sets SO_REUSEADDR, as SIP servers do on their UDP sockets.
    static func udp(reuseAddress: Bool = false, answers: @escaping @Sendable (String) -> [[UInt8]] = { _ in [] }) async throws -> RoguePeer {
        let counter = NIOLockedValueBox<Int>(0)
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: reuseAddress ? 1 : 0)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPAnswerer(answers: answers, counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RoguePeer(channel: channel, counter: counter)
    }

    /// `security` inserts a TLS server handler in front (for a hostile TLS peer).
    static func tcp(security: (@Sendable (any Channel) throws -> Void)? = nil,
                    answers: @escaping @Sendable (String) -> [[UInt8]]) async throws -> RoguePeer {
        let counter = NIOLockedValueBox<Int>(0)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    try security?(child)
                    try child.pipeline.syncOperations.addHandler(TCPAnswerer(answers: answers, counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return RoguePeer(channel: channel, counter: counter)
    }

    private init(channel: any Channel, counter: NIOLockedValueBox<Int>) {
        self.channel = channel
        self.port = channel.localAddress!.port!
        self.received = counter
    }

    func stop() async { try? await channel.close().get() }

    private final class UDPAnswerer: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let answers: @Sendable (String) -> [[UInt8]]
        let counter: NIOLockedValueBox<Int>
        init(answers: @escaping @Sendable (String) -> [[UInt8]], counter: NIOLockedValueBox<Int>) {
            self.answers = answers
            self.counter = counter
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            counter.withLockedValue { $0 += 1 }
            let text = String(buffer: envelope.data)
            for bytes in answers(text) {
                context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                                                        data: context.channel.allocator.buffer(bytes: bytes))), promise: nil)
            }
        }
    }

    private final class TCPAnswerer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let answers: @Sendable (String) -> [[UInt8]]
        let counter: NIOLockedValueBox<Int>
        init(answers: @escaping @Sendable (String) -> [[UInt8]], counter: NIOLockedValueBox<Int>) {
            self.answers = answers
            self.counter = counter
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            counter.withLockedValue { $0 += 1 }
            let text = String(buffer: unwrapInboundIn(data))
            for bytes in answers(text) {
                context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
            }
        }
    }
}

/// Builds a response text matching the request's Via, Call-ID and CSeq (or deliberately not).
enum RogueAnswers {
    static func header(_ name: String, in request: String) -> String {
        for line in request.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        return ""
    }

    /// `contentLength` replaces the honest `0` (a lie, a negative, an overflow); `reason` the reason phrase.
    static func response(to request: String, code: Int = 200, branch: String? = nil, extra: String = "",
                         reason: String = "Rogue", contentLength: String = "0", body: String = "") -> [UInt8] {
        var via = header("Via", in: request)
        if let branch, let range = via.range(of: "branch=") {
            let end = via[range.upperBound...].firstIndex(of: ";") ?? via.endIndex
            via.replaceSubrange(range.upperBound..<end, with: branch)
        }
        let text = "SIP/2.0 \(code) \(reason)\r\nVia: \(via)\r\nFrom: \(header("From", in: request))\r\nTo: \(header("To", in: request));tag=r\r\n"
            + "Call-ID: \(header("Call-ID", in: request))\r\nCSeq: \(header("CSeq", in: request))\r\n\(extra)Content-Length: \(contentLength)\r\n\r\n\(body)"
        return Array(text.utf8)
    }
}
