/* pgsql_table.c — before any row is sent: creating a missing table, checking an existing one
 * column by column, adding missing columns on request, and choosing each column's encoding from
 * its actual type (schema/pgsql.md, "Existing tables"). */
#include <stdlib.h>
#include <string.h>

#include "pgsql_stream.h"

/* Serializes rowtap's DDL among loaders sharing a database (the key is "rowtap" in ASCII). */
static const char ddl_lock[] = "SELECT pg_advisory_xact_lock(125823071052144)";

/* The integer types: the smallest PostgreSQL integer (in bytes) that holds all their values. */
static const struct {
    rt_type type;
    unsigned bytes;
} integer_types[] = {
    { RT_I8, 2 }, { RT_U8, 2 }, { RT_H8, 2 }, { RT_I16, 2 }, { RT_U16, 4 }, { RT_H16, 4 },
    { RT_I32, 4 }, { RT_U32, 8 }, { RT_H32, 8 }, { RT_I64, 8 }, { RT_U64, 8 }, { RT_H64, 8 },
};

static const struct {
    uint32_t oid;
    unsigned bytes;
    pgsql_enc enc;
} integer_columns[] = {
    { PGSQL_OID_INT2, 2, PGSQL_ENC_INT2 }, { PGSQL_OID_INT4, 4, PGSQL_ENC_INT4 }, { PGSQL_OID_INT8, 8, PGSQL_ENC_INT8 },
};

/* The other types: every column type that accepts them, and the encoding used. */
static const struct {
    rt_type type;
    uint32_t oid;
    pgsql_enc enc;
} other_columns[] = {
    { RT_F, PGSQL_OID_FLOAT4, PGSQL_ENC_FLOAT4 },       { RT_F, PGSQL_OID_FLOAT8, PGSQL_ENC_FLOAT8 },
    { RT_D, PGSQL_OID_FLOAT8, PGSQL_ENC_FLOAT8 },       { RT_C, PGSQL_OID_BPCHAR, PGSQL_ENC_TEXT },
    { RT_C, PGSQL_OID_TEXT, PGSQL_ENC_TEXT },           { RT_C, PGSQL_OID_VARCHAR, PGSQL_ENC_TEXT },
    { RT_S, PGSQL_OID_TEXT, PGSQL_ENC_TEXT },           { RT_S, PGSQL_OID_VARCHAR, PGSQL_ENC_TEXT },
    { RT_SC, PGSQL_OID_TEXT, PGSQL_ENC_TEXT },          { RT_SC, PGSQL_OID_VARCHAR, PGSQL_ENC_TEXT },
    { RT_TS, PGSQL_OID_TIMESTAMPTZ, PGSQL_ENC_TIMESTAMP }, { RT_TS, PGSQL_OID_TIMESTAMP, PGSQL_ENC_TIMESTAMP },
    { RT_TS, PGSQL_OID_INT8, PGSQL_ENC_INT8 },          { RT_DUR, PGSQL_OID_INTERVAL, PGSQL_ENC_INTERVAL },
    { RT_DUR, PGSQL_OID_INT8, PGSQL_ENC_INT8 },         { RT_MAC, PGSQL_OID_MACADDR, PGSQL_ENC_MACADDR },
    { RT_IP4, PGSQL_OID_INET, PGSQL_ENC_INET },         { RT_IP6, PGSQL_OID_INET, PGSQL_ENC_INET },
    { RT_IPX, PGSQL_OID_INET, PGSQL_ENC_INET },         { RT_BIN, PGSQL_OID_BYTEA, PGSQL_ENC_BYTEA },
};

/* Finds how values of `type` are written into a column (or array element) of type `oid`. */
static int find_encoding(rt_type type, uint32_t oid, pgsql_enc *enc)
{
    for (size_t i = 0; i < sizeof integer_types / sizeof integer_types[0]; i++) {
        if (integer_types[i].type != type)
            continue;
        for (size_t k = 0; k < sizeof integer_columns / sizeof integer_columns[0]; k++)
            if (integer_columns[k].oid == oid && integer_columns[k].bytes >= integer_types[i].bytes) {
                *enc = integer_columns[k].enc;
                return 0;
            }
        return -1;
    }
    for (size_t i = 0; i < sizeof other_columns / sizeof other_columns[0]; i++)
        if (other_columns[i].type == type && other_columns[i].oid == oid) {
            *enc = other_columns[i].enc;
            return 0;
        }
    return -1;
}

/* Runs a query with one text parameter; returns its result or NULL with the class and message. */
static PGresult *query1(PGconn *conn, const char *sql, const char *param, pgsql_class *cls, char *err,
                        size_t err_size)
{
    PGresult *r = PQexecParams(conn, sql, 1, NULL, &param, NULL, NULL, 0);
    if (r && PQresultStatus(r) == PGRES_TUPLES_OK)
        return r;
    *cls = pgsql_conn_classify(r);
    pgsql_conn_message(conn, r, err, err_size);
    PQclear(r);
    return NULL;
}

/* Creates the table when it does not exist (and creating is allowed). */
static pgsql_class ensure_table(pgsql_stream *s, const char *quoted, const schema_sql_table *table, char *err,
                                size_t err_size)
{
    pgsql_class cls = PGSQL_OK;
    PGresult *r = query1(s->conn, "SELECT to_regclass($1) IS NOT NULL", quoted, &cls, err, err_size);
    if (!r)
        return cls;
    int exists = PQgetvalue(r, 0, 0)[0] == 't';
    PQclear(r);
    if (exists)
        return PGSQL_OK;
    if (!s->settings->create) {
        snprintf(err, err_size, "table %s does not exist and pgsql.create=false: create it first "
                 "(rowtap --schema=sql prints its definition)", quoted);
        return PGSQL_PERMANENT;
    }
    rt_buffer ddl = { 0 };
    if (table)
        schema_sql_create_table(&ddl, quoted, table, s->settings->primary_key);
    else
        schema_sql_create_progress(&ddl, quoted);
    buffer_append(&ddl, "", 1);
    cls = pgsql_conn_exec(s->conn, (const char *)ddl.data, err, err_size);
    buffer_free(&ddl);
    if (cls == PGSQL_OK)
        rt_log_info(s->settings->self, "created table %s", quoted);
    return cls;
}

/* The columns of the table: name, type text, base type, array flag, element type, and whether
 * it must be filled (NOT NULL without a default or identity). */
static const char columns_query[] =
    "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod),"
    " (CASE WHEN t.typtype = 'd' THEN t.typbasetype ELSE t.oid END)::int8,"
    " (t.typcategory = 'A' AND t.typelem <> 0)::int, t.typelem::int8,"
    " (a.attnotnull AND NOT a.atthasdef AND a.attidentity = '')::int"
    " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid"
    " WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

static int find_row(const PGresult *r, const char *name)
{
    for (int k = 0; k < PQntuples(r); k++)
        if (strcmp(PQgetvalue(r, k, 0), name) == 0)
            return k;
    return -1;
}

static int is_table_column(const schema_sql_table *table, const char *name)
{
    for (unsigned i = 0; i < table->n_columns; i++)
        if (strcmp(table->columns[i].name, name) == 0)
            return 1;
    return 0;
}

/* Describes the rowtap column behind a table column, for messages. */
static void describe_source(const schema_sql_table *table, const schema_sql_column *c, char *out, size_t out_size)
{
    if (c->origin != SCHEMA_SQL_VALUE) {
        snprintf(out, out_size, "the load identity of schema/pgsql.md");
        return;
    }
    const rt_schema_column *sc = &table->schema->columns[c->source];
    char code[128];
    rt_column_type_code(sc->column, code, sizeof code);
    snprintf(out, out_size, "%s column %s, type %s", sc->owner, sc->column->name, code);
}

static void append_text(rt_buffer *out, const char *text)
{
    buffer_append(out, text, strlen(text));
}

/* Checks the existing columns against the table and chooses the encodings. Missing columns are
 * added to `clauses` (ALTER TABLE clauses) and `names` (for messages). */
static pgsql_class check_columns(pgsql_stream *s, const PGresult *r, rt_buffer *clauses, rt_buffer *names, char *err,
                                 size_t err_size)
{
    const schema_sql_table *table = &s->table;
    for (unsigned i = 0; i < table->n_columns; i++) {
        const schema_sql_column *c = &table->columns[i];
        char want[64], source[256];
        schema_sql_column_type(c, want, sizeof want);
        int k = find_row(r, c->name);
        if (k < 0) {
            append_text(clauses, clauses->len ? ", ADD COLUMN IF NOT EXISTS " : " ADD COLUMN IF NOT EXISTS ");
            schema_sql_quote_ident(clauses, c->name);
            append_text(clauses, " ");
            append_text(clauses, want);
            append_text(names, names->len ? ", " : " ");
            schema_sql_quote_ident(names, c->name);
            append_text(names, " ");
            append_text(names, want);
            continue;
        }
        int array = atoi(PQgetvalue(r, k, 3));
        uint32_t oid = (uint32_t)strtoul(PQgetvalue(r, k, array ? 4 : 2), NULL, 10);
        pgsql_enc enc;
        if (array != c->array || find_encoding(c->type, oid, &enc) < 0) {
            describe_source(table, c, source, sizeof source);
            snprintf(err, err_size, "column \"%s\" of table %s is %s, but rowtap writes %s there (%s): change the "
                     "column's type or load into another table", c->name, s->table_sql, PQgetvalue(r, k, 1), want,
                     source);
            return PGSQL_PERMANENT;
        }
        s->plan.fields[i].enc = enc;
        s->plan.fields[i].elem_oid = oid;
    }
    for (int k = 0; k < PQntuples(r); k++)
        if (atoi(PQgetvalue(r, k, 5)) && !is_table_column(table, PQgetvalue(r, k, 0))) {
            snprintf(err, err_size, "column \"%s\" of table %s is NOT NULL without a default, and rowtap does not "
                     "fill it: give it a default, drop the constraint, or load into another table",
                     PQgetvalue(r, k, 0), s->table_sql);
            return PGSQL_PERMANENT;
        }
    return PGSQL_OK;
}

/* Checks the table; adds missing columns when allowed (once), then checks again. */
static pgsql_class plan_columns(pgsql_stream *s, int may_add, char *err, size_t err_size)
{
    pgsql_class cls = PGSQL_OK;
    PGresult *r = query1(s->conn, columns_query, s->table_sql, &cls, err, err_size);
    if (!r)
        return cls;
    rt_buffer clauses = { 0 }, names = { 0 }, sql = { 0 };
    cls = check_columns(s, r, &clauses, &names, err, err_size);
    PQclear(r);
    if (cls == PGSQL_OK && clauses.len) {
        buffer_append(&names, "", 1);
        if (!may_add || !s->settings->add_columns) {
            snprintf(err, err_size, "table %s lacks columns that rowtap writes:%s; add them (pgsql.addColumns=true "
                     "lets rowtap add them) or load into another table", s->table_sql, (const char *)names.data);
            cls = PGSQL_PERMANENT;
        } else {
            append_text(&sql, "ALTER TABLE ");
            append_text(&sql, s->table_sql);
            buffer_append(&sql, clauses.data, clauses.len);
            buffer_append(&sql, "", 1);
            cls = pgsql_conn_exec(s->conn, (const char *)sql.data, err, err_size);
            if (cls == PGSQL_OK) {
                rt_log_info(s->settings->self, "added to table %s:%s", s->table_sql, (const char *)names.data);
                cls = plan_columns(s, 0, err, err_size);
            }
        }
    }
    buffer_free(&clauses);
    buffer_free(&names);
    buffer_free(&sql);
    return cls;
}

pgsql_class pgsql_table_prepare(pgsql_stream *s, char *err, size_t err_size)
{
    pgsql_class cls = pgsql_conn_exec(s->conn, "BEGIN", err, err_size);
    if (cls == PGSQL_OK)
        cls = pgsql_conn_exec(s->conn, ddl_lock, err, err_size);
    if (cls == PGSQL_OK)
        cls = ensure_table(s, s->progress_sql, NULL, err, err_size);
    if (cls == PGSQL_OK)
        cls = ensure_table(s, s->table_sql, &s->table, err, err_size);
    if (cls == PGSQL_OK)
        cls = plan_columns(s, 1, err, err_size);
    if (cls == PGSQL_OK)
        cls = pgsql_conn_exec(s->conn, "COMMIT", err, err_size);
    if (cls != PGSQL_OK && PQstatus(s->conn) == CONNECTION_OK)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    return cls;
}
