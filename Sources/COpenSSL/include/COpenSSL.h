#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
/* OpenSSL as Swift sees it: the library headers, plus inline wrappers for what Swift cannot call (macros,
   variadics, STACK_OF accessors). trunkprobe does not link libssl or libcrypto: every OpenSSL function it
   calls is defined in COpenSSLFunctions.c and opens them on first use (COpenSSLLoader.c). A function newly
   called here or from Swift needs `python3 scripts/openssl-stubs.py`; until then the link fails. */
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

/* SSL_ctrl / BIO_ctrl macros that Swift cannot see. */
static inline long COpenSSL_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int v) { return SSL_CTX_set_min_proto_version(ctx, v); }
static inline long COpenSSL_SSL_CTX_set_mode(SSL_CTX *ctx, long m) { return SSL_CTX_set_mode(ctx, m); }
static inline long COpenSSL_SSL_set_tlsext_host_name(SSL *s, const char *name) { return SSL_set_tlsext_host_name(s, name); }
static inline size_t COpenSSL_BIO_pending(BIO *b) { return BIO_pending(b); }
static inline long COpenSSL_BIO_set_mem_eof_return(BIO *b, int v) { return BIO_set_mem_eof_return(b, v); }

/* ---- TLS transport (Sources/SIPClient/TLS) ---- */

/* SSL_CTX_set_max_proto_version is an SSL_ctrl macro; tests use it to force TLS 1.2. */
static inline long COpenSSL_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int v) { return SSL_CTX_set_max_proto_version(ctx, v); }
static inline long COpenSSL_SSL_CTX_set_session_cache_off(SSL_CTX *ctx) { return SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF); }

/* Whether the peer sent a CertificateRequest (client side). OpenSSL calls the cert_cb when a
   CertificateRequest arrives (TLS 1.2 and 1.3), whether or not a certificate is configured; the
   flag lives in the SSL's app data slot (index 0) so no Swift context has to cross into C. */
static int COpenSSL_cert_request_seen_cb(SSL *s, void *arg) {
    (void)arg;
    SSL_set_ex_data(s, 0, (void *)1);
    return 1;
}
static inline void COpenSSL_SSL_install_cert_request_probe(SSL *s) { SSL_set_cert_cb(s, COpenSSL_cert_request_seen_cb, NULL); }
static inline int COpenSSL_SSL_cert_request_seen(const SSL *s) { return SSL_get_ex_data(s, 0) != NULL; }

/* STACK_OF(GENERAL_NAME) accessors are macros in OpenSSL 3.0. */
static inline GENERAL_NAMES *COpenSSL_X509_get_SANs(X509 *x) { return (GENERAL_NAMES *)X509_get_ext_d2i(x, NID_subject_alt_name, NULL, NULL); }
static inline int COpenSSL_GENERAL_NAMES_count(const GENERAL_NAMES *g) { return sk_GENERAL_NAME_num(g); }
static inline int COpenSSL_GENERAL_NAMES_type_at(const GENERAL_NAMES *g, int i) { return sk_GENERAL_NAME_value(g, i)->type; }
/* The IA5String (dNSName, URI) or OCTET STRING (iPAddress) of entry i; NULL for other types. */
static inline const ASN1_STRING *COpenSSL_GENERAL_NAMES_string_at(const GENERAL_NAMES *g, int i) {
    const GENERAL_NAME *n = sk_GENERAL_NAME_value(g, i);
    switch (n->type) {
    case GEN_DNS: return n->d.dNSName;
    case GEN_URI: return n->d.uniformResourceIdentifier;
    case GEN_IPADD: return n->d.iPAddress;
    default: return NULL;
    }
}
static inline void COpenSSL_GENERAL_NAMES_free(GENERAL_NAMES *g) { GENERAL_NAMES_free(g); }
static inline int COpenSSL_GEN_DNS(void) { return GEN_DNS; }
static inline int COpenSSL_GEN_URI(void) { return GEN_URI; }
static inline int COpenSSL_GEN_IPADD(void) { return GEN_IPADD; }

/* The peer's leaf certificate, also when the handshake failed in chain verification (OpenSSL 3.0
   stores session->peer only after verification succeeds, but keeps the received chain). */
static inline X509 *COpenSSL_SSL_peer_leaf(const SSL *s) {
    X509 *x = SSL_get0_peer_certificate(s);
    if (x != NULL) return x;
    STACK_OF(X509) *chain = SSL_get_peer_cert_chain(s);
    return (chain != NULL && sk_X509_num(chain) > 0) ? sk_X509_value(chain, 0) : NULL;
}

/* RFC 2253 rendering of a name ("CN=trunk.test,O=Example"); XN_FLAG_RFC2253 is a composite macro. */
static inline int COpenSSL_X509_NAME_print_rfc2253(BIO *b, const X509_NAME *n) { return X509_NAME_print_ex(b, n, 0, XN_FLAG_RFC2253); }
/* BIO_get_mem_data is a BIO_ctrl macro. */
static inline long COpenSSL_BIO_get_mem_data(BIO *b, char **p) { return BIO_get_mem_data(b, p); }

/* EVP_EC_gen / EVP_RSA_gen are variadic macros over EVP_PKEY_Q_keygen. */
static inline EVP_PKEY *COpenSSL_generate_ec_p256(void) { return EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256"); }
static inline EVP_PKEY *COpenSSL_generate_rsa(size_t bits) { return EVP_PKEY_Q_keygen(NULL, NULL, "RSA", bits); }
/* X509V3_set_ctx_nodb is a macro. */
static inline void COpenSSL_X509V3_set_ctx_nodb(X509V3_CTX *c) { X509V3_set_ctx_nodb(c); }

#endif
