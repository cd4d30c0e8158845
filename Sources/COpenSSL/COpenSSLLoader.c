#include "COpenSSL.h"
#include "COpenSSLLoader.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sonames of the OpenSSL the headers belong to (3.x), so a binary built against them never binds
   to another major version. */
#define COPENSSL_STR2(x) #x
#define COPENSSL_STR(x) COPENSSL_STR2(x)
#define COPENSSL_SONAME(lib) "lib" lib ".so." COPENSSL_STR(OPENSSL_VERSION_MAJOR)

static void *libcrypto;
static void *libssl;
static const char *load_error;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    /* RTLD_LOCAL: their symbols stay out of the global scope, where the definitions of
       COpenSSLFunctions.c would otherwise meet them. */
    libcrypto = dlopen(COPENSSL_SONAME("crypto"), RTLD_NOW | RTLD_LOCAL);
    if (libcrypto != NULL) libssl = dlopen(COPENSSL_SONAME("ssl"), RTLD_NOW | RTLD_LOCAL);
    if (libcrypto == NULL || libssl == NULL) load_error = dlerror();
}

void *COpenSSL_resolve(const char *name) {
    pthread_once(&load_once, load);
    if (load_error != NULL) {
        fprintf(stderr, "trunkprobe: cannot load OpenSSL (%s): %s\n", COPENSSL_SONAME("ssl"), load_error);
        exit(3);
    }
    void *fn = dlsym(libssl, name);
    if (fn == NULL) fn = dlsym(libcrypto, name);
    if (fn == NULL) {
        fprintf(stderr, "trunkprobe: %s lacks %s\n", COPENSSL_SONAME("ssl"), name);
        exit(3);
    }
    return fn;
}

/* Variadic, so not generated: the key types COpenSSL.h asks for, each with its one extra argument. */
EVP_PKEY *EVP_PKEY_Q_keygen(OSSL_LIB_CTX *libctx, const char *propq, const char *type, ...) {
    __typeof__(&EVP_PKEY_Q_keygen) fn = COPENSSL_FUNCTION(EVP_PKEY_Q_keygen);
    va_list args;
    va_start(args, type);
    EVP_PKEY *key = NULL;
    if (strcmp(type, "RSA") == 0) {
        size_t bits = va_arg(args, size_t);
        key = fn(libctx, propq, type, bits);
    } else if (strcmp(type, "EC") == 0) {
        const char *curve = va_arg(args, const char *);
        key = fn(libctx, propq, type, curve);
    }
    va_end(args);
    return key;
}
