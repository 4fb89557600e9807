/* builtin_sinks.h — sinks compiled into the rowtap binary. */
#ifndef ROWTAP_BUILTIN_SINKS_H
#define ROWTAP_BUILTIN_SINKS_H

#include <stddef.h>

#include "rowtap/sink.h"

/* The built-in sink called `name`, or NULL. */
const rt_sink *builtin_sink_find(const char *name);
/* The built-in sink at `index` (0, 1, ...), NULL past the last one. */
const rt_sink *builtin_sink_at(size_t index);

#endif
