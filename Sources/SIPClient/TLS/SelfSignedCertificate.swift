internal import COpenSSL
import Foundation

/// A key pair and a self-signed certificate made in memory with libcrypto, for the responder when
/// no `--cert` is given. Clients must probe it with `--insecure` or with `--ca-file` set to
/// `certificatePEM` written to a file (a self-signed leaf is its own trust anchor).
///
/// The certificate names `name` in the subject CN and as a dNSName SAN (or iPAddress SAN for an IP
/// literal), plus a `sip:` URI SAN for a domain (RFC 5922 §7.1), and is valid from one hour ago
/// (clock skew) for `days` days. Extended key usage allows both serverAuth and clientAuth so the
/// same pair can also act as a test client certificate.
public struct SelfSignedCertificate: Sendable {
    public enum KeyType: Sendable { case ecP256, rsa(bits: Int) }

    public let name: String
    public let certificatePEM: String
    public let privateKeyPEM: String

    public init(name: String, keyType: KeyType = .ecP256, days: Int = 365) throws {
        precondition(OpenSSLRuntime.ready)
        self.name = name
        let keyOrNil: OpaquePointer?
        switch keyType {
        case .ecP256: keyOrNil = COpenSSL_generate_ec_p256()
        case .rsa(let bits): keyOrNil = COpenSSL_generate_rsa(bits)
        }
        guard let key = keyOrNil else { throw TLSConfigurationError("key generation failed: \(OpenSSLErrors.drain())") }
        defer { EVP_PKEY_free(key) }
        guard let x509 = X509_new() else { throw TLSConfigurationError("X509_new failed") }
        defer { X509_free(x509) }

        func check(_ ok: Bool, _ what: String) throws {
            if !ok { throw TLSConfigurationError("\(what) failed: \(OpenSSLErrors.drain())") }
        }
        try check(X509_set_version(x509, 2) == 1, "X509_set_version")   // v3, needed for extensions
        // A random positive 64-bit serial (RFC 5280 §4.1.2.2: unique per issuer, at most 20 octets).
        var serialBytes = [UInt8](repeating: 0, count: 8)
        try check(RAND_bytes(&serialBytes, 8) == 1, "RAND_bytes")
        serialBytes[0] &= 0x7f
        guard let bn = BN_bin2bn(serialBytes, 8, nil) else { throw TLSConfigurationError("BN_bin2bn failed") }
        defer { BN_free(bn) }
        try check(BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x509)) != nil, "serial number")
        try check(X509_gmtime_adj(X509_getm_notBefore(x509), -3600) != nil, "notBefore")
        try check(X509_gmtime_adj(X509_getm_notAfter(x509), days * 86_400) != nil, "notAfter")
        try check(X509_set_pubkey(x509, key) == 1, "X509_set_pubkey")

        guard let subject = X509_get_subject_name(x509) else { throw TLSConfigurationError("no subject name") }
        let cn = String(name.prefix(64))   // ub-common-name (RFC 5280 Appendix A)
        try check(X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_ASC, cn, -1, -1, 0) == 1, "subject CN")
        try check(X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_ASC, "trunkprobe responder (self-signed)", -1, -1, 0) == 1, "subject O")
        try check(X509_set_issuer_name(x509, subject) == 1, "issuer name")

        let isIP = TLSIdentity.isIPLiteral(name)
        let host = isIP ? TLSIdentity.canonicalIP(name) : name
        let san = isIP ? "IP:\(host)" : "DNS:\(host), URI:sip:\(host)"
        var v3 = X509V3_CTX()
        COpenSSL_X509V3_set_ctx_nodb(&v3)
        X509V3_set_ctx(&v3, x509, x509, nil, nil, 0)
        for (nid, value) in [(NID_subject_alt_name, san),
                             (NID_basic_constraints, "critical,CA:FALSE"),
                             (NID_key_usage, "critical,digitalSignature,keyEncipherment"),
                             (NID_ext_key_usage, "serverAuth,clientAuth"),
                             (NID_subject_key_identifier, "hash")] {
            guard let ext = X509V3_EXT_conf_nid(nil, &v3, nid, value) else {
                throw TLSConfigurationError("extension \(value) failed: \(OpenSSLErrors.drain())")
            }
            defer { X509_EXTENSION_free(ext) }
            try check(X509_add_ext(x509, ext, -1) != 0, "X509_add_ext")
        }
        try check(X509_sign(x509, key, EVP_sha256()) > 0, "X509_sign")

        guard let certPEM = PEM.string({ PEM_write_bio_X509($0, x509) }),
              let keyPEM = PEM.string({ PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }) else {
            throw TLSConfigurationError("PEM encoding failed: \(OpenSSLErrors.drain())")
        }
        self.certificatePEM = certPEM
        self.privateKeyPEM = keyPEM
    }

    /// Writes the certificate and key to `directory` (key mode 0600); returns their paths.
    public func write(to directory: URL, baseName: String = "responder") throws -> (certificate: URL, privateKey: URL) {
        let cert = directory.appendingPathComponent("\(baseName).crt")
        let key = directory.appendingPathComponent("\(baseName).key")
        try certificatePEM.write(to: cert, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: key.path, contents: Data(privateKeyPEM.utf8),
                                       attributes: [.posixPermissions: 0o600])
        return (cert, key)
    }
}
