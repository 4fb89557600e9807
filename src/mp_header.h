/* mp_header.h — reading the header of a msgpack stream file (schema/msgpack.md §2) into a schema
 * that the row decoder (mp_row.h), the text renderer and the JSON renderer work with. */
#ifndef ROWTAP_MP_HEADER_H
#define ROWTAP_MP_HEADER_H

#include "mp_reader.h"
#include "schema_registry.h"

/* Everything the header says. Strings are NULL when the optional key is missing. */
typedef struct mp_header {
    unsigned version;
    rt_stream stream;
    int time_digits;          /* 6 (time_precision "us") or 9 ("ns") */
    char hash_hex[17];
    char *producer;
    int has_sensor_id;
    uint64_t sensor_id;
    char *run_id;
    char *command_line;
    int has_start_time;
    int64_t start_time;       /* ns since the Unix epoch */
    unsigned n_plugins;
    char **plugin_names, **plugin_versions;
    unsigned n_columns;
    rt_column *columns;       /* name, type, repeated, parts, description: owned */
    char **owners;            /* the "plugin" of each column ("" when missing) */
    schema_registry registry;
    const rt_schema *schema;  /* the columns as a schema, valid until mp_header_free */
} mp_header;

/* Most columns and most compound parts a header may declare. */
#define MP_HEADER_MAX_COLUMNS 65535u
#define MP_HEADER_MAX_PARTS 32u

/* Reads the header object at the reader's position; the whole object must be in the range
 * (mp_reader_skip succeeded on it). Returns 0, or -1 with "byte N: <problem>" in err; h is then
 * already freed. */
int mp_header_read(mp_reader *r, mp_header *h, char *err, size_t err_size);
void mp_header_free(mp_header *h);

#endif
