#ifndef COSIPSHIMS_H
#define COSIPSHIMS_H
#include <stddef.h>

/// Receives one formatted libosip2 trace line. `level` is osip's trace level (0 = fatal … 7 = info4).
typedef void (*COSIPShims_log_sink_t)(int level, const char *file, int line, const char *message);

/// Routes libosip2's trace output (stdout by default in Debian's build) to `sink`, or drops it when NULL.
/// Must run before the first parse; OSIPRuntime calls it exactly once.
void COSIPShims_trace_install(COSIPShims_log_sink_t sink);

/// Receives one header of a parsed message: its canonical name and its value as osip serializes it.
typedef void (*COSIPShims_header_visitor_t)(void *context, const char *name, const char *value);

/// Visits every header of `message` (an `osip_message_t *`), typed lists first, then the others.
/// Returns 0, or -1 when a header could not be serialized.
int COSIPShims_message_foreach_header(void *message, COSIPShims_header_visitor_t visit, void *context);

#endif
