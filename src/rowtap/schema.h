/* rowtap/schema.h — the ordered column list of one stream, as merged by the core from its own
 * columns and the loaded plugins' declarations. Sinks serialize exactly this list. */
#ifndef ROWTAP_SCHEMA_H
#define ROWTAP_SCHEMA_H

#include "types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* One column of a stream's schema. */
typedef struct rt_schema_column {
    const rt_column *column; /* the declaration (name, type, repeated, parts, description) */
    const char *owner;       /* "core" or the declaring plugin's name */
    unsigned number;         /* 1-based position in the stream */
} rt_schema_column;

/* The schema of one stream. Immutable once the run has started; sinks may keep pointers to it
 * until their close callback returns. */
typedef struct rt_schema {
    rt_stream stream;
    unsigned n_columns;
    const rt_schema_column *columns;
    uint64_t hash;     /* FNV-1a 64 over names, type codes, repeated flags and parts */
    char hash_hex[17]; /* the hash as 16 lower-case hex digits */
} rt_schema;

/* Type code of a column as written to _headers.txt: "U16", "MAC:R", "H8_H32", "U16_U16:R". */
size_t rt_column_type_code(const rt_column *column, char *out, size_t out_size);

#ifdef __cplusplus
}
#endif
#endif
