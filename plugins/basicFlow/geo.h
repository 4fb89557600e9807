/* geo.h — geolocation of one address for basicFlow (T2-COMPAT §6): the special-purpose range
 * table first, then the country and organisation databases, '-' for what stays unknown. */
#ifndef BASICFLOW_GEO_H
#define BASICFLOW_GEO_H

#include <stdint.h>

#include <rowtap/rowtap.h>

#include "geo_mmdb.h"

/* The answer for one address: code (srcIPCC/dstIPCC) and organisation or label
 * (srcIPWho/dstIPWho). The texts stay valid until geo_close; they are not NUL-terminated. */
typedef struct geo_answer {
    const char *code;
    const char *who;
    uint32_t code_len;
    uint32_t who_len;
} geo_answer;

/* The configured databases (each NULL when its option is unset). */
typedef struct geo {
    geo_mmdb *country;
    geo_mmdb *organisation;
} geo;

/* Opens the databases named by the options (NULL or "" = not configured). Returns 0, or -1
 * after logging an error naming the file (nothing stays open then). */
int geo_open(geo *g, const rt_module *self, const char *country_db, const char *organisation_db);

/* Geolocates an address (version 4: 4 bytes, 6: 16 bytes). */
void geo_lookup(geo *g, int version, const uint8_t *addr, geo_answer *out);

/* The answer of a non-IP flow, and of anything unknown: "-" and "-". */
void geo_unknown(geo_answer *out);

void geo_close(geo *g);

#endif
