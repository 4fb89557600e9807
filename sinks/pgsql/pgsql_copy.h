/* pgsql_copy.h — rows in PostgreSQL's binary COPY format (schema/pgsql.md), encoded straight from
 * row batches into one growing buffer: no allocation per row or value. */
#ifndef ROWTAP_PGSQL_COPY_H
#define ROWTAP_PGSQL_COPY_H

#include <stdint.h>

#include "buffer.h"
#include "rowtap/sink.h"
#include "schema_sql.h"

/* How the values of one table column are encoded; chosen from the column's actual type. */
typedef enum pgsql_enc {
    PGSQL_ENC_INT2,      /* integers and bit fields: int2, int4 or int8 */
    PGSQL_ENC_INT4,
    PGSQL_ENC_INT8,      /* also TS and DUR as nanoseconds into a bigint column */
    PGSQL_ENC_FLOAT4,
    PGSQL_ENC_FLOAT8,    /* D, or F widened */
    PGSQL_ENC_TEXT,      /* S, SC, C: UTF-8 with NUL and malformed bytes as '.' */
    PGSQL_ENC_TIMESTAMP, /* TS: microseconds since 2000-01-01 UTC (timestamptz or timestamp) */
    PGSQL_ENC_INTERVAL,  /* DUR: interval of microseconds */
    PGSQL_ENC_MACADDR,
    PGSQL_ENC_INET,      /* IP4, IP6, IPX (no address: NULL) */
    PGSQL_ENC_BYTEA
} pgsql_enc;

/* Object IDs of the built-in types the sink writes (fixed by PostgreSQL). */
enum {
    PGSQL_OID_BYTEA = 17, PGSQL_OID_INT8 = 20, PGSQL_OID_INT2 = 21, PGSQL_OID_INT4 = 23, PGSQL_OID_TEXT = 25,
    PGSQL_OID_FLOAT4 = 700, PGSQL_OID_FLOAT8 = 701, PGSQL_OID_MACADDR = 829, PGSQL_OID_INET = 869,
    PGSQL_OID_BPCHAR = 1042, PGSQL_OID_VARCHAR = 1043, PGSQL_OID_TIMESTAMP = 1114, PGSQL_OID_TIMESTAMPTZ = 1184,
    PGSQL_OID_INTERVAL = 1186
};

/* One table column: where its values come from and how they are encoded. */
typedef struct pgsql_field {
    const schema_sql_column *column;
    pgsql_enc enc;
    uint32_t elem_oid; /* arrays: the column's element type, written into every array value */
} pgsql_field;

/* The encoding of every column of a stream's table. */
typedef struct pgsql_plan {
    const schema_sql_table *table;
    pgsql_field *fields;   /* table->n_columns entries, in table order */
    rt_buffer row_prefix;  /* what every row starts with: field count, sensor_id, run_id */
} pgsql_plan;

/* End offsets of the rows in a COPY buffer (row i spans ends[i-1] or the header, to ends[i]). */
typedef struct pgsql_row_ends {
    size_t *at;
    size_t n, cap;
} pgsql_row_ends;

/* Bytes of the binary COPY header (signature, flags, extension length) and of the trailer. */
#define PGSQL_COPY_HEADER_SIZE 19
#define PGSQL_COPY_TRAILER_SIZE 2
extern const uint8_t pgsql_copy_header[PGSQL_COPY_HEADER_SIZE];
extern const uint8_t pgsql_copy_trailer[PGSQL_COPY_TRAILER_SIZE];

/* Prepares a plan for `table` (fields still to be chosen by the caller) with the row prefix
 * of this run. Returns 0, or -1 when out of memory. */
int pgsql_plan_init(pgsql_plan *plan, const schema_sql_table *table, uint64_t sensor_id, const char *run_id);
void pgsql_plan_free(pgsql_plan *plan);

/* Appends every row of `batch` (whose schema is plan->table->schema) and records the end offset
 * of each row in `ends`. */
void pgsql_copy_batch(rt_buffer *out, pgsql_row_ends *ends, const pgsql_plan *plan, const rt_batch *batch);
void pgsql_row_ends_free(pgsql_row_ends *ends);

/* Makes room for item n of an array of *cap items (doubling it); exits when memory is exhausted. */
void pgsql_copy_grow(void **items, size_t *cap, size_t n, size_t item_size);

/* Copies n bytes of text, replacing NUL and every byte that is not part of a well-formed UTF-8
 * sequence by '.'; the output has the same length. */
void pgsql_copy_utf8(uint8_t *dst, const uint8_t *src, size_t n);

#endif
