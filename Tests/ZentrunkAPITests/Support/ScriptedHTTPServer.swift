import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A tiny HTTP/1.1 server on 127.0.0.1:0 that answers each request with the next scripted raw response and closes
/// the connection. Raw bytes (not a framework) so tests can serve what a real server would not: a body shorter than
/// its Content-Length, non-JSON, odd headers. Records every request for assertions.
final class ScriptedHTTPServer: Sendable {
    struct Recorded: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: String

        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        }
    }

    private let script: NIOLockedValueBox<[String]>
    private let log = NIOLockedValueBox<[Recorded]>([])
    private let channel: NIOLockedValueBox<(any Channel)?> = NIOLockedValueBox(nil)

    private init(responses: [String]) {
        script = NIOLockedValueBox(responses)
    }

    var requests: [Recorded] { log.withLockedValue { $0 } }
    var port: Int { channel.withLockedValue { $0?.localAddress?.port ?? 0 } }
    var baseURL: String { "http://127.0.0.1:\(port)/v1/" }

    static func start(_ responses: [String]) async throws -> ScriptedHTTPServer {
        let server = ScriptedHTTPServer(responses: responses)
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(server: server))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        server.channel.withLockedValue { $0 = bound }
        return server
    }

    func stop() async {
        let bound = channel.withLockedValue { $0 }
        try? await bound?.close()
    }

    fileprivate func next(for request: Recorded) -> String {
        log.withLockedValue { $0.append(request) }
        return script.withLockedValue { queue in
            queue.isEmpty ? ScriptedHTTPServer.response(500, #"{"error":"no scripted response left"}"#) : queue.removeFirst()
        }
    }

    /// A complete response with a correct Content-Length.
    static func response(_ status: Int, _ body: String = "", headers: [String] = [], contentType: String = "application/json") -> String {
        var lines = ["HTTP/1.1 \(status) \(status == 200 ? "OK" : "Status")", "Connection: close"]
        if status != 204 {
            lines.append("Content-Type: \(contentType)")
            lines.append("Content-Length: \(body.utf8.count)")
        }
        lines += headers
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + (status == 204 ? "" : body)
    }

    /// Serves a fixture file from Tests/ZentrunkAPITests/Fixtures.
    static func fixture(_ status: Int, _ name: String, headers: [String] = []) -> String {
        response(status, Fixtures.text(name), headers: headers)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let server: ScriptedHTTPServer
        var buffer = ByteBuffer()

        init(server: ScriptedHTTPServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var chunk = unwrapInboundIn(data)
            buffer.writeBuffer(&chunk)
            let text = String(buffer: buffer)
            guard let headerEnd = text.range(of: "\r\n\r\n") else { return }
            let head = text[..<headerEnd.lowerBound]
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            let body = String(text[headerEnd.upperBound...])
            guard body.utf8.count >= length else { return }
            let recorded = Recorded(method: String(requestLine.first ?? ""), path: String(requestLine.dropFirst().first ?? ""),
                                    headers: headers, body: body)
            buffer.clear()
            let reply = server.next(for: recorded)
            let out = context.channel.allocator.buffer(string: reply)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(out)).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
