import Foundation
import NIOCore
import NIOPosix
import Testing
import SIPClient
import TestSupport

/// Client and server `TLSHandler`s against each other, and against broken peers, over real
/// loopback sockets in this process. Certificates come from `TestCertificates` (openssl CLI).
@Suite(.enabled(if: Peers.shouldRun(Peers.openssl), "openssl CLI not installed"))
struct TLSLoopbackTests {
    let pki: TestCertificates

    init() async throws {
        try requirePeer(Peers.openssl, "openssl")
        pki = try await TestCertificates.load()
    }

    func serverContext(_ kind: TestCertificates.Kind, requireClientCert: Bool = false) throws -> OpenSSLContext {
        var c = TLSConfiguration.server(certificateFile: pki.certificate(kind), privateKeyFile: pki.privateKey(kind))
        if requireClientCert { c.verifyClientCertificates = true; c.caFile = pki.caCertificate }
        return try OpenSSLContext(configuration: c)
    }

    /// Starts our TLS responder with `kind`'s certificate and probes it.
    func probe(_ kind: TestCertificates.Kind, client: TLSConfiguration, serverName: String = TestCertificates.serverName,
               requireClientCert: Bool = false) async throws -> (TLSProbeOutcome, Result<TLSSessionReport, any Error>) {
        let peer = try await LoopbackPeer(.tls(serverContext(kind, requireClientCert: requireClientCert)))
        let outcome = try await TLSHarness.probe(port: peer.port, configuration: client, serverName: serverName)
        let promise = peer.serverHandshake
        let timeout = promise.futureResult.eventLoop.scheduleTask(in: .seconds(5)) { promise.fail(HarnessTimeout()) }
        let server: Result<TLSSessionReport, any Error>
        do { server = .success(try await promise.futureResult.get()) } catch { server = .failure(error) }
        timeout.cancel()
        await peer.stop()
        return (outcome, server)
    }

    @Test func verifiedHandshakeAnswersAndReports() async throws {
        let (o, server) = try await probe(.server, client: .client(caFile: pki.caCertificate))
        #expect(o.tlsError == nil, "\(String(describing: o.tlsError))")
        #expect(o.statusLine == "SIP/2.0 200 OK")
        let r = try #require(o.report)
        #expect(r.role == .client && r.chainVerification == .verified && !r.insecure)
        #expect(r.protocolVersion == "TLSv1.3")
        #expect(!r.cipher.isEmpty)
        #expect(r.serverName == "trunk.test")
        #expect(r.nameMatch?.source == .dnsSAN && r.nameMatch?.wildcard == false)
        let cert = try #require(r.peerCertificate)
        #expect(cert.subject.contains("CN=trunk.test"))
        #expect(cert.issuer.contains("CN=trunkprobe test CA"))
        #expect(cert.dnsNames == ["trunk.test"])
        #expect(cert.daysLeft >= 363 && cert.daysLeft <= 365)
        #expect(cert.notAfter.hasSuffix("Z"))
        #expect(!r.expiresSoon && !r.clientCertificateSent)
        // The server side saw our SNI.
        #expect(try server.get().serverName == "trunk.test")
    }

    @Test func tls12FloorAndCeilingWork() async throws {
        var c = TLSConfiguration.client(caFile: pki.caCertificate)
        c.maximumVersion = .tls12
        let (o, _) = try await probe(.server, client: c)
        #expect(o.report?.protocolVersion == "TLSv1.2")
        #expect(o.statusLine == "SIP/2.0 200 OK")
    }

    @Test func unknownIssuer() async throws {
        // Signed by a CA that is neither the --ca-file nor in the system store.
        let (o, _) = try await probe(.otherCA, client: .client(caFile: pki.caCertificate))
        #expect(o.failure == .unknownIssuer, "\(String(describing: o.tlsError))")
        #expect(o.tlsError?.report?.peerCertificate?.issuer.contains("some other CA") == true)
        #expect(o.response == nil)
        // And our CA is not in the system trust store.
        let (o2, _) = try await probe(.server, client: .client())
        #expect(o2.failure == .unknownIssuer)
    }

    @Test func nameMismatchIsNotAChainError() async throws {
        let (o, _) = try await probe(.wrongName, client: .client(caFile: pki.caCertificate))
        #expect(o.failure == .nameMismatch, "\(String(describing: o.tlsError))")
        #expect(o.tlsError?.openSSLError.contains("other.test") == true)
        #expect(o.tlsError?.report?.chainVerification == .verified)
        #expect(o.response == nil)
    }

    @Test func tlsServerNameOverridesTheExpectedName() async throws {
        let (o, _) = try await probe(.wrongName, client: .client(caFile: pki.caCertificate), serverName: "other.test")
        #expect(o.statusLine == "SIP/2.0 200 OK")
    }

    @Test func expiredAndNotYetValid() async throws {
        let (o, _) = try await probe(.expired, client: .client(caFile: pki.caCertificate))
        #expect(o.failure == .expired, "\(String(describing: o.tlsError))")
        #expect((o.tlsError?.report?.peerCertificate?.daysLeft ?? 0) < 0)
        let (o2, _) = try await probe(.notYetValid, client: .client(caFile: pki.caCertificate))
        #expect(o2.failure == .notYetValid, "\(String(describing: o2.tlsError))")
    }

    @Test func expiringSoonIsAWarningNotAFailure() async throws {
        let (o, _) = try await probe(.expiringSoon, client: .client(caFile: pki.caCertificate))
        #expect(o.statusLine == "SIP/2.0 200 OK")
        let r = try #require(o.report)
        #expect(r.expiresSoon && r.peerCertificate!.daysLeft <= 5)
    }

    @Test func wildcardURIAndCommonNameIdentities() async throws {
        let (w, _) = try await probe(.wildcard, client: .client(caFile: pki.caCertificate), serverName: "sbc1.trunk.test")
        #expect(w.report?.nameMatch?.wildcard == true)
        #expect(w.report?.nameMatch?.note?.contains("RFC 5922") == true)
        #expect(w.report?.serverName == "sbc1.trunk.test")
        let (u, _) = try await probe(.sipURI, client: .client(caFile: pki.caCertificate))
        #expect(u.report?.nameMatch?.source == .uriSAN)
        #expect(u.report?.peerCertificate?.uris == ["sip:trunk.test"])
        let (c, _) = try await probe(.commonNameOnly, client: .client(caFile: pki.caCertificate))
        #expect(c.report?.nameMatch?.source == .commonName)
    }

    @Test func insecureProceedsAndSaysSo() async throws {
        let (o, _) = try await probe(.otherCA, client: .client(insecure: true), serverName: "whatever.test")
        #expect(o.statusLine == "SIP/2.0 200 OK")
        let r = try #require(o.report)
        #expect(r.insecure && r.chainVerification == .notVerifiedInsecure && r.nameMatch == nil)
        #expect(r.peerCertificate != nil)
    }

    @Test func ipLiteralSendsNoSNI() async throws {
        let (o, server) = try await probe(.server, client: .client(insecure: true), serverName: "127.0.0.1")
        #expect(o.report?.serverName == nil)
        #expect(try server.get().serverName == nil)
        // Verified, an IP literal matches only iPAddress SANs: trunk.test's certificate has none.
        let (o2, _) = try await probe(.server, client: .client(caFile: pki.caCertificate), serverName: "127.0.0.1")
        #expect(o2.failure == .nameMismatch)
    }

    @Test func mutualTLSWithOurServer() async throws {
        // TLS 1.3: the server's rejection arrives after the client's Finished.
        let (without, _) = try await probe(.server, client: .client(caFile: pki.caCertificate), requireClientCert: true)
        #expect(without.failure == .clientCertificateRequired, "\(String(describing: without.tlsError))")
        // TLS 1.2: the rejection is a handshake alert.
        var c12 = TLSConfiguration.client(caFile: pki.caCertificate)
        c12.maximumVersion = .tls12
        let (without12, _) = try await probe(.server, client: c12, requireClientCert: true)
        #expect(without12.failure == .clientCertificateRequired, "\(String(describing: without12.tlsError))")

        let withCert = TLSConfiguration.client(caFile: pki.caCertificate, certificateFile: pki.certificate(.client),
                                               privateKeyFile: pki.privateKey(.client))
        let (ok, server) = try await probe(.server, client: withCert, requireClientCert: true)
        #expect(ok.statusLine == "SIP/2.0 200 OK", "\(String(describing: ok.tlsError))")
        #expect(ok.report?.clientCertificateRequested == true && ok.report?.clientCertificateSent == true)
        let s = try server.get()
        #expect(s.clientCertificateSent && s.peerCertificate?.subject.contains("trunkprobe client") == true)
        #expect(s.chainVerification == .verified)
    }

    @Test func peerThatClosesOnAcceptIsAProtocolErrorQuickly() async throws {
        let peer = try await LoopbackPeer(.closeOnAccept)
        let o = try await TLSHarness.probe(port: peer.port, configuration: .client(caFile: pki.caCertificate))
        await peer.stop()
        #expect(o.failure == .protocolError, "\(o)")
        #expect(o.elapsed < .seconds(3))
    }

    @Test func peerThatSendsGarbageIsAProtocolErrorQuickly() async throws {
        let peer = try await LoopbackPeer(.garbage)
        let o = try await TLSHarness.probe(port: peer.port, configuration: .client(caFile: pki.caCertificate))
        await peer.stop()
        #expect(o.failure == .protocolError, "\(o)")
        #expect(o.tlsError?.openSSLError.isEmpty == false)
        #expect(o.elapsed < .seconds(3))
    }

    @Test func silentPeerIsBoundedByTheCallersTimeoutAndNotATLSVerdict() async throws {
        let peer = try await LoopbackPeer(.silent)
        let context = try OpenSSLContext(configuration: .client(caFile: pki.caCertificate))
        let loop = TLSHarness.group.next()
        let handshake = loop.makePromise(of: TLSSessionReport.self)
        let channel = try await ClientBootstrap(group: loop)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture {
                    try ch.pipeline.syncOperations.addHandler(TLSHandler(client: context, serverName: "trunk.test",
                                                                         handshakePromise: handshake))
                }
            }
            .connect(host: "127.0.0.1", port: peer.port).get()
        // The caller's timeout (here 300 ms of real time against a real socket) closes the channel.
        let closing = loop.scheduleTask(in: .milliseconds(300)) { channel.close(promise: nil) }
        var failedWith: (any Error)?
        do { _ = try await handshake.futureResult.get() } catch { failedWith = error }
        closing.cancel()
        await peer.stop()
        #expect(failedWith is ChannelError, "\(String(describing: failedWith))")
        #expect(!(failedWith is TLSError))
    }

    @Test func noSharedVersionIsHandshakeFailed() async throws {
        // openssl s_server offering TLS 1.1 only; our floor is TLS 1.2.
        let openssl = try #require(Peers.openssl)
        let perl = try #require(Peers.executable("perl"))
        let port = FreePort.tcp()
        // perl clears the signal mask inherited from libdispatch threads, so SIGTERM stops s_server.
        let server = try PeerProcess(name: "s_server", executable: perl, arguments: [
            "-MPOSIX", "-e", "sigprocmask(SIG_SETMASK, POSIX::SigSet->new); exec(@ARGV) or die", openssl,
            "s_server", "-accept", "127.0.0.1:\(port)", "-cert", pki.certificate(.server), "-key", pki.privateKey(.server),
            "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0", "-quiet"])
        defer { server.stop() }
        #expect(await FreePort.waitForTCPListening(port: port, timeout: 5), "\(server.log)")
        let o = try await TLSHarness.probe(port: port, configuration: .client(caFile: pki.caCertificate))
        #expect(o.failure == .handshakeFailed, "\(o)")
        #expect(o.tlsError?.openSSLError.contains("protocol version") == true || o.tlsError?.openSSLError.contains("unsupported protocol") == true, "\(o)")
    }

    @Test func selfSignedResponderWithItsOwnCertificateAsCA() async throws {
        let s = try SelfSignedCertificate(name: "responder.test")
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "selfsigned")
        let files = try s.write(to: dir)
        let peer = try await LoopbackPeer(.tls(OpenSSLContext(configuration: .server(s))))
        let o = try await TLSHarness.probe(port: peer.port, configuration: .client(caFile: files.certificate.path),
                                           serverName: "responder.test")
        let insecure = try await TLSHarness.probe(port: peer.port, configuration: .client(), serverName: "responder.test")
        await peer.stop()
        #expect(o.statusLine == "SIP/2.0 200 OK", "\(String(describing: o.tlsError))")
        #expect(o.report?.nameMatch != nil)
        #expect(insecure.failure == .unknownIssuer)
    }

    @Test func opensslSClientHandshakesWithOurServer() async throws {
        let openssl = try #require(Peers.openssl)
        let peer = try await LoopbackPeer(.tls(serverContext(.server)))
        let dir = try PeerProcess.makeTemporaryDirectory(prefix: "s_client")
        let input = dir.appendingPathComponent("request.txt")
        try TLSHarness.optionsRequest().write(to: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out.txt")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: openssl)
        p.arguments = ["s_client", "-connect", "127.0.0.1:\(peer.port)", "-servername", "trunk.test",
                       "-verify_hostname", "trunk.test", "-CAfile", pki.caCertificate, "-verify_return_error", "-ign_eof", "-msg"]
        p.standardInput = try FileHandle(forReadingFrom: input)
        let h = try FileHandle(forWritingTo: out)
        p.standardOutput = h
        p.standardError = h
        try p.run()
        // Our responder answers and closes (close_notify), which ends s_client; bounded anyway.
        let deadline = Date().addingTimeInterval(10)
        while p.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        if p.isRunning { p.terminate() }
        p.waitUntilExit()
        await peer.stop()
        let text = try String(contentsOf: out, encoding: .utf8)
        #expect(text.contains("Verify return code: 0 (ok)"), "\(text)")
        #expect(text.contains("SIP/2.0 200 OK"), "\(text)")
        #expect(p.terminationStatus == 0, "\(text)")
        // Our server ended the session with a close_notify alert (RFC 8446 §6.1), not a bare FIN.
        #expect(text.contains("<<< TLS 1.3, Alert") && text.contains("close_notify") || text.contains("Alert [length 0002], warning close_notify"), "\(text)")
    }
}
