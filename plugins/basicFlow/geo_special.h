/* geo_special.h — the built-in table of special-purpose address ranges (T2-COMPAT §6.1). */
#ifndef BASICFLOW_GEO_SPECIAL_H
#define BASICFLOW_GEO_SPECIAL_H

#include <stdint.h>

/* One special-purpose range: network in CIDR notation, two-digit code, lower-case label. */
typedef struct geo_special_range {
    const char *network;
    const char *code;
    const char *label;
} geo_special_range;

/* The range with the longest prefix that holds the address (version 4: 4 bytes, 6: 16 bytes),
 * or NULL for a public address. */
const geo_special_range *geo_special_find(int version, const uint8_t *addr);

#endif
