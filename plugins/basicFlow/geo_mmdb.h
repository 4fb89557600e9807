/* geo_mmdb.h — looking addresses up in MaxMind-format (.mmdb) databases (T2-COMPAT §6.2). Built
 * on libmaxminddb; without it (configure found no libmaxminddb) opening a database fails with
 * a message saying so. */
#ifndef BASICFLOW_GEO_MMDB_H
#define BASICFLOW_GEO_MMDB_H

#include <stdint.h>

#include <rowtap/rowtap.h>

/* An open database. */
typedef struct geo_mmdb geo_mmdb;

/* What to read from a database record. */
typedef enum geo_mmdb_field {
    GEO_MMDB_COUNTRY,       /* country.iso_code, else registered_country.iso_code */
    GEO_MMDB_ORGANISATION   /* autonomous_system_organization */
} geo_mmdb_field;

/* Opens the database `path`, named by the option `option` (e.g. "basicFlow.countryDb") in
 * messages. Returns NULL after logging an error with rt_log_error. */
geo_mmdb *geo_mmdb_open(const rt_module *self, const char *option, const char *path);

/* Looks `field` up for an address (version 4: 4 bytes, 6: 16 bytes). Returns 1 and sets
 * *text and *len to the value with ASCII letters in lower case (valid until geo_mmdb_close), or 0
 * when the database has no value. A failed lookup (corrupt database) also returns 0 and is
 * logged as an error once per database. */
int geo_mmdb_lookup(geo_mmdb *db, geo_mmdb_field field, int version, const uint8_t *addr,
                    const char **text, uint32_t *len);

void geo_mmdb_close(geo_mmdb *db);

#endif
