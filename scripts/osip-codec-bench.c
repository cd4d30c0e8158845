/* Baseline for `make bench`: build, serialize and parse an OPTIONS with libosip2 in plain C,
 * the same header set the Swift layer sends (Sources/Probes/Options/OptionsProbe.swift).
 * `read-back` also reads the Request-URI and every header back as strings, through the same shim
 * (Sources/COSIPShims) the Swift layer uses: that is the same job the Swift layer does. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/time.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_port.h>
#include "COSIPShims.h"

static int read_back; /* 1: read every header back as strings, as the Swift layer does */
static size_t sink_total;
static void visit(void *ctx, const char *name, const char *value) { (void)ctx; char *n = strdup(name), *v = strdup(value); sink_total += strlen(n) + strlen(v); free(n); free(v); }

static void silence(const char *f, int l, osip_trace_level_t lv, const char *fmt, va_list ap) { (void)f; (void)l; (void)lv; (void)fmt; (void)ap; }

static int once(void) {
    osip_message_t *m;
    osip_uri_t *u;
    char *buf = NULL;
    size_t len = 0;
    if (osip_message_init(&m) != 0) return -1;
    osip_message_set_method(m, osip_strdup("OPTIONS"));
    osip_message_set_version(m, osip_strdup("SIP/2.0"));
    osip_uri_init(&u);
    osip_uri_parse(u, "sip:127.0.0.1:5060");
    osip_message_set_uri(m, u);
    osip_message_set_via(m, "SIP/2.0/UDP 127.0.0.1:40000;branch=z9hG4bKabcdefghijklmnop;rport");
    osip_message_set_header(m, "Max-Forwards", "70");
    osip_message_set_from(m, "<sip:trunkprobe@127.0.0.1>;tag=abcdefghij");
    osip_message_set_to(m, "<sip:127.0.0.1:5060>");
    osip_message_set_call_id(m, "abcdefghijklmnopqrst@127.0.0.1");
    osip_message_set_cseq(m, "1 OPTIONS");
    osip_message_set_contact(m, "<sip:trunkprobe@127.0.0.1:40000>");
    osip_message_set_accept(m, "application/sdp");
    osip_message_set_header(m, "User-Agent", "trunkprobe/0.1.0");
    osip_message_set_content_length(m, "0");
    if (osip_message_to_str(m, &buf, &len) != 0) return -1;
    osip_message_free(m);
    osip_message_t *p;
    osip_message_init(&p);
    int rc = osip_message_parse(p, buf, len);
    if (rc == 0 && read_back) {
        char *uri = NULL;
        osip_uri_to_str(p->req_uri, &uri);
        osip_free(uri);
        rc = COSIPShims_message_foreach_header(p, visit, NULL);
    }
    osip_free(buf);
    osip_message_free(p);
    return rc;
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    read_back = argc > 2 && strcmp(argv[2], "read-back") == 0;
    parser_init();
    osip_trace_initialize_func(END_TRACE_LEVEL, silence);
    for (int i = 0; i < 1000; i++) once();
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) if (once() != 0) { fprintf(stderr, "failed\n"); return 1; }
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / n;
    printf("%.0f\n", ns);
    return 0;
}
