/* schema_sql.h — the PostgreSQL form of the stream schemas (schema/pgsql.md): table column names
 * and types from the type catalog, identifier and literal quoting, table names given as options,
 * and the CREATE TABLE statements. Used by `rowtap --schema=sql` and by the pgsql sink, so both
 * produce the same DDL; needs no libpq. */
#ifndef ROWTAP_SCHEMA_SQL_H
#define ROWTAP_SCHEMA_SQL_H

#include <stddef.h>
#include <stdio.h>

#include "buffer.h"
#include "rowtap/module.h"
#include "rowtap/schema.h"

/* Longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes); longer names are refused. */
#define SCHEMA_SQL_NAME_MAX 63

/* Table names used when the pgsql sink's options are not set (pgsql.table.*). */
#define SCHEMA_SQL_DEFAULT_FLOWS "flows"
#define SCHEMA_SQL_DEFAULT_PACKETS "packets"
#define SCHEMA_SQL_DEFAULT_PROGRESS "rowtap_progress"

/* Where the values of a table column come from. */
typedef enum schema_sql_origin {
    SCHEMA_SQL_SENSOR_ID, /* "sensor_id" bigint: rt_run.sensor_id */
    SCHEMA_SQL_RUN_ID,    /* "run_id" text: rt_run.run_id */
    SCHEMA_SQL_VALUE      /* a schema column, or one part of a compound column */
} schema_sql_origin;

/* One column of a table. */
typedef struct schema_sql_column {
    char name[SCHEMA_SQL_NAME_MAX + 1]; /* lower-case rowtap name; compound parts get "_1", "_2", ... */
    schema_sql_origin origin;
    unsigned source;  /* SCHEMA_SQL_VALUE: index in rt_schema.columns */
    unsigned part;    /* SCHEMA_SQL_VALUE: 0-based part of a compound column, else 0 */
    unsigned n_parts; /* SCHEMA_SQL_VALUE: parts of the source column (1 when not a compound) */
    rt_type type;     /* catalog type of the values (RT_I64 for sensor_id, RT_S for run_id) */
    int array;        /* the source column is repeated: a one-dimensional array */
} schema_sql_column;

/* The table of one stream: the two load-identity columns, then the schema's columns in order
 * with compound columns split into one column per part. */
typedef struct schema_sql_table {
    const rt_schema *schema;
    schema_sql_column *columns;
    unsigned n_columns;
} schema_sql_table;

/* Builds the table of `schema`. Returns 0, or -1 with a message in err when two columns get the
 * same name or a name is longer than PostgreSQL allows. */
int schema_sql_table_build(schema_sql_table *table, const rt_schema *schema, char *err, size_t err_size);
void schema_sql_table_free(schema_sql_table *table);

/* The PostgreSQL type of a column as created: the catalog's pgtype, with "[]" when repeated. */
size_t schema_sql_column_type(const schema_sql_column *column, char *out, size_t out_size);

/* Appends `ident` as a double-quoted identifier ("" inside). */
void schema_sql_quote_ident(rt_buffer *out, const char *ident);
/* Appends `text` as a string literal that reads the same whatever standard_conforming_strings is. */
void schema_sql_quote_literal(rt_buffer *out, const char *text);

/* A table name given as "[schema.]table": each part bare (folded to lower case, as SQL does with
 * unquoted names; any character but '.' allowed) or double-quoted (kept as written, "" for a
 * quote). schema is "" when not given. */
typedef struct schema_sql_name {
    char schema[SCHEMA_SQL_NAME_MAX + 1];
    char table[SCHEMA_SQL_NAME_MAX + 1];
} schema_sql_name;

/* Parses a table name option. Returns 0, or -1 with a message in err. */
int schema_sql_parse_name(const char *text, schema_sql_name *out, char *err, size_t err_size);
/* Appends the quoted, schema-qualified form of the name. */
void schema_sql_append_name(rt_buffer *out, const schema_sql_name *name);

/* Names of the columns of the recommended primary key of a stream's table (sensor_id, run_id,
 * then flowind and dir, or pktno); returns their number, 0 when the schema lacks those columns. */
unsigned schema_sql_key_columns(const schema_sql_table *table, const char *names[4]);

/* Appends CREATE TABLE IF NOT EXISTS for the table called `quoted_name` (already quoted), with
 * the recommended primary key when `primary_key` (and the key columns exist), followed by one
 * COMMENT ON COLUMN per schema column. Every statement ends with ";\n". */
void schema_sql_create_table(rt_buffer *out, const char *quoted_name, const schema_sql_table *table,
                             int primary_key);
/* Appends CREATE TABLE IF NOT EXISTS for the load progress table (schema/pgsql.md). */
void schema_sql_create_progress(rt_buffer *out, const char *quoted_name);

/* `rowtap --schema=sql`: prints the DDL of the flow table, of the packet table when
 * schemas[RT_STREAM_PACKETS] is set, and of the progress table. Table names and the primary-key
 * choice come from the options of the pgsql sink when it is among `sinks`, else the defaults.
 * Returns 0, or -1 with a message in err. */
int schema_sql_print(FILE *out, const rt_schema *const schemas[RT_STREAM_COUNT], rt_module *const *sinks,
                     size_t n_sinks, char *err, size_t err_size);

#endif
