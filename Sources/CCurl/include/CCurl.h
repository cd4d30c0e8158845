#ifndef CCURL_H
#define CCURL_H
#include <curl/curl.h>

/* libcurl is opened with dlopen on first use instead of being linked: its dependency chain (GnuTLS, Kerberos,
 * LDAP, libssh2, p11-kit, …) costs several milliseconds of loading and constructors at every start of the
 * binary, and only the API commands use it (docs/benchmarks.md). Each entry point below loads it once; if it
 * cannot be loaded, CCurl_global_init returns CURLE_FAILED_INIT and CCurl_load_error says why.
 *
 * curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot call: one typed entry point per
 * argument kind, as swift-corelibs-foundation's CFURLSessionInterface does. */
const char *CCurl_load_error(void);
CURLcode CCurl_global_init(long flags);
CURL *CCurl_easy_init(void);
void CCurl_easy_cleanup(CURL *h);
CURLcode CCurl_easy_perform(CURL *h);
const char *CCurl_easy_strerror(CURLcode code);
struct curl_slist *CCurl_slist_append(struct curl_slist *list, const char *line);
void CCurl_slist_free_all(struct curl_slist *list);

CURLcode CCurl_easy_setopt_long(CURL *h, CURLoption o, long v);
CURLcode CCurl_easy_setopt_string(CURL *h, CURLoption o, const char *v);
CURLcode CCurl_easy_setopt_pointer(CURL *h, CURLoption o, void *v);
CURLcode CCurl_easy_setopt_slist(CURL *h, CURLoption o, struct curl_slist *v);
CURLcode CCurl_easy_setopt_off_t(CURL *h, CURLoption o, curl_off_t v);
CURLcode CCurl_easy_setopt_write_callback(CURL *h, CURLoption o, curl_write_callback cb);
CURLcode CCurl_easy_getinfo_long(CURL *h, CURLINFO i, long *out);
CURLcode CCurl_easy_getinfo_double(CURL *h, CURLINFO i, double *out);
CURLcode CCurl_easy_getinfo_string(CURL *h, CURLINFO i, char **out);

#endif
