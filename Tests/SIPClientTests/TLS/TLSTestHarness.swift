import Foundation
import NIOCore
import NIOPosix
import SIPClient
import TestSupport

/// A raw SIP OPTIONS over TLS, and what came of it.
struct TLSProbeOutcome: Sendable {
    var report: TLSSessionReport?
    var response: String?
    var tlsError: TLSError?
    var otherError: String?
    var elapsed: Duration

    var statusLine: String? { response?.components(separatedBy: "\r\n").first }
    var failure: TLSFailure? { tlsError?.failure }
}

struct HarnessTimeout: Error, CustomStringConvertible {
    var description: String { "no TLS outcome within the test deadline" }
}

enum TLSHarness {
    static let group = MultiThreadedEventLoopGroup.singleton

    static func optionsRequest(host: String = TestCertificates.serverName) -> String {
        let id = UUID().uuidString
        return "OPTIONS sip:\(host) SIP/2.0\r\n"
            + "Via: SIP/2.0/TLS 127.0.0.1:5999;rport;branch=z9hG4bK-\(id)\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:probe@trunkprobe.invalid>;tag=\(id.prefix(8))\r\n"
            + "To: <sip:\(host)>\r\n"
            + "Call-ID: \(id)\r\n"
            + "CSeq: 1 OPTIONS\r\n"
            + "Content-Length: 0\r\n\r\n"
    }

    /// Connects to 127.0.0.1:`port` through a client `TLSHandler`, writes an OPTIONS before the
    /// handshake completes (the handler holds it), and waits, at most `timeout`, for a response head,
    /// a TLS error or the connection closing.
    static func probe(port: Int, configuration: TLSConfiguration, serverName: String = TestCertificates.serverName,
                      timeout: TimeAmount = .seconds(10)) async throws -> TLSProbeOutcome {
        let context = try OpenSSLContext(configuration: configuration)
        let loop = group.next()
        let handshake = loop.makePromise(of: TLSSessionReport.self)
        let response = loop.makePromise(of: String.self)
        let request = optionsRequest()
        let start = ContinuousClock.now
        let deadline = loop.scheduleTask(in: timeout) {
            response.fail(HarnessTimeout())
            handshake.fail(HarnessTimeout())
        }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(.seconds(5))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tls = try TLSHandler(client: context, serverName: serverName, handshakePromise: handshake)
                        try channel.pipeline.syncOperations.addHandler(tls)
                        try channel.pipeline.syncOperations.addHandler(ResponseCollector(request: request, promise: response))
                    }
                }
                .connect(host: "127.0.0.1", port: port).get()
        } catch {
            deadline.cancel()
            response.fail(error); handshake.fail(error)
            throw error
        }
        var outcome = TLSProbeOutcome(elapsed: .zero)
        do {
            outcome.response = try await response.futureResult.get()
        } catch let e as TLSError {
            outcome.tlsError = e
        } catch {
            outcome.otherError = "\(error)"
        }
        // The handshake promise is always completed by the handler (or the deadline).
        do {
            outcome.report = try await handshake.futureResult.get()
        } catch let e as TLSError {
            if outcome.tlsError == nil { outcome.tlsError = e }
        } catch {}
        deadline.cancel()
        outcome.elapsed = ContinuousClock.now - start
        try? await channel.close().get()
        return outcome
    }
}

/// Writes one request on channelActive; collects the response head.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let request: String
    let promise: EventLoopPromise<String>
    var received = ""

    init(request: String, promise: EventLoopPromise<String>) {
        self.request = request; self.promise = promise
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += String(buffer: unwrapInboundIn(data))
        if received.contains("\r\n\r\n") { promise.succeed(received) }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(ChannelError.eof)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { promise.fail(ChannelError.ioOnClosedChannel) }
}

/// An in-process peer on a free loopback port: a TLS SIP responder (our server `TLSHandler`),
/// or a broken one that closes at once or answers the ClientHello with garbage.
final class LoopbackPeer: Sendable {
    enum Behaviour: Sendable {
        /// TLS with this server context; answers any request head with 200 and then closes (close_notify).
        case tls(OpenSSLContext)
        case closeOnAccept
        case garbage
        /// Accepts and reads, never answers.
        case silent
    }

    let channel: any Channel
    let port: Int
    /// The first server-side handshake's report (or error).
    let serverHandshake: EventLoopPromise<TLSSessionReport>

    init(_ behaviour: Behaviour) async throws {
        let loop = TLSHarness.group.next()
        let serverHandshake = loop.makePromise(of: TLSSessionReport.self)
        self.serverHandshake = serverHandshake
        channel = try await ServerBootstrap(group: TLSHarness.group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    let ops = child.pipeline.syncOperations
                    switch behaviour {
                    case .tls(let ctx):
                        try ops.addHandler(TLSHandler(server: ctx, handshakePromise: serverHandshake))
                        try ops.addHandler(SIPAnswerer())
                    case .closeOnAccept:
                        try ops.addHandler(CloseOnActive())
                    case .garbage:
                        try ops.addHandler(GarbageOnRead())
                    case .silent:
                        break
                    }
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress!.port!
    }

    func stop() async {
        serverHandshake.fail(ChannelError.ioOnClosedChannel)
        try? await channel.close().get()
    }
}

/// Answers the first request head with a 200 carrying its Via/From/To/Call-ID/CSeq, then closes.
final class SIPAnswerer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    var received = ""
    var answered = false

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received += String(buffer: unwrapInboundIn(data))
        guard !answered, let end = received.range(of: "\r\n\r\n") else { return }
        answered = true
        let lines = received[..<end.lowerBound].components(separatedBy: "\r\n")
        let copied = lines.filter { l in ["via:", "from:", "to:", "call-id:", "cseq:"].contains { l.lowercased().hasPrefix($0) } }
        let reply = "SIP/2.0 200 OK\r\n" + copied.map { $0 + "\r\n" }.joined() + "Server: trunkprobe-test\r\nContent-Length: 0\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: reply))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}

final class CloseOnActive: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    func channelActive(context: ChannelHandlerContext) { context.close(promise: nil) }
}

/// Reads the ClientHello and answers with a plain-text SIP response, as a TCP-only SIP server would.
final class GarbageOnRead: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    var sent = false
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !sent else { return }
        sent = true
        let junk = "SIP/2.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: junk)), promise: nil)
    }
}

/// Fails (not skips) when peers are required and `tool` is missing; otherwise tells whether to run.
func requirePeer(_ path: String?, _ name: String) throws {
    if path == nil { throw PeerError("\(name) is not installed and TRUNKPROBE_REQUIRE_PEERS=1") }
}
