/* pgsql_isolate.c — finding the rows PostgreSQL refuses (schema/pgsql.md, "Refused rows"): the
 * open transaction is loaded again in a new transaction, part by part under savepoints; a part
 * the server refuses is split in halves until single rows remain, which are recorded as refused
 * while every other row loads. */
#include <stdlib.h>
#include <string.h>

#include "pgsql_stream.h"

/* Loads rows [first, first + count) of the open transaction with one COPY. */
static pgsql_class copy_rows(pgsql_stream *s, size_t first, size_t count, char sqlstate[6], char *err,
                             size_t err_size)
{
    PGconn *conn = s->conn;
    PGresult *r = PQexec(conn, s->copy_sql);
    int started = r && PQresultStatus(r) == PGRES_COPY_IN;
    pgsql_class cls = started ? PGSQL_OK : pgsql_conn_classify(r);
    if (!started)
        pgsql_conn_message(conn, r, err, err_size);
    PQclear(r);
    if (!started)
        return cls;
    size_t from = first ? s->ends.at[first - 1] : PGSQL_COPY_HEADER_SIZE, to = s->ends.at[first + count - 1];
    const char *data = (const char *)s->pending.data;
    int ok = PQputCopyData(conn, data, PGSQL_COPY_HEADER_SIZE) == 1;
    for (size_t at = from; ok && at < to;) {
        size_t n = to - at < ((size_t)1 << 20) ? to - at : ((size_t)1 << 20);
        ok = PQputCopyData(conn, data + at, (int)n) == 1;
        at += n;
    }
    ok = ok && PQputCopyData(conn, (const char *)pgsql_copy_trailer, PGSQL_COPY_TRAILER_SIZE) == 1
         && PQputCopyEnd(conn, NULL) == 1;
    if (!ok) {
        pgsql_conn_message(conn, NULL, err, err_size);
        return PGSQL_TRANSIENT;
    }
    r = PQgetResult(conn);
    cls = r && PQresultStatus(r) == PGRES_COMMAND_OK ? PGSQL_OK : pgsql_conn_classify(r);
    if (cls != PGSQL_OK) {
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        snprintf(sqlstate, 6, "%s", state ? state : "");
        pgsql_conn_message(conn, r, err, err_size);
    }
    PQclear(r);
    while ((r = PQgetResult(conn)))
        PQclear(r);
    return cls;
}

static void record_refused(pgsql_stream *s, size_t row, const char *sqlstate, const char *message)
{
    pgsql_copy_grow((void **)&s->rejected, &s->cap_rejected, s->n_rejected, sizeof *s->rejected);
    pgsql_rejected *rej = &s->rejected[s->n_rejected++];
    rej->row = row;
    snprintf(rej->sqlstate, sizeof rej->sqlstate, "%s", sqlstate);
    rej->message = strdup(message);
}

static rt_sink_status isolate_range(pgsql_stream *s, size_t first, size_t count)
{
    char err[1024], state[6] = "";
    pgsql_class cls = pgsql_conn_exec(s->conn, "SAVEPOINT rowtap_part", err, sizeof err);
    if (cls == PGSQL_OK)
        cls = copy_rows(s, first, count, state, err, sizeof err);
    if (cls == PGSQL_DATA) {
        char message[1024];
        memcpy(message, err, sizeof message);
        cls = pgsql_conn_exec(s->conn, "ROLLBACK TO SAVEPOINT rowtap_part; RELEASE SAVEPOINT rowtap_part", err,
                              sizeof err);
        if (cls == PGSQL_OK && count == 1) {
            record_refused(s, first, state, message);
            return RT_SINK_OK;
        }
        if (cls == PGSQL_OK) {
            rt_sink_status st = isolate_range(s, first, count / 2);
            return st == RT_SINK_OK ? isolate_range(s, first + count / 2, count - count / 2) : st;
        }
    } else if (cls == PGSQL_OK) {
        cls = pgsql_conn_exec(s->conn, "RELEASE SAVEPOINT rowtap_part", err, sizeof err);
    }
    return cls == PGSQL_OK ? RT_SINK_OK : pgsql_stream_failure(s, cls, "finding refused rows", err);
}

rt_sink_status pgsql_isolate(pgsql_stream *s)
{
    char err[1024];
    pgsql_class cls = pgsql_conn_exec(s->conn, "ROLLBACK", err, sizeof err);
    if (cls == PGSQL_OK)
        cls = pgsql_conn_exec(s->conn, "BEGIN", err, sizeof err);
    if (cls != PGSQL_OK)
        return pgsql_stream_failure(s, cls, "finding refused rows", err);
    for (size_t i = 0; i < s->n_rejected; i++)
        free(s->rejected[i].message);
    s->n_rejected = 0;
    return isolate_range(s, 0, s->ends.n);
}
