/* pgsql_stream.c — setting up a stream, connecting and preparing its table, and the common
 * handling of transient and permanent failures. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pgsql_stream.h"

int64_t pgsql_stream_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int pgsql_stream_init(pgsql_stream *s, pgsql_settings *settings, const rt_schema *schema, const char *table_option,
                      pgsql_counters *counters, char *err, size_t err_size)
{
    memset(s, 0, sizeof *s);
    s->settings = settings;
    s->stream = schema->stream;
    s->counters = counters;
    s->seq = 1;
    s->deadline_ms = pgsql_stream_now_ms() + (int64_t)settings->connect_timeout_s * 1000;
    if (schema_sql_parse_name(table_option, &s->name, err, err_size) < 0
        || schema_sql_table_build(&s->table, schema, err, err_size) < 0)
        return -1;
    if (s->table.n_columns > 1600) {
        snprintf(err, err_size, "the %s table would have %u columns; PostgreSQL allows 1600",
                 rt_stream_name(s->stream), s->table.n_columns);
        return -1;
    }
    if (pgsql_plan_init(&s->plan, &s->table, settings->sensor_id, settings->run_id) < 0) {
        snprintf(err, err_size, "out of memory");
        return -1;
    }
    rt_buffer quoted = { 0 };
    schema_sql_append_name(&quoted, &s->name);
    buffer_append(&quoted, "", 1);
    snprintf(s->quoted, sizeof s->quoted, "%s", (const char *)quoted.data);
    snprintf(s->label, sizeof s->label, "%s table %s", rt_stream_name(s->stream), s->quoted);
    buffer_free(&quoted);
    buffer_append(&s->pending, pgsql_copy_header, PGSQL_COPY_HEADER_SIZE);
    return 0;
}

void pgsql_stream_disconnect(pgsql_stream *s)
{
    if (s->conn)
        PQfinish(s->conn);
    s->conn = NULL;
    if (s->sent && s->ends.n)
        s->resend = 1;
    s->in_copy = 0;
    s->sent = 0;
}

rt_sink_status pgsql_stream_transient(pgsql_stream *s, const char *what, const char *detail)
{
    atomic_fetch_add(&s->counters->retries, 1);
    if (!s->failing)
        rt_log_warning(s->settings->self, "%s: %s: %s; reconnecting and trying again", s->label, what, detail);
    s->failing = 1;
    pgsql_stream_disconnect(s);
    return RT_SINK_RETRY;
}

rt_sink_status pgsql_stream_fatal(pgsql_stream *s, const char *what, const char *detail)
{
    rt_log_error(s->settings->self, "%s: %s: %s", s->label, what, detail);
    pgsql_stream_disconnect(s);
    return RT_SINK_FATAL;
}

rt_sink_status pgsql_stream_failure(pgsql_stream *s, pgsql_class cls, const char *what, const char *detail)
{
    return cls == PGSQL_TRANSIENT ? pgsql_stream_transient(s, what, detail) : pgsql_stream_fatal(s, what, detail);
}

/* Before the first successful preparation: retry until the deadline, then give up. */
static rt_sink_status not_ready(pgsql_stream *s, const char *what, const char *detail)
{
    int waited = s->settings->connect_timeout_s;
    if (pgsql_stream_now_ms() >= s->deadline_ms) {
        char text[1400];
        snprintf(text, sizeof text, "%s (gave up after %d s, pgsql.connectTimeout)", detail, waited);
        return pgsql_stream_fatal(s, what, text);
    }
    atomic_fetch_add(&s->counters->retries, 1);
    if (!s->failing)
        rt_log_warning(s->settings->self, "%s: %s: %s; trying again for up to %d s (pgsql.connectTimeout)", s->label,
                       what, detail, waited);
    s->failing = 1;
    pgsql_stream_disconnect(s);
    return RT_SINK_RETRY;
}

/* Quotes the table names with the server's rules and writes the statements of the stream. */
static int build_statements(pgsql_stream *s)
{
    rt_buffer b = { 0 };
    const schema_sql_name *names[2] = { &s->name, &s->settings->progress };
    char *quoted[2] = { NULL, NULL };
    for (int i = 0; i < 2; i++) {
        b.len = 0;
        for (int part = names[i]->schema[0] ? 0 : 1; part < 2; part++) {
            const char *ident = part == 0 ? names[i]->schema : names[i]->table;
            char *q = PQescapeIdentifier(s->conn, ident, strlen(ident));
            if (!q)
                goto fail;
            if (part == 1 && names[i]->schema[0])
                buffer_append(&b, ".", 1);
            buffer_append(&b, q, strlen(q));
            PQfreemem(q);
        }
        buffer_append(&b, "", 1);
        quoted[i] = strdup((const char *)b.data);
    }
    s->table_sql = quoted[0];
    s->progress_sql = quoted[1];
    b.len = 0;
    buffer_append(&b, "COPY ", 5);
    buffer_append(&b, s->table_sql, strlen(s->table_sql));
    buffer_append(&b, " (", 2);
    for (unsigned i = 0; i < s->table.n_columns; i++) {
        if (i)
            buffer_append(&b, ", ", 2);
        schema_sql_quote_ident(&b, s->table.columns[i].name);
    }
    static const char copy_tail[] = ") FROM STDIN (FORMAT binary)";
    buffer_append(&b, copy_tail, sizeof copy_tail);
    s->copy_sql = strdup((const char *)b.data);
    size_t n = strlen(s->progress_sql) + 256;
    s->progress_insert_sql = malloc(n);
    s->progress_select_sql = malloc(n);
    if (s->progress_insert_sql && s->progress_select_sql) {
        snprintf(s->progress_insert_sql, n, "INSERT INTO %s (run_id, stream, batch_seq, table_name, rows_loaded, "
                 "rows_rejected, sensor_id) VALUES ($1, $2, $3, $4, $5, $6, $7)", s->progress_sql);
        snprintf(s->progress_select_sql, n, "SELECT 1 FROM %s WHERE run_id = $1 AND stream = $2 AND batch_seq = $3 AND "
                 "table_name = $4",
                 s->progress_sql);
    }
    buffer_free(&b);
    return s->table_sql && s->progress_sql && s->copy_sql && s->progress_insert_sql && s->progress_select_sql
               ? 0 : -1;
fail:
    free(quoted[0]);
    buffer_free(&b);
    return -1;
}

rt_sink_status pgsql_stream_prepare(pgsql_stream *s)
{
    const pgsql_settings *cfg = s->settings;
    char err[1024];
    if (!s->conn) {
        int permanent;
        s->conn = pgsql_conn_open(cfg->self, cfg->conninfo, cfg->app_name, cfg->connect_timeout_s, &permanent, err,
                                  sizeof err);
        if (!s->conn && permanent)
            return pgsql_stream_fatal(s, "cannot connect", "the server asks for a password: give it in ~/.pgpass, "
                                      "PGPASSWORD or pgsql.conninfo");
        if (!s->conn)
            return not_ready(s, "cannot connect", err);
    }
    if (!s->table_sql && build_statements(s) < 0)
        return pgsql_stream_fatal(s, "cannot quote the table names", PQerrorMessage(s->conn));
    switch (pgsql_table_prepare(s, err, sizeof err)) {
    case PGSQL_OK:
        break;
    case PGSQL_TRANSIENT:
        return not_ready(s, "cannot prepare the table", err);
    default:
        return pgsql_stream_fatal(s, "cannot load into this table", err);
    }
    if (s->failing)
        rt_log_info(cfg->self, "%s: connected", s->label);
    s->failing = 0;
    s->prepared = 1;
    return RT_SINK_OK;
}

void pgsql_stream_close(pgsql_stream *s)
{
    pgsql_stream_disconnect(s);
    for (size_t i = 0; i < s->n_rejected; i++)
        free(s->rejected[i].message);
    free(s->rejected);
    s->rejected = NULL;
    s->n_rejected = s->cap_rejected = 0;
    buffer_free(&s->pending);
    pgsql_row_ends_free(&s->ends);
}

void pgsql_stream_free(pgsql_stream *s)
{
    pgsql_stream_close(s);
    free(s->table_sql);
    free(s->progress_sql);
    free(s->copy_sql);
    free(s->progress_insert_sql);
    free(s->progress_select_sql);
    pgsql_plan_free(&s->plan);
    schema_sql_table_free(&s->table);
    memset(s, 0, sizeof *s);
}
