import Foundation
import NIOCore
import NIOEmbedded
import Testing
import SIPClient
import TestSupport

/// Client and server `TLSHandler`s in two `EmbeddedChannel`s, bytes moved by hand: no sockets, no
/// threads, no openssl CLI (the server uses a `SelfSignedCertificate`, which the client trusts as
/// its `--ca-file`). Shows the pipeline contract the SIP framer relies on.
@Suite struct TLSEmbeddedTests {
    struct Pair {
        let client: EmbeddedChannel
        let server: EmbeddedChannel
        let handshake: EventLoopPromise<TLSSessionReport>

        /// Moves ciphertext both ways until neither side has anything to send.
        func shuttle() throws {
            var moved = true
            while moved {
                moved = false
                while let out = try client.readOutbound(as: ByteBuffer.self) { try server.writeInbound(out); moved = true }
                while let out = try server.readOutbound(as: ByteBuffer.self) { try client.writeInbound(out); moved = true }
            }
        }
    }

    func makePair(name: String = "responder.test") throws -> Pair {
        let cert = try SelfSignedCertificate(name: name)
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "embedded-tls")
        let files = try cert.write(to: dir)
        let client = EmbeddedChannel()
        let server = EmbeddedChannel()
        let handshake = client.eventLoop.makePromise(of: TLSSessionReport.self)
        try client.pipeline.syncOperations.addHandler(TLSHandler(
            client: OpenSSLContext(configuration: .client(caFile: files.certificate.path)),
            serverName: name, handshakePromise: handshake))
        try server.pipeline.syncOperations.addHandler(TLSHandler(server: OpenSSLContext(configuration: .server(cert))))
        return Pair(client: client, server: server, handshake: handshake)
    }

    @Test func plaintextPassesBothWaysAndWritesWaitForTheHandshake() throws {
        let p = try makePair()
        let request = "OPTIONS sip:responder.test SIP/2.0\r\nContent-Length: 0\r\n\r\n"
        // Written before the channel is even active: held until the handshake completes.
        p.client.writeAndFlush(ByteBuffer(string: request), promise: nil)
        #expect(try p.client.readOutbound(as: ByteBuffer.self) == nil)

        try p.server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5061)).wait()
        try p.client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5061)).wait()
        // The first client bytes are a TLS handshake record (ClientHello), not our plaintext.
        let hello = try #require(try p.client.readOutbound(as: ByteBuffer.self))
        #expect(hello.getInteger(at: hello.readerIndex, as: UInt8.self) == 0x16)
        try p.server.writeInbound(hello)
        try p.shuttle()

        let report = try p.handshake.futureResult.wait()
        #expect(report.chainVerification == .verified && report.nameMatch?.matched == "responder.test")
        #expect(report.serverName == "responder.test")

        var received = ""
        while let b = try p.server.readInbound(as: ByteBuffer.self) { received += String(buffer: b) }
        #expect(received == request)

        try p.server.writeOutbound(ByteBuffer(string: "SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n"))
        try p.shuttle()
        var answer = ""
        while let b = try p.client.readInbound(as: ByteBuffer.self) { answer += String(buffer: b) }
        #expect(answer.hasPrefix("SIP/2.0 200 OK"))

        // Closing sends close_notify; the server answers with its own and closes too.
        try p.client.close().wait()
        let closeNotify = try #require(try p.client.readOutbound(as: ByteBuffer.self))
        try p.server.writeInbound(closeNotify)
        #expect(!p.server.isActive)
        _ = try? p.client.finish()
        _ = try? p.server.finish()
    }

    @Test func wrongExpectedNameFailsWithNameMismatchEvent() throws {
        let cert = try SelfSignedCertificate(name: "responder.test")
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "embedded-tls")
        let files = try cert.write(to: dir)
        let client = EmbeddedChannel()
        let server = EmbeddedChannel()
        let handshake = client.eventLoop.makePromise(of: TLSSessionReport.self)
        try client.pipeline.syncOperations.addHandler(TLSHandler(
            client: OpenSSLContext(configuration: .client(caFile: files.certificate.path)),
            serverName: "trunk.example.com", handshakePromise: handshake))
        try server.pipeline.syncOperations.addHandler(TLSHandler(server: OpenSSLContext(configuration: .server(cert))))
        let pair = Pair(client: client, server: server, handshake: handshake)
        try server.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5061)).wait()
        // EmbeddedChannel rethrows what reaches the pipeline's tail through errorCaught.
        var caught: (any Error)?
        do {
            try client.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 5061)).wait()
            try pair.shuttle()
        } catch { caught = error }
        #expect((caught as? TLSError)?.failure == .nameMismatch, "\(String(describing: caught))")
        #expect(throws: TLSError.self) { try handshake.futureResult.wait() }
        #expect(!client.isActive)
        _ = try? client.finish()
        _ = try? server.finish()
    }
}
