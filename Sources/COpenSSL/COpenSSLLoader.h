#ifndef COPENSSL_LOADER_H
#define COPENSSL_LOADER_H
/* libssl and libcrypto are opened with dlopen on first use, not linked: a probe that never speaks TLS or
   answers a digest challenge (most OPTIONS) does not map, relocate and initialise them at every start
   (docs/benchmarks.md, "Start-up"). COpenSSLFunctions.c defines every function trunkprobe calls with the
   headers' prototype; each resolves its entry point once, through COpenSSL_resolve. */

/* The entry point NAME in libssl or libcrypto. Opens both on the first call; if either cannot be opened or
   lacks NAME, prints one line and exits with 3 (UNKNOWN): the process cannot go on without it. */
void *COpenSSL_resolve(const char *name);

/* The function NAME, resolved on its first call and kept in a per-function slot. */
#define COPENSSL_FUNCTION(name) \
    (__extension__({ \
        static __typeof__(&name) slot; \
        __typeof__(&name) fn = __atomic_load_n(&slot, __ATOMIC_ACQUIRE); \
        if (fn == 0) { \
            fn = (__typeof__(&name))COpenSSL_resolve(#name); \
            __atomic_store_n(&slot, fn, __ATOMIC_RELEASE); \
        } \
        fn; \
    }))

#endif
