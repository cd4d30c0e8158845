#include "CCurl.h"
#include <dlfcn.h>
#include <pthread.h>
#include <stddef.h>

/* The libcurl entry points, resolved once by CCurl_load. */
static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    void (*easy_cleanup)(CURL *);
    CURLcode (*easy_perform)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
} curl;
static const char *load_error = NULL;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *lib = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) { load_error = dlerror(); return; }
#define CCURL_SYMBOL(field, name) \
    *(void **)(&curl.field) = dlsym(lib, name); \
    if (curl.field == NULL) { load_error = "libcurl.so.4 lacks " name; curl.global_init = NULL; return; }
    CCURL_SYMBOL(easy_init, "curl_easy_init")
    CCURL_SYMBOL(easy_cleanup, "curl_easy_cleanup")
    CCURL_SYMBOL(easy_perform, "curl_easy_perform")
    CCURL_SYMBOL(easy_strerror, "curl_easy_strerror")
    CCURL_SYMBOL(slist_append, "curl_slist_append")
    CCURL_SYMBOL(slist_free_all, "curl_slist_free_all")
    CCURL_SYMBOL(easy_setopt, "curl_easy_setopt")
    CCURL_SYMBOL(easy_getinfo, "curl_easy_getinfo")
    CCURL_SYMBOL(global_init, "curl_global_init")
#undef CCURL_SYMBOL
}

/* 1 when every entry point is there. global_init is resolved last, so it doubles as the flag. */
static int loaded(void) {
    pthread_once(&load_once, load);
    return curl.global_init != NULL;
}

const char *CCurl_load_error(void) { return loaded() ? NULL : load_error; }
CURLcode CCurl_global_init(long flags) { return loaded() ? curl.global_init(flags) : CURLE_FAILED_INIT; }
CURL *CCurl_easy_init(void) { return loaded() ? curl.easy_init() : NULL; }
void CCurl_easy_cleanup(CURL *h) { if (loaded()) curl.easy_cleanup(h); }
CURLcode CCurl_easy_perform(CURL *h) { return loaded() ? curl.easy_perform(h) : CURLE_FAILED_INIT; }
const char *CCurl_easy_strerror(CURLcode code) {
    return loaded() ? curl.easy_strerror(code) : "libcurl could not be loaded";
}
struct curl_slist *CCurl_slist_append(struct curl_slist *list, const char *line) {
    return loaded() ? curl.slist_append(list, line) : NULL;
}
void CCurl_slist_free_all(struct curl_slist *list) { if (loaded()) curl.slist_free_all(list); }

/* A handle exists only after CCurl_easy_init succeeded, so libcurl is loaded in all of these. */
CURLcode CCurl_easy_setopt_long(CURL *h, CURLoption o, long v) { return curl.easy_setopt(h, o, v); }
CURLcode CCurl_easy_setopt_string(CURL *h, CURLoption o, const char *v) { return curl.easy_setopt(h, o, v); }
CURLcode CCurl_easy_setopt_pointer(CURL *h, CURLoption o, void *v) { return curl.easy_setopt(h, o, v); }
CURLcode CCurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v) { return curl.easy_setopt(h, o, v); }
CURLcode CCurl_easy_setopt_off_t(CURL *h, CURLoption o, curl_off_t v) { return curl.easy_setopt(h, o, v); }
CURLcode CCurl_easy_setopt_write_callback(CURL *h, CURLoption o, curl_write_callback cb) { return curl.easy_setopt(h, o, cb); }
CURLcode CCurl_easy_getinfo_long(CURL *h, CURLINFO i, long *out) { return curl.easy_getinfo(h, i, out); }
CURLcode CCurl_easy_getinfo_double(CURL *h, CURLINFO i, double *out) { return curl.easy_getinfo(h, i, out); }
CURLcode CCurl_easy_getinfo_string(CURL *h, CURLINFO i, char **out) { return curl.easy_getinfo(h, i, out); }
