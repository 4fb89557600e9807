/* schema_sql_print.c — `rowtap --schema=sql`: the DDL of the pgsql sink's tables, printed
 * without connecting to a server. */
#include <string.h>

#include "schema_sql.h"

/* The value of a pgsql sink option, or `fallback` when the sink is not loaded or it is unset. */
static const char *sink_option(const rt_module *pgsql, const char *key, const char *fallback)
{
    const char *value = pgsql ? rt_option_string(pgsql, key) : NULL;
    return value ? value : fallback;
}

/* Sets `out` to the quoted form of a table name option (NUL-terminated); -1 with a message when
 * it does not parse. */
static int quoted_option_name(rt_buffer *out, const char *text, char *err, size_t err_size)
{
    schema_sql_name name;
    if (schema_sql_parse_name(text, &name, err, err_size) < 0)
        return -1;
    out->len = 0;
    schema_sql_append_name(out, &name);
    buffer_append(out, "", 1);
    return 0;
}

/* Prints the table of one stream and, unless it is created, the recommended key. */
static int print_stream_table(FILE *out, const rt_schema *schema, const char *name_option, int primary_key,
                              rt_buffer *name, rt_buffer *ddl, char *err, size_t err_size)
{
    schema_sql_table table;
    if (quoted_option_name(name, name_option, err, err_size) < 0
        || schema_sql_table_build(&table, schema, err, err_size) < 0)
        return -1;
    ddl->len = 0;
    schema_sql_create_table(ddl, (const char *)name->data, &table, primary_key);
    fprintf(out, "\n-- %s: one row per %s\n%.*s", rt_stream_name(schema->stream),
            schema->stream == RT_STREAM_FLOWS ? "flow direction" : "packet", (int)ddl->len, (const char *)ddl->data);
    const char *key[4];
    unsigned n_key = schema_sql_key_columns(&table, key);
    if (n_key && !primary_key) {
        fprintf(out, "-- recommended key (pgsql.primaryKey=true creates it): ALTER TABLE %s ADD PRIMARY KEY (",
                (const char *)name->data);
        for (unsigned i = 0; i < n_key; i++)
            fprintf(out, "%s%s", i ? ", " : "", key[i]);
        fputs(");\n", out);
    }
    schema_sql_table_free(&table);
    return 0;
}

int schema_sql_print(FILE *out, const rt_schema *const schemas[RT_STREAM_COUNT], rt_module *const *sinks,
                     size_t n_sinks, char *err, size_t err_size)
{
    const rt_module *pgsql = NULL;
    for (size_t i = 0; i < n_sinks; i++)
        if (strcmp(rt_module_name(sinks[i]), "pgsql") == 0)
            pgsql = sinks[i];
    int primary_key = pgsql && rt_option_bool(pgsql, "primaryKey");
    rt_buffer name = { 0 }, ddl = { 0 };
    int rc = 0;
    fputs("-- PostgreSQL tables of the rowtap pgsql sink (types and conventions: schema/pgsql.md)\n", out);
    if (print_stream_table(out, schemas[RT_STREAM_FLOWS], sink_option(pgsql, "table.flows", SCHEMA_SQL_DEFAULT_FLOWS),
                           primary_key, &name, &ddl, err, err_size) < 0
        || (schemas[RT_STREAM_PACKETS]
            && print_stream_table(out, schemas[RT_STREAM_PACKETS],
                                  sink_option(pgsql, "table.packets", SCHEMA_SQL_DEFAULT_PACKETS), primary_key, &name,
                                  &ddl, err, err_size) < 0)
        || quoted_option_name(&name, sink_option(pgsql, "table.progress", SCHEMA_SQL_DEFAULT_PROGRESS), err,
                              err_size) < 0) {
        rc = -1;
    } else {
        ddl.len = 0;
        schema_sql_create_progress(&ddl, (const char *)name.data);
        fprintf(out, "\n-- load progress: one row per committed transaction (exactly-once reloads)\n%.*s",
                (int)ddl.len, (const char *)ddl.data);
    }
    buffer_free(&name);
    buffer_free(&ddl);
    return rc;
}
