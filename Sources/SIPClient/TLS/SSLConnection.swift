internal import COpenSSL
import NIOCore

/// One `SSL` over two memory BIOs: ciphertext from the network goes into `rbio`, ciphertext for
/// the network comes out of `wbio`. No socket is involved, so no call here can block
/// (RFC-agnostic plumbing; the shape of swift-nio-ssl's SSLConnection/ByteBufferBIO).
///
/// Confined to the event loop of the channel that owns the `TLSHandler`.
final class SSLConnection {
    let ssl: OpaquePointer
    private let rbio: OpaquePointer
    private let wbio: OpaquePointer
    /// Keeps the SSL_CTX alive as long as the SSL (SSL_new takes a reference too; this documents it).
    let context: OpenSSLContext

    enum Outcome {
        case complete
        case wantRead
        /// `SSL_get_error` code; the thread's error queue still holds the details.
        case failed(Int32)
    }

    enum ReadOutcome {
        case data(Int)
        case wantRead
        case closeNotify
        case failed(Int32)
    }

    init(context: OpenSSLContext, sniHostName: String?) throws {
        self.context = context
        guard let ssl = SSL_new(context.ctx) else {
            throw TLSConfigurationError("SSL_new failed: \(OpenSSLErrors.drain())")
        }
        guard let rbio = BIO_new(BIO_s_mem()), let wbio = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw TLSConfigurationError("BIO_new failed")
        }
        // An empty read BIO means "no data yet" (retry), not EOF: EOF is signalled by the channel.
        _ = COpenSSL_BIO_set_mem_eof_return(rbio, -1)
        _ = COpenSSL_BIO_set_mem_eof_return(wbio, -1)
        SSL_set_bio(ssl, rbio, wbio)        // the SSL owns both BIOs from here
        self.ssl = ssl; self.rbio = rbio; self.wbio = wbio

        if context.configuration.role == .client {
            SSL_set_connect_state(ssl)
            // RFC 6066 §3: HostName is a DNS name; literal IPv4/IPv6 addresses are not permitted.
            if let sniHostName {
                _ = COpenSSL_SSL_set_tlsext_host_name(ssl, sniHostName)
            }
            COpenSSL_SSL_install_cert_request_probe(ssl)
        } else {
            SSL_set_accept_state(ssl)
        }
    }

    deinit { SSL_free(ssl) }

    var isClient: Bool { context.configuration.role == .client }

    /// Ciphertext received from the network.
    func consume(_ buffer: ByteBuffer) {
        buffer.withUnsafeReadableBytes { raw in
            guard raw.count > 0 else { return }
            _ = BIO_write(rbio, raw.baseAddress, Int32(raw.count))
        }
    }

    /// Ciphertext OpenSSL produced for the network, if any.
    func takeOutbound(allocator: ByteBufferAllocator) -> ByteBuffer? {
        let pending = COpenSSL_BIO_pending(wbio)
        guard pending > 0 else { return nil }
        var buffer = allocator.buffer(capacity: pending)
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: pending) { raw in
            let n = BIO_read(wbio, raw.baseAddress, Int32(min(raw.count, Int(Int32.max))))
            return max(0, Int(n))
        }
        return buffer
    }

    func handshake() -> Outcome {
        ERR_clear_error()   // the error queue is per thread, shared by every channel on this loop
        let rc = SSL_do_handshake(ssl)
        if rc == 1 { return .complete }
        let err = SSL_get_error(ssl, rc)
        switch err {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .wantRead
        default: return .failed(err)
        }
    }

    /// Decrypts into `buffer`'s writable space.
    func read(into buffer: inout ByteBuffer, maximum: Int = 16_384) -> ReadOutcome {
        ERR_clear_error()
        var rc: Int32 = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: maximum) { raw in
            rc = SSL_read(ssl, raw.baseAddress, Int32(min(raw.count, maximum)))
            return rc > 0 ? Int(rc) : 0
        }
        if rc > 0 { return .data(Int(rc)) }
        let err = SSL_get_error(ssl, rc)
        switch err {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: return .wantRead
        case SSL_ERROR_ZERO_RETURN: return .closeNotify
        default: return .failed(err)
        }
    }

    /// Encrypts all of `buffer`. Memory BIOs grow, so SSL_write never wants to write; it may only fail.
    func write(_ buffer: ByteBuffer) -> Outcome {
        var failure: Int32?
        buffer.withUnsafeReadableBytes { raw in
            var offset = 0
            while offset < raw.count {
                ERR_clear_error()
                let rc = SSL_write(ssl, raw.baseAddress! + offset, Int32(min(raw.count - offset, Int(Int32.max))))
                if rc <= 0 { failure = SSL_get_error(ssl, rc); return }
                offset += Int(rc)
            }
        }
        if let failure { return .failed(failure) }
        return .complete
    }

    /// Queues a close_notify alert (RFC 8446 §6.1, RFC 5246 §7.2.1). We do not wait for the peer's
    /// reply: the initiator of a closure need not (RFC 8446 §6.1).
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(ssl)
        ERR_clear_error()
    }

    var protocolVersion: String { String(cString: SSL_get_version(ssl)) }
    var isTLS13: Bool { SSL_version(ssl) == TLS1_3_VERSION }
    var cipher: String {
        guard let c = SSL_get_current_cipher(ssl) else { return "" }
        return String(cString: SSL_CIPHER_get_name(c))
    }
    var verifyResultCode: Int { Int(SSL_get_verify_result(ssl)) }
    var verifyResultText: String { String(cString: X509_verify_cert_error_string(SSL_get_verify_result(ssl))) }
    /// The peer's leaf certificate, borrowed from the SSL (also after a failed chain verification).
    var peerCertificate: OpaquePointer? { COpenSSL_SSL_peer_leaf(ssl) }
    /// Client: the server sent a CertificateRequest.
    var certificateRequested: Bool { isClient && COpenSSL_SSL_cert_request_seen(ssl) != 0 }
    /// Client: a certificate is configured and the server asked for one, so it was sent.
    var certificateSent: Bool {
        isClient ? certificateRequested && SSL_get_certificate(ssl) != nil : peerCertificate != nil
    }
    /// Server: the SNI the client sent.
    var receivedServerName: String? {
        guard let p = SSL_get_servername(ssl, Int32(TLSEXT_NAMETYPE_host_name)) else { return nil }
        return String(cString: p)
    }
}
