import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A bare UDP socket that sends hand-written SIP text and collects whatever comes back: drives the
/// responder the way a foreign UAC would, without trunkprobe's own client stack in the way.
final class RawSIPClient: Sendable {
    let host: String
    let port: Int
    private let channel: any Channel
    private let received: NIOLockedValueBox<[String]>

    init(host: String = "127.0.0.1") async throws {
        let box = NIOLockedValueBox<[String]>([])
        channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Collector(box: box))
                }
            }
            .bind(host: host, port: 0).get()
        self.host = host
        self.port = channel.localAddress!.port!
        self.received = box
    }

    func send(_ text: String, toPort: Int, host: String = "127.0.0.1") async throws {
        let address = try SocketAddress(ipAddress: host, port: toPort)
        try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: channel.allocator.buffer(string: text))).get()
    }

    /// Everything received so far, once at least `count` messages came or `timeout` passed (bounded wait).
    func messages(atLeast count: Int, within timeout: Duration = .seconds(3)) async -> [String] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let now = received.withLockedValue { $0 }
            if now.count >= count { return now }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return received.withLockedValue { $0 }
    }

    func close() async { try? await channel.close().get() }

    /// A request from this client: Via with rport (RFC 3581), the mandatory headers of RFC 3261 §8.1.1.
    func request(_ method: String, branch: String, cseq: Int = 1, callID: String = "raw-call", cseqMethod: String? = nil,
                 extra: String = "", body: String = "") -> String {
        var text = "\(method) sip:100@127.0.0.1 SIP/2.0\r\n"
        text += "Via: SIP/2.0/UDP \(host):\(port);branch=\(branch);rport\r\n"
        text += "From: <sip:probe@\(host)>;tag=raw1\r\nTo: <sip:100@127.0.0.1>\r\nCall-ID: \(callID)\r\n"
        text += "CSeq: \(cseq) \(cseqMethod ?? method)\r\nMax-Forwards: 70\r\n"
        text += "Contact: <sip:probe@\(host):\(port)>\r\n\(extra)"
        if !body.isEmpty { text += "Content-Type: application/sdp\r\n" }
        text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        return text
    }

    static func statusCode(_ message: String) -> Int? {
        let parts = message.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0] == "SIP/2.0" else { return nil }
        return Int(parts[1])
    }

    static func header(_ name: String, in message: String) -> String? {
        for line in message.components(separatedBy: "\r\n") where line.lowercased().hasPrefix(name.lowercased() + ":") {
            return String(line.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    private final class Collector: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let box: NIOLockedValueBox<[String]>
        init(box: NIOLockedValueBox<[String]>) { self.box = box }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = unwrapInboundIn(data)
            let text = String(buffer: envelope.data)
            // Only responses to this client's own requests (its From tag): a stray datagram from a parallel
            // test that happened to aim at this port must not count.
            guard text.hasPrefix("SIP/2.0 "), text.contains("tag=raw1") else { return }
            box.withLockedValue { $0.append(text) }
        }
    }
}
