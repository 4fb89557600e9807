/* time_format.h — text forms of times used in reports and file headers. */
#ifndef ROWTAP_TIME_FORMAT_H
#define ROWTAP_TIME_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* "<seconds>.<fraction>" with `digits` (6 or 9) fraction digits; '-' for negative values. */
size_t time_format_seconds(char *out, size_t out_size, int64_t ns, int digits);
/* "Www DD Mon YYYY HH:MM:SS" in UTC. */
size_t time_format_utc(char *out, size_t out_size, int64_t ns);

#endif
