internal import COpenSSL

/// libssl's process-wide initialisation, run once, before any context exists (OpenSSL 1.1+ `OPENSSL_init_ssl`).
enum OpenSSLRuntime {
    /// OpenSSL 3 initialises itself lazily too, but doing it once up front makes the error strings
    /// available for `TLSError.openSSLError` and keeps the first handshake off the init path.
    static let ready: Bool = {
        OPENSSL_init_ssl(UInt64(OPENSSL_INIT_LOAD_SSL_STRINGS), nil) == 1
    }()
}

/// Owns an `SSL_CTX`: protocol floor, trust store, verification mode and credentials.
///
/// Built once per configuration and shared by the handlers of every connection that uses it.
/// - Note: `@unchecked Sendable` because an `SSL_CTX` is immutable here after `init` and OpenSSL
///   documents `SSL_new` on a configured context as thread-safe (the context is reference counted
///   and locked internally). Nothing mutates it after construction; the `SSL` objects made from it
///   are confined to one channel's event loop.
public final class OpenSSLContext: @unchecked Sendable {
    let ctx: OpaquePointer
    public let configuration: TLSConfiguration
    /// Whether a certificate is loaded (client: mutual TLS available).
    let hasCredentials: Bool

    /// Builds the context. Throws `TLSConfigurationError` when a file cannot be read or the key does
    /// not belong to the certificate: a usage error, raised before anything is sent.
    public init(configuration: TLSConfiguration) throws {
        precondition(OpenSSLRuntime.ready, "OPENSSL_init_ssl failed")
        self.configuration = configuration
        let method = configuration.role == .client ? TLS_client_method() : TLS_server_method()
        guard let ctx = SSL_CTX_new(method) else {
            throw TLSConfigurationError("SSL_CTX_new failed: \(OpenSSLErrors.drain())")
        }
        self.ctx = ctx
        self.hasCredentials = configuration.credentials != nil
        // From here on `deinit` frees ctx if a later step throws.

        func version(_ v: TLSConfiguration.ProtocolVersion) -> Int32 {
            v == .tls12 ? TLS1_2_VERSION : TLS1_3_VERSION
        }
        guard COpenSSL_SSL_CTX_set_min_proto_version(ctx, version(configuration.minimumVersion)) == 1 else {
            throw TLSConfigurationError("cannot set the minimum TLS version: \(OpenSSLErrors.drain())")
        }
        if let max = configuration.maximumVersion {
            guard COpenSSL_SSL_CTX_set_max_proto_version(ctx, version(max)) == 1 else {
                throw TLSConfigurationError("cannot set the maximum TLS version: \(OpenSSLErrors.drain())")
            }
        }
        // Memory BIOs: let SSL_write return after a partial record and accept a moved buffer, as
        // NIO hands us different ByteBuffers for retries.
        _ = COpenSSL_SSL_CTX_set_mode(ctx, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER))
        // A probe makes one connection per attempt: resumption would hide the certificate on the next one.
        _ = COpenSSL_SSL_CTX_set_session_cache_off(ctx)

        switch configuration.role {
        case .client:
            try loadTrust(configuration.caFile)
            // Chain verification happens inside the handshake so that a bad chain aborts it with an
            // alert; the name is checked by TLSHandler afterwards so that a name mismatch is reported
            // as such, not as a chain error (architecture: TLS identity).
            SSL_CTX_set_verify(ctx, configuration.insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nil)
        case .server:
            guard configuration.credentials != nil else {
                throw TLSConfigurationError("a TLS server needs a certificate and key (--cert/--key) or a self-signed pair")
            }
            if configuration.verifyClientCertificates {
                try loadTrust(configuration.caFile)
                if let caFile = configuration.caFile, let names = SSL_load_client_CA_file(caFile) {
                    SSL_CTX_set_client_CA_list(ctx, names)    // tells clients which certificate to pick
                }
                SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nil)
            } else {
                SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nil)
            }
        }
        if let credentials = configuration.credentials { try loadCredentials(credentials) }
    }

    deinit { SSL_CTX_free(ctx) }

    private func loadTrust(_ caFile: String?) throws {
        if let caFile {
            guard SSL_CTX_load_verify_locations(ctx, caFile, nil) == 1 else {
                throw TLSConfigurationError("cannot load CA file \(caFile): \(OpenSSLErrors.drain())")
            }
        } else if SSL_CTX_set_default_verify_paths(ctx) != 1 {
            throw TLSConfigurationError("cannot load the system trust store: \(OpenSSLErrors.drain())")
        }
    }

    private func loadCredentials(_ credentials: TLSConfiguration.Credentials) throws {
        switch credentials {
        case .files(let certificate, let privateKey):
            guard SSL_CTX_use_certificate_chain_file(ctx, certificate) == 1 else {
                throw TLSConfigurationError("cannot load certificate \(certificate): \(OpenSSLErrors.drain())")
            }
            guard SSL_CTX_use_PrivateKey_file(ctx, privateKey, SSL_FILETYPE_PEM) == 1 else {
                throw TLSConfigurationError("cannot load private key \(privateKey): \(OpenSSLErrors.drain())")
            }
        case .pem(let certificate, let privateKey):
            let x509 = try PEM.readCertificate(certificate)
            defer { X509_free(x509) }
            guard SSL_CTX_use_certificate(ctx, x509) == 1 else {
                throw TLSConfigurationError("cannot use the certificate: \(OpenSSLErrors.drain())")
            }
            let key = try PEM.readPrivateKey(privateKey)
            defer { EVP_PKEY_free(key) }
            guard SSL_CTX_use_PrivateKey(ctx, key) == 1 else {
                throw TLSConfigurationError("cannot use the private key: \(OpenSSLErrors.drain())")
            }
        }
        guard SSL_CTX_check_private_key(ctx) == 1 else {
            throw TLSConfigurationError("the private key does not match the certificate: \(OpenSSLErrors.drain())")
        }
    }
}

/// PEM text in and out of memory BIOs.
enum PEM {
    static func readCertificate(_ pem: String) throws -> OpaquePointer {
        try withMemBIO(pem) { bio in
            guard let x = PEM_read_bio_X509(bio, nil, nil, nil) else {
                throw TLSConfigurationError("not a PEM certificate: \(OpenSSLErrors.drain())")
            }
            return x
        }
    }

    static func readPrivateKey(_ pem: String) throws -> OpaquePointer {
        try withMemBIO(pem) { bio in
            guard let k = PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
                throw TLSConfigurationError("not a PEM private key: \(OpenSSLErrors.drain())")
            }
            return k
        }
    }

    private static func withMemBIO<T>(_ text: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        var bytes = Array(text.utf8)
        return try bytes.withUnsafeMutableBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else {
                throw TLSConfigurationError("BIO_new_mem_buf failed")
            }
            defer { BIO_free(bio) }
            return try body(bio)
        }
    }

    /// Everything written to a fresh memory BIO by `body`, as a string.
    static func string(_ body: (OpaquePointer) -> Int32) -> String? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard body(bio) > 0 else { return nil }
        var ptr: UnsafeMutablePointer<CChar>?
        let len = COpenSSL_BIO_get_mem_data(bio, &ptr)
        guard let ptr, len > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: len), as: UTF8.self)
    }
}

/// OpenSSL's thread-local error queue, rendered and emptied.
enum OpenSSLErrors {
    struct Entry { var code: UInt; var reason: Int32; var text: String }

    static func drainEntries() -> [Entry] {
        var out: [Entry] = []
        while true {
            let e = ERR_get_error()
            if e == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(e, &buf, buf.count)
            let text = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            out.append(Entry(code: e, reason: ERR_GET_REASON(e), text: text))
        }
        return out
    }

    static func drain() -> String { drainEntries().map(\.text).joined(separator: "; ") }
}
