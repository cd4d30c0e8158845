#ifndef COSIP_SHIM_H
#define COSIP_SHIM_H
/* osip_time.h and friends use time_t / struct timeval without including their headers
 * so these come first. Only the parser library is used: the
 * transaction layer is ours (Swift state machines), not osip2's fsm. */
#include <time.h>
#include <sys/time.h>
#include <stdlib.h>
#include <osipparser2/osip_port.h>
#include <osipparser2/osip_parser.h>
#include <osipparser2/osip_message.h>
#include <osipparser2/osip_uri.h>
#include <osipparser2/sdp_message.h>

/// `osip_free` is a macro over the global `osip_free_func`, which Swift 6 may not touch.
static inline void COSIP_osip_free(void *p) { osip_free(p); }

/// `osip_strdup` result for the setters that take ownership of their argument.
static inline char *COSIP_osip_strdup(const char *s) { return osip_strdup(s); }

/// `osip_message_set_max_forwards` is a macro over `osip_message_set_header`.
static inline int COSIP_osip_message_set_max_forwards(osip_message_t *m, const char *v) {
    return osip_message_set_header(m, "Max-Forwards", v);
}

/// `MSG_IS_RESPONSE` is a macro.
static inline int COSIP_msg_is_response(const osip_message_t *m) { return m->status_code != 0; }

#endif
