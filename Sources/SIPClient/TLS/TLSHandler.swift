internal import COpenSSL
import NIOCore

/// Events `TLSHandler` fires inbound (`userInboundEventTriggered`).
public enum TLSEvent: Sendable {
    /// The handshake completed and the peer was verified as configured.
    case handshakeCompleted(TLSSessionReport)
}

/// SIP over TLS (RFC 3261 §26.2.1, RFC 5630) with the system libssl, as one NIO channel handler.
///
/// Inserted right after the socket, before the SIP stream framer: inbound it turns ciphertext
/// `ByteBuffer`s into plaintext `ByteBuffer`s, outbound plaintext into ciphertext. Writes made before
/// the handshake completes are held and sent once it has. Everything runs over memory BIOs on the
/// channel's event loop, so nothing blocks.
///
/// Client role: SNI is the expected name unless it is an IP literal (RFC 6066 §3). The chain is
/// verified during the handshake; the name afterwards (RFC 5922 §7.1, see `TLSIdentity`), so a name
/// mismatch is classified as such rather than as a chain error.
///
/// Outcome: on success it fires `TLSEvent.handshakeCompleted(report)` and succeeds
/// `handshakePromise`; on failure it fires `errorCaught(TLSError)`, fails the promise and closes.
/// Closing the channel sends close_notify first. The handler has no timer of its own for a peer
/// that never answers: the caller's `--timeout` closes the channel, which fails the promise with
/// `ChannelError.ioOnClosedChannel` (not a `TLSError`: the caller knows why it closed).
///
/// - Note: In TLS 1.3 a server that requires a client certificate rejects the client's empty
///   Certificate *after* the client has completed its handshake (RFC 8446 §4.4.2.4, alert
///   `certificate_required`). When the server asked for a certificate and none was sent, the client
///   therefore waits for the server's first post-handshake record (its NewSessionTicket, its
///   answer or its alert), at most `confirmationTimeout`, before declaring success, whenever the
///   server asked for a certificate. Writes are not held during that wait.
public final class TLSHandler: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    private enum State {
        case idle
        case handshaking
        /// Handshake done on our side; waiting for the server to accept our (absent) certificate.
        case confirming(TLSSessionReport)
        case active
        case closing
        case closed
    }

    private let connection: SSLConnection
    private let expectedName: String?
    private let sniName: String?
    private var state: State = .idle
    private var handshakePromise: EventLoopPromise<TLSSessionReport>?
    private var bufferedWrites: [(ByteBuffer, EventLoopPromise<Void>?)] = []
    private var flushRequested = false
    private var confirmationTask: Scheduled<Void>?
    private let confirmationTimeout: TimeAmount
    /// The report of the last completed handshake.
    public private(set) var report: TLSSessionReport?

    /// A client handler.
    ///
    /// - Parameters:
    ///   - context: a client `OpenSSLContext`.
    ///   - serverName: the name the certificate must carry: the SIP domain of the target, or
    ///     `--tls-server-name`. Also sent as SNI unless it is an IP literal (then it is matched
    ///     against iPAddress SANs).
    ///   - handshakePromise: completed with the report, or failed with a `TLSError`.
    public init(client context: OpenSSLContext, serverName: String,
                handshakePromise: EventLoopPromise<TLSSessionReport>? = nil,
                confirmationTimeout: TimeAmount = .seconds(2)) throws {
        precondition(context.configuration.role == .client, "TLSHandler(client:) needs a client OpenSSLContext")
        let trimmed = serverName.hasSuffix(".") ? String(serverName.dropLast()) : serverName
        let isIP = TLSIdentity.isIPLiteral(trimmed)
        self.expectedName = trimmed
        self.sniName = isIP || trimmed.isEmpty ? nil : trimmed
        self.connection = try SSLConnection(context: context, sniHostName: sniName)
        self.handshakePromise = handshakePromise
        self.confirmationTimeout = confirmationTimeout
    }

    /// A server handler (the responder). The report describes the client's certificate, if any.
    public init(server context: OpenSSLContext, handshakePromise: EventLoopPromise<TLSSessionReport>? = nil) throws {
        precondition(context.configuration.role == .server, "TLSHandler(server:) needs a server OpenSSLContext")
        self.expectedName = nil
        self.sniName = nil
        self.connection = try SSLConnection(context: context, sniHostName: nil)
        self.handshakePromise = handshakePromise
        self.confirmationTimeout = .seconds(0)
    }

    // MARK: lifecycle

    public func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startHandshake(context: context) }
    }

    public func handlerRemoved(context: ChannelHandlerContext) {
        confirmationTask?.cancel()
        confirmationTask = nil
        // Never leak a promise (NIO asserts on that in debug builds).
        handshakePromise?.fail(ChannelError.ioOnClosedChannel)
        handshakePromise = nil
        discardBufferedWrites(ChannelError.ioOnClosedChannel)
    }

    public func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        startHandshake(context: context)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .idle, .handshaking:
            // The peer closed before finishing the handshake: a plain TCP listener, a port that
            // drops TLS, or a server that rejected us without an alert.
            failSilently(context: context, error: eofError(duringHandshake: true))
        case .confirming:
            failSilently(context: context, error: eofError(duringHandshake: false))
        case .active, .closing, .closed:
            break
        }
        state = .closed
        discardBufferedWrites(ChannelError.ioOnClosedChannel)
        context.fireChannelInactive()
    }

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let e = event as? ChannelEvent, e == .inputClosed {
            switch state {
            case .idle, .handshaking:
                fail(context: context, error: eofError(duringHandshake: true))
                return
            case .confirming:
                fail(context: context, error: eofError(duringHandshake: false))
                return
            default: break
            }
        }
        context.fireUserInboundEventTriggered(event)
    }

    /// A socket error (ECONNRESET, typically) before the handshake is done means the peer is not
    /// speaking TLS with us: report it as a `TLSError` rather than a bare I/O error.
    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .idle, .handshaking:
            var e = eofError(duringHandshake: true)
            e.openSSLError += " (\(error))"
            fail(context: context, error: e)
        case .confirming:
            var e = eofError(duringHandshake: false)
            e.openSSLError += " (\(error))"
            fail(context: context, error: e)
        default:
            context.fireErrorCaught(error)
        }
    }

    // MARK: inbound

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        switch state {
        case .idle:
            // Data before channelActive reached us cannot happen with NIO; treat it as the start.
            connection.consume(buffer)
            startHandshake(context: context)
        case .handshaking:
            connection.consume(buffer)
            handshakeStep(context: context)
        case .confirming, .active, .closing:
            connection.consume(buffer)
            decode(context: context, fromNetwork: true)
        case .closed:
            break
        }
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        writeOutbound(context: context, promise: nil, flush: true)
        context.fireChannelReadComplete()
    }

    // MARK: outbound

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch state {
        case .closed, .closing:
            promise?.fail(ChannelError.ioOnClosedChannel)
        default:
            bufferedWrites.append((unwrapOutboundIn(data), promise))
        }
    }

    public func flush(context: ChannelHandlerContext) {
        flushRequested = true
        switch state {
        case .active, .confirming: unbufferWrites(context: context)
        default: break
        }
    }

    public func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        switch state {
        case .active, .confirming:
            guard mode != .input else { context.close(mode: mode, promise: promise); return }
            // Flush what the application wrote, then close_notify, then the socket.
            if !bufferedWrites.isEmpty { flushRequested = true; unbufferWrites(context: context) }
            if case .confirming = state {
                // Closed by us before the server accepted our certificate: not a TLS verdict.
                confirmationTask?.cancel()
                confirmationTask = nil
                let promise = handshakePromise
                handshakePromise = nil
                promise?.fail(ChannelError.ioOnClosedChannel)
                state = .active
            }
            if mode == .all { state = .closing }
            connection.shutdown()
            writeOutbound(context: context, promise: nil, flush: true)
            context.close(mode: mode, promise: promise)
        case .idle, .handshaking:
            if mode == .all {
                // Our side gave up (the probe's timeout, say): not a TLS verdict, the caller knows why.
                state = .closed
                confirmationTask?.cancel()
                let promise = handshakePromise
                handshakePromise = nil
                promise?.fail(ChannelError.ioOnClosedChannel)
                discardBufferedWrites(ChannelError.ioOnClosedChannel)
            }
            context.close(mode: mode, promise: promise)
        case .closing, .closed:
            context.close(mode: mode, promise: promise)
        }
    }

    // MARK: handshake

    private func startHandshake(context: ChannelHandlerContext) {
        guard case .idle = state else { return }
        state = .handshaking
        handshakeStep(context: context)
    }

    private func handshakeStep(context: ChannelHandlerContext) {
        switch connection.handshake() {
        case .wantRead:
            writeOutbound(context: context, promise: nil, flush: true)
        case .failed(let code):
            fail(context: context, error: classifyHandshakeFailure(sslError: code))
        case .complete:
            writeOutbound(context: context, promise: nil, flush: true)
            handshakeCompleted(context: context)
        }
    }

    private func handshakeCompleted(context: ChannelHandlerContext) {
        let insecure = connection.context.configuration.insecure
        var nameMatch: TLSSessionReport.NameMatch?
        let peer = connection.peerCertificate.map { X509Inspector.certificate($0) }

        if connection.isClient && !insecure {
            guard let peer else {
                fail(context: context, error: TLSError(failure: .handshakeFailed, openSSLError: "the server sent no certificate"))
                return
            }
            // Chain verified by OpenSSL during the handshake (SSL_VERIFY_PEER); check it anyway.
            guard connection.verifyResultCode == Int(X509_V_OK) else {
                let code = connection.verifyResultCode
                fail(context: context, error: TLSError(failure: Self.failure(forVerifyError: code),
                                                       openSSLError: "certificate verify failed: \(connection.verifyResultText)",
                                                       report: makeReport(peer: peer, nameMatch: nil, chain: .failed)))
                return
            }
            guard let expectedName, let match = TLSIdentity.match(expected: expectedName, in: peer) else {
                let names = (peer.dnsNames.map { "DNS:\($0)" } + peer.uris.map { "URI:\($0)" } + peer.ipAddresses.map { "IP:\($0)" })
                let have = names.isEmpty ? "CN=\(peer.commonName ?? "")" : names.joined(separator: ", ")
                fail(context: context, error: TLSError(
                    failure: .nameMismatch,
                    openSSLError: "certificate does not match \(expectedName ?? "?"); it names \(have)",
                    report: makeReport(peer: peer, nameMatch: nil, chain: .verified)))
                return
            }
            nameMatch = match
        }

        let chain: TLSSessionReport.ChainVerification
        if connection.isClient {
            chain = insecure ? .notVerifiedInsecure : .verified
        } else {
            chain = connection.context.configuration.verifyClientCertificates && peer != nil ? .verified : .notApplicable
        }
        let report = makeReport(peer: peer, nameMatch: nameMatch, chain: chain)

        if connection.isClient && connection.isTLS13 && connection.certificateRequested {
            // RFC 8446 §4.4.2.4: the server's verdict on our Certificate (empty or not) comes after our Finished.
            state = .confirming(report)
            let timeout = confirmationTimeout
            confirmationTask = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
                guard let self, case .confirming(let r) = self.state else { return }
                self.announce(context: context, report: r)
            }
            unbufferWrites(context: context)
            decode(context: context, fromNetwork: false)
            return
        }
        announce(context: context, report: report)
        unbufferWrites(context: context)
        // Application data may have arrived in the same read as the server's Finished.
        decode(context: context, fromNetwork: false)
    }

    private func announce(context: ChannelHandlerContext, report: TLSSessionReport) {
        confirmationTask?.cancel()
        confirmationTask = nil
        state = .active
        self.report = report
        let promise = handshakePromise
        handshakePromise = nil
        promise?.succeed(report)
        context.fireUserInboundEventTriggered(TLSEvent.handshakeCompleted(report))
    }

    private func makeReport(peer: TLSSessionReport.Certificate?, nameMatch: TLSSessionReport.NameMatch?,
                            chain: TLSSessionReport.ChainVerification) -> TLSSessionReport {
        TLSSessionReport(
            role: connection.isClient ? .client : .server,
            protocolVersion: connection.protocolVersion,
            cipher: connection.cipher,
            serverName: connection.isClient ? sniName : connection.receivedServerName,
            peerCertificate: peer,
            chainVerification: chain,
            verifyResult: peer == nil ? "no peer certificate" : connection.verifyResultText,
            nameMatch: nameMatch,
            clientCertificateRequested: connection.certificateRequested,
            clientCertificateSent: connection.certificateSent,
            insecure: connection.isClient && connection.context.configuration.insecure)
    }

    // MARK: data

    private func decode(context: ChannelHandlerContext, fromNetwork: Bool) {
        var delivered = false
        loop: while true {
            guard isReadable else { return }
            var buffer = context.channel.allocator.buffer(capacity: 16_384)
            switch connection.read(into: &buffer) {
            case .data:
                if case .confirming(let r) = state { announce(context: context, report: r) }
                delivered = true
                context.fireChannelRead(wrapInboundOut(buffer))
            case .wantRead:
                break loop
            case .closeNotify:
                // RFC 8446 §6.1: answer the peer's close_notify with ours and close.
                if case .confirming(let r) = state { announce(context: context, report: r) }
                if delivered { context.fireChannelReadComplete() }
                state = .closing
                connection.shutdown()
                writeOutbound(context: context, promise: nil, flush: true)
                context.close(promise: nil)
                return
            case .failed(let code):
                fail(context: context, error: classifyPostHandshakeFailure(sslError: code))
                return
            }
        }
        // A post-handshake record (a NewSessionTicket) processed without an alert: the server accepted us.
        if fromNetwork, case .confirming(let r) = state { announce(context: context, report: r) }
        // OpenSSL may have produced records while reading (key updates, alerts); send them.
        writeOutbound(context: context, promise: nil, flush: true)
    }

    private var isReadable: Bool {
        switch state {
        case .confirming, .active, .closing: return true
        default: return false
        }
    }

    private func unbufferWrites(context: ChannelHandlerContext) {
        guard flushRequested else { return }
        flushRequested = false
        let writes = bufferedWrites
        bufferedWrites.removeAll()
        var wrote = false
        for (index, (plaintext, promise)) in writes.enumerated() {
            if case .failed(let code) = connection.write(plaintext) {
                promise?.fail(ChannelError.ioOnClosedChannel)
                for (_, p) in writes[(index + 1)...] { p?.fail(ChannelError.ioOnClosedChannel) }
                fail(context: context, error: classifyPostHandshakeFailure(sslError: code))
                return
            }
            writeOutbound(context: context, promise: promise, flush: false)
            wrote = true
        }
        if wrote { context.flush() }
    }

    /// Sends whatever ciphertext OpenSSL produced. The promise (of the plaintext write that produced
    /// it) is completed when that ciphertext is written; with nothing to send it succeeds at once.
    private func writeOutbound(context: ChannelHandlerContext, promise: EventLoopPromise<Void>?, flush: Bool) {
        if let out = connection.takeOutbound(allocator: context.channel.allocator) {
            context.write(wrapOutboundOut(out), promise: promise)
            if flush { context.flush() }
        } else {
            promise?.succeed(())
        }
    }

    private func discardBufferedWrites(_ error: any Error) {
        let writes = bufferedWrites
        bufferedWrites.removeAll()
        for (_, p) in writes { p?.fail(error) }
    }

    // MARK: failure

    private func failPending(_ error: TLSError) {
        confirmationTask?.cancel()
        confirmationTask = nil
        let promise = handshakePromise
        handshakePromise = nil
        promise?.fail(error)
    }

    /// Sends any alert OpenSSL queued, reports the error, closes.
    private func fail(context: ChannelHandlerContext, error: TLSError) {
        switch state {
        case .closed: return
        default: break
        }
        state = .closed
        writeOutbound(context: context, promise: nil, flush: true)
        discardBufferedWrites(error)
        failPending(error)
        context.fireErrorCaught(error)
        context.close(promise: nil)
    }

    /// The channel is already gone: report without trying to write or close.
    private func failSilently(context: ChannelHandlerContext, error: TLSError) {
        state = .closed
        discardBufferedWrites(error)
        failPending(error)
        context.fireErrorCaught(error)
    }

    private func eofError(duringHandshake: Bool) -> TLSError {
        // A server that asked for a certificate and hung up after we sent none is rejecting us for it
        // (some stacks close without the certificate_required / handshake_failure alert).
        if connection.certificateRequested && !connection.certificateSent {
            return TLSError(failure: .clientCertificateRequired,
                            openSSLError: "the server asked for a client certificate, none was sent, and it closed the connection")
        }
        return TLSError(failure: .protocolError,
                        openSSLError: duringHandshake ? "the peer closed the connection during the TLS handshake"
                                                      : "the peer closed the connection right after the TLS handshake")
    }

    private static let clientCertificateAlerts: Set<Int32> = [
        SSL_R_TLSV13_ALERT_CERTIFICATE_REQUIRED, SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE,
        SSL_R_SSLV3_ALERT_BAD_CERTIFICATE, SSL_R_SSLV3_ALERT_CERTIFICATE_UNKNOWN,
        SSL_R_TLSV1_ALERT_UNKNOWN_CA, SSL_R_TLSV1_ALERT_ACCESS_DENIED,
        SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE,
    ]

    /// Not TLS at all: a plain-text peer, an HTTP server, an early close.
    private static let protocolReasons: Set<Int32> = [
        SSL_R_WRONG_VERSION_NUMBER, SSL_R_UNKNOWN_PROTOCOL, SSL_R_PACKET_LENGTH_TOO_LONG,
        SSL_R_RECORD_LENGTH_MISMATCH, SSL_R_UNEXPECTED_EOF_WHILE_READING, SSL_R_HTTP_REQUEST,
        SSL_R_UNEXPECTED_MESSAGE, SSL_R_UNEXPECTED_RECORD, SSL_R_BAD_PACKET_LENGTH, SSL_R_LENGTH_MISMATCH,
        SSL_R_SSLV3_ALERT_UNEXPECTED_MESSAGE, SSL_R_TLSV1_ALERT_DECODE_ERROR,
    ]

    private func classifyHandshakeFailure(sslError: Int32) -> TLSError {
        let entries = OpenSSLErrors.drainEntries()
        let text = entries.map(\.text).joined(separator: "; ")
        let reasons = Set(entries.map(\.reason))

        // The chain did not verify (client, verification on): OpenSSL kept the first error.
        if connection.isClient, !connection.context.configuration.insecure,
           connection.verifyResultCode != Int(X509_V_OK) {
            let report = makeReport(peer: connection.peerCertificate.map { X509Inspector.certificate($0) },
                                    nameMatch: nil, chain: .failed)
            return TLSError(failure: Self.failure(forVerifyError: connection.verifyResultCode),
                            openSSLError: "certificate verify failed: \(connection.verifyResultText)", report: report)
        }
        let noCertificateSent = connection.isClient ? (connection.certificateRequested && !connection.certificateSent) : true
        if noCertificateSent && !reasons.isDisjoint(with: Self.clientCertificateAlerts) {
            if connection.isClient || reasons.contains(SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
                return TLSError(failure: .clientCertificateRequired, openSSLError: text)
            }
        }
        if connection.isClient && connection.certificateRequested && connection.certificateSent
            && !reasons.isDisjoint(with: Self.clientCertificateAlerts.subtracting([SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE])) {
            // We sent one and the server rejected it (unknown_ca, bad_certificate, …).
            return TLSError(failure: .clientCertificateRequired, openSSLError: "the server rejected the client certificate: \(text)")
        }
        if entries.isEmpty || !reasons.isDisjoint(with: Self.protocolReasons) {
            // SSL_ERROR_SYSCALL with an empty queue is EOF from the memory BIO's point of view.
            return TLSError(failure: .protocolError, openSSLError: text.isEmpty ? "the peer did not complete a TLS handshake (SSL error \(sslError))" : text)
        }
        return TLSError(failure: .handshakeFailed, openSSLError: text)
    }

    private func classifyPostHandshakeFailure(sslError: Int32) -> TLSError {
        let entries = OpenSSLErrors.drainEntries()
        let text = entries.map(\.text).joined(separator: "; ")
        let reasons = Set(entries.map(\.reason))
        if connection.isClient && connection.certificateRequested
            && !reasons.isDisjoint(with: Self.clientCertificateAlerts) {
            return TLSError(failure: .clientCertificateRequired, openSSLError: text, report: currentReportForError)
        }
        return TLSError(failure: .protocolError, openSSLError: text.isEmpty ? "TLS error \(sslError) after the handshake" : text,
                        report: currentReportForError)
    }

    private var currentReportForError: TLSSessionReport? {
        if case .confirming(let r) = state { return r }
        return report
    }

    /// X509_V_ERR_* → the closed reason set.
    static func failure(forVerifyError code: Int) -> TLSFailure {
        switch Int32(code) {
        case X509_V_ERR_CERT_HAS_EXPIRED, X509_V_ERR_CRL_HAS_EXPIRED:
            return .expired
        case X509_V_ERR_CERT_NOT_YET_VALID, X509_V_ERR_CRL_NOT_YET_VALID:
            return .notYetValid
        case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT, X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY,
             X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE, X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT,
             X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN, X509_V_ERR_CERT_UNTRUSTED, X509_V_ERR_CERT_REJECTED:
            return .unknownIssuer
        case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
            return .nameMismatch
        default:
            return .handshakeFailed
        }
    }
}

@available(*, unavailable)
extension TLSHandler: Sendable {}
