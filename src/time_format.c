/* time_format.c — seconds with fraction and readable UTC dates. */
#include <inttypes.h>
#include <stdio.h>
#include <time.h>

#include "time_format.h"

size_t time_format_seconds(char *out, size_t out_size, int64_t ns, int digits)
{
    uint64_t mag = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    uint64_t frac = mag % 1000000000u;
    if (digits == 6)
        frac /= 1000;
    int n = snprintf(out, out_size, "%s%" PRIu64 ".%0*" PRIu64, ns < 0 ? "-" : "", mag / 1000000000u, digits, frac);
    return n < 0 ? 0 : (size_t)n;
}

size_t time_format_utc(char *out, size_t out_size, int64_t ns)
{
    time_t secs = (time_t)(ns >= 0 ? ns / 1000000000 : (ns + 1) / 1000000000 - 1);
    struct tm tm;
    if (!gmtime_r(&secs, &tm))
        return (size_t)snprintf(out, out_size, "(date out of range)");
    return strftime(out, out_size, "%a %d %b %Y %H:%M:%S", &tm);
}
