/* Compiled shims for libosip2: these need a .c file because they keep state (the trace sink)
 * or format a va_list, which a Swift closure cannot receive. */
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <time.h>
#include <sys/time.h>
#include <osipparser2/osip_port.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_message.h>
#include "COSIPShims.h"

static COSIPShims_log_sink_t trace_sink;

static void trace_trampoline(const char *file, int line, osip_trace_level_t level, const char *fmt, va_list ap) {
    if (trace_sink == NULL) return;
    char text[1024];
    vsnprintf(text, sizeof text, fmt, ap);
    trace_sink((int)level, file, line, text);
}

void COSIPShims_trace_install(COSIPShims_log_sink_t sink) {
    trace_sink = sink;
    /* Replaces the default sink (stdout) for every level; with a NULL sink the trampoline drops all. */
    osip_trace_initialize_func(END_TRACE_LEVEL, trace_trampoline);
}

typedef int (*to_str_fn)(const void *, char **);

static int visit_list(osip_list_t *list, const char *name, to_str_fn to_str,
                      COSIPShims_header_visitor_t visit, void *context) {
    int pos = 0;
    while (!osip_list_eol(list, pos)) {
        void *element = osip_list_get(list, pos);
        char *value = NULL;
        if (to_str(element, &value) != OSIP_SUCCESS || value == NULL) return -1;
        visit(context, name, value);
        osip_free(value);
        pos++;
    }
    return 0;
}

static int visit_one(void *element, const char *name, to_str_fn to_str,
                     COSIPShims_header_visitor_t visit, void *context) {
    if (element == NULL) return 0;
    char *value = NULL;
    if (to_str(element, &value) != OSIP_SUCCESS || value == NULL) return -1;
    visit(context, name, value);
    osip_free(value);
    return 0;
}

#define LIST(field, name, fn) \
    if (visit_list(&m->field, name, (to_str_fn)fn, visit, context) != 0) return -1
#define ONE(field, name, fn) \
    if (visit_one(m->field, name, (to_str_fn)fn, visit, context) != 0) return -1

int COSIPShims_message_foreach_header(void *message, COSIPShims_header_visitor_t visit, void *context) {
    osip_message_t *m = (osip_message_t *)message;
    LIST(vias, "Via", osip_via_to_str);
    ONE(from, "From", osip_from_to_str);
    ONE(to, "To", osip_from_to_str);
    ONE(call_id, "Call-ID", osip_call_id_to_str);
    ONE(cseq, "CSeq", osip_cseq_to_str);
    LIST(contacts, "Contact", osip_contact_to_str);
    LIST(record_routes, "Record-Route", osip_from_to_str);
    LIST(routes, "Route", osip_from_to_str);
    LIST(accepts, "Accept", osip_accept_to_str);
    LIST(accept_encodings, "Accept-Encoding", osip_accept_encoding_to_str);
    LIST(accept_languages, "Accept-Language", osip_accept_encoding_to_str);
    LIST(alert_infos, "Alert-Info", osip_call_info_to_str);
    LIST(allows, "Allow", osip_content_length_to_str);
    LIST(authentication_infos, "Authentication-Info", osip_authentication_info_to_str);
    LIST(authorizations, "Authorization", osip_authorization_to_str);
    LIST(call_infos, "Call-Info", osip_call_info_to_str);
    LIST(content_encodings, "Content-Encoding", osip_content_length_to_str);
    ONE(content_type, "Content-Type", osip_content_type_to_str);
    LIST(error_infos, "Error-Info", osip_call_info_to_str);
    ONE(mime_version, "Mime-Version", osip_content_length_to_str);
    LIST(proxy_authenticates, "Proxy-Authenticate", osip_www_authenticate_to_str);
    LIST(proxy_authentication_infos, "Proxy-Authentication-Info", osip_authentication_info_to_str);
    LIST(proxy_authorizations, "Proxy-Authorization", osip_authorization_to_str);
    LIST(www_authenticates, "WWW-Authenticate", osip_www_authenticate_to_str);
    ONE(content_length, "Content-Length", osip_content_length_to_str);
    /* Other headers keep the name as received; osip lowercases nothing here. */
    int pos = 0;
    while (!osip_list_eol(&m->headers, pos)) {
        osip_header_t *h = (osip_header_t *)osip_list_get(&m->headers, pos);
        if (h != NULL && h->hname != NULL) visit(context, h->hname, h->hvalue != NULL ? h->hvalue : "");
        pos++;
    }
    return 0;
}
