/* schema_sql.c — PostgreSQL tables from stream schemas: names, types, quoting and DDL text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "schema_sql.h"

static void append_text(rt_buffer *out, const char *text)
{
    buffer_append(out, text, strlen(text));
}

static void append_char(rt_buffer *out, char c)
{
    buffer_append(out, &c, 1);
}

/* Copies `len` bytes of `name` folded to lower case, then `suffix`; -1 when too long. */
static int fold_name(char out[SCHEMA_SQL_NAME_MAX + 1], const char *name, size_t len, const char *suffix)
{
    if (len + strlen(suffix) > SCHEMA_SQL_NAME_MAX)
        return -1;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)name[i]);
    strcpy(out + len, suffix);
    return 0;
}

int schema_sql_table_build(schema_sql_table *t, const rt_schema *schema, char *err, size_t err_size)
{
    memset(t, 0, sizeof *t);
    unsigned n = 2;
    for (unsigned i = 0; i < schema->n_columns; i++) {
        const rt_column *c = schema->columns[i].column;
        n += c->type == RT_COMPOUND ? c->n_parts : 1;
    }
    t->schema = schema;
    t->columns = calloc(n, sizeof *t->columns);
    if (!t->columns) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    t->columns[0] = (schema_sql_column){ "sensor_id", SCHEMA_SQL_SENSOR_ID, 0, 0, 1, RT_I64, 0 };
    t->columns[1] = (schema_sql_column){ "run_id", SCHEMA_SQL_RUN_ID, 0, 0, 1, RT_S, 0 };
    t->n_columns = 2;
    for (unsigned i = 0; i < schema->n_columns; i++) {
        const rt_column *c = schema->columns[i].column;
        unsigned parts = c->type == RT_COMPOUND ? c->n_parts : 1;
        for (unsigned p = 0; p < parts; p++) {
            schema_sql_column *col = &t->columns[t->n_columns];
            char suffix[16] = "";
            if (c->type == RT_COMPOUND)
                snprintf(suffix, sizeof suffix, "_%u", p + 1);
            if (fold_name(col->name, c->name, strlen(c->name), suffix) < 0) {
                snprintf(err, err_size, "%s column '%s%s' is longer than PostgreSQL's %d-byte names",
                         rt_stream_name(schema->stream), c->name, suffix, SCHEMA_SQL_NAME_MAX);
                schema_sql_table_free(t);
                return -1;
            }
            col->origin = SCHEMA_SQL_VALUE;
            col->source = i;
            col->part = p;
            col->n_parts = parts;
            col->type = c->type == RT_COMPOUND ? c->parts[p] : c->type;
            col->array = c->repeated != 0;
            for (unsigned k = 0; k < t->n_columns; k++)
                if (strcmp(t->columns[k].name, col->name) == 0) {
                    snprintf(err, err_size, "%s column '%s' would be the PostgreSQL column \"%s\", which %s",
                             rt_stream_name(schema->stream), c->name, col->name,
                             t->columns[k].origin == SCHEMA_SQL_VALUE ? "another column also becomes"
                                                                      : "the sink uses to identify the load");
                    schema_sql_table_free(t);
                    return -1;
                }
            t->n_columns++;
        }
    }
    return 0;
}

void schema_sql_table_free(schema_sql_table *t)
{
    free(t->columns);
    memset(t, 0, sizeof *t);
}

size_t schema_sql_column_type(const schema_sql_column *column, char *out, size_t out_size)
{
    int n = snprintf(out, out_size, "%s%s", rt_type_get(column->type)->pgtype, column->array ? "[]" : "");
    return n < 0 ? 0 : (size_t)n;
}

void schema_sql_quote_ident(rt_buffer *out, const char *ident)
{
    append_char(out, '"');
    for (const char *p = ident; *p; p++) {
        if (*p == '"')
            append_char(out, '"');
        append_char(out, *p);
    }
    append_char(out, '"');
}

void schema_sql_quote_literal(rt_buffer *out, const char *text)
{
    if (strchr(text, '\\'))
        append_char(out, 'E');
    append_char(out, '\'');
    for (const char *p = text; *p; p++) {
        if (*p == '\'' || *p == '\\')
            append_char(out, *p);
        append_char(out, *p);
    }
    append_char(out, '\'');
}

/* Reads one part of a table name up to '.' or the end; returns the position after it or NULL. */
static const char *parse_name_part(const char *p, char out[SCHEMA_SQL_NAME_MAX + 1], const char *whole, char *err,
                                   size_t err_size)
{
    size_t len = 0;
    if (*p == '"') {
        for (p++;; p++) {
            if (!*p) {
                snprintf(err, err_size, "table name '%s': a double quote is not closed", whole);
                return NULL;
            }
            if (*p == '"' && p[1] != '"')
                break;
            if (*p == '"')
                p++;
            if (len == SCHEMA_SQL_NAME_MAX)
                goto too_long;
            out[len++] = *p;
        }
        p++;
        if (*p && *p != '.') {
            snprintf(err, err_size, "table name '%s': a quoted name must be followed by '.' or end the name", whole);
            return NULL;
        }
    } else {
        for (; *p && *p != '.'; p++) {
            if (len == SCHEMA_SQL_NAME_MAX)
                goto too_long;
            out[len++] = (char)tolower((unsigned char)*p);
        }
    }
    if (len == 0) {
        snprintf(err, err_size, "table name '%s' has an empty part", whole);
        return NULL;
    }
    out[len] = '\0';
    return p;
too_long:
    snprintf(err, err_size, "table name '%s': a part is longer than PostgreSQL's %d-byte names", whole,
             SCHEMA_SQL_NAME_MAX);
    return NULL;
}

int schema_sql_parse_name(const char *text, schema_sql_name *out, char *err, size_t err_size)
{
    memset(out, 0, sizeof *out);
    char first[SCHEMA_SQL_NAME_MAX + 1];
    const char *p = parse_name_part(text, first, text, err, err_size);
    if (!p)
        return -1;
    if (!*p) {
        strcpy(out->table, first);
        return 0;
    }
    p = parse_name_part(p + 1, out->table, text, err, err_size);
    if (!p)
        return -1;
    if (*p) {
        snprintf(err, err_size, "table name '%s': give at most schema.table (quote a name that contains '.')", text);
        return -1;
    }
    strcpy(out->schema, first);
    return 0;
}

void schema_sql_append_name(rt_buffer *out, const schema_sql_name *name)
{
    if (name->schema[0]) {
        schema_sql_quote_ident(out, name->schema);
        append_char(out, '.');
    }
    schema_sql_quote_ident(out, name->table);
}

static const schema_sql_column *find_plain_column(const schema_sql_table *t, const char *name)
{
    for (unsigned i = 0; i < t->n_columns; i++)
        if (strcmp(t->columns[i].name, name) == 0 && !t->columns[i].array && t->columns[i].n_parts == 1)
            return &t->columns[i];
    return NULL;
}

unsigned schema_sql_key_columns(const schema_sql_table *t, const char *names[4])
{
    static const char *const flow_key[] = { "flowind", "dir", NULL }, *const packet_key[] = { "pktno", NULL };
    const char *const *key = t->schema->stream == RT_STREAM_FLOWS ? flow_key : packet_key;
    unsigned n = 0;
    names[n++] = "sensor_id";
    names[n++] = "run_id";
    for (; *key; key++) {
        if (!find_plain_column(t, *key))
            return 0;
        names[n++] = *key;
    }
    return n;
}

/* The COMMENT text of a table column. */
static void column_comment(char *out, size_t out_size, const schema_sql_table *t, const schema_sql_column *c)
{
    if (c->origin == SCHEMA_SQL_SENSOR_ID) {
        snprintf(out, out_size, "Sensor ID of the run (rowtap -x)");
        return;
    }
    if (c->origin == SCHEMA_SQL_RUN_ID) {
        snprintf(out, out_size, "Run that loaded the row: <sensor>-<start time>-<process ID>");
        return;
    }
    const rt_schema_column *sc = &t->schema->columns[c->source];
    char code[128];
    rt_column_type_code(sc->column, code, sizeof code);
    const char *desc = sc->column->description ? sc->column->description : "";
    if (c->n_parts > 1)
        snprintf(out, out_size, "%s (%s %s %s, part %u of %u: %s)", desc, sc->owner, sc->column->name, code,
                 c->part + 1, c->n_parts, rt_type_get(c->type)->code);
    else
        snprintf(out, out_size, "%s (%s %s %s)", desc, sc->owner, sc->column->name, code);
}

void schema_sql_create_table(rt_buffer *out, const char *quoted_name, const schema_sql_table *t, int primary_key)
{
    char type[64];
    append_text(out, "CREATE TABLE IF NOT EXISTS ");
    append_text(out, quoted_name);
    append_text(out, " (\n");
    for (unsigned i = 0; i < t->n_columns; i++) {
        append_text(out, "    ");
        schema_sql_quote_ident(out, t->columns[i].name);
        append_char(out, ' ');
        schema_sql_column_type(&t->columns[i], type, sizeof type);
        append_text(out, type);
        if (t->columns[i].origin != SCHEMA_SQL_VALUE)
            append_text(out, " NOT NULL");
        if (i + 1 < t->n_columns)
            append_text(out, ",\n");
    }
    const char *key[4];
    unsigned n_key = primary_key ? schema_sql_key_columns(t, key) : 0;
    if (n_key) {
        append_text(out, ",\n    PRIMARY KEY (");
        for (unsigned i = 0; i < n_key; i++) {
            if (i)
                append_text(out, ", ");
            schema_sql_quote_ident(out, key[i]);
        }
        append_char(out, ')');
    }
    append_text(out, "\n);\n");
    for (unsigned i = 0; i < t->n_columns; i++) {
        char comment[512];
        column_comment(comment, sizeof comment, t, &t->columns[i]);
        append_text(out, "COMMENT ON COLUMN ");
        append_text(out, quoted_name);
        append_char(out, '.');
        schema_sql_quote_ident(out, t->columns[i].name);
        append_text(out, " IS ");
        schema_sql_quote_literal(out, comment);
        append_text(out, ";\n");
    }
}

void schema_sql_create_progress(rt_buffer *out, const char *quoted_name)
{
    append_text(out, "CREATE TABLE IF NOT EXISTS ");
    append_text(out, quoted_name);
    append_text(out, " (\n"
                     "    \"run_id\" text NOT NULL,\n"
                     "    \"stream\" text NOT NULL,\n"
                     "    \"batch_seq\" bigint NOT NULL,\n"
                     "    \"table_name\" text NOT NULL,\n"
                     "    \"rows_loaded\" bigint NOT NULL,\n"
                     "    \"rows_rejected\" bigint NOT NULL,\n"
                     "    \"sensor_id\" bigint NOT NULL,\n"
                     "    \"committed_at\" timestamptz NOT NULL DEFAULT now(),\n"
                     "    PRIMARY KEY (\"run_id\", \"table_name\", \"stream\", \"batch_seq\")\n"
                     ");\n");
}
