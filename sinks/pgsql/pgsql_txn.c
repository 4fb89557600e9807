/* pgsql_txn.c — batches as transactions (schema/pgsql.md, "Transactions"): rows are encoded
 * into the open transaction and streamed to the server with COPY as they come; the transaction
 * is committed together with a row of the progress table when it is large or old enough, or when
 * the core flushes. Sending does not wait while a few MB of rows are still to go, so that the
 * server has rows to work on while the sink encodes the next batch. Until then its rows stay in memory: after a transient failure the sink
 * reconnects, looks up the outcome of a COMMIT that got no answer, and sends them again. */
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "pgsql_stream.h"

/* Largest piece handed to libpq at once; libpq holds at most one such piece not yet written. */
#define SEND_CHUNK ((size_t)256 << 10)
/* Encoded rows that write() may leave unsent when it returns: the server works through them (and
 * libpq's piece) while the sink encodes the next batch, instead of waiting for it. */
#define SEND_BACKLOG ((size_t)4 << 20)

/* Is the open transaction large or old enough to be committed? */
static int commit_due(const pgsql_stream *s)
{
    const pgsql_settings *cfg = s->settings;
    return s->ends.n >= cfg->batch_rows || s->pending.len >= cfg->batch_bytes
           || pgsql_stream_now_ms() - s->opened_ms >= cfg->batch_ms;
}

/* Starts the transaction and its COPY (the connection then in nonblocking mode) when rows wait. */
static rt_sink_status start_copy(pgsql_stream *s)
{
    char err[1024];
    pgsql_class cls = pgsql_conn_exec(s->conn, "BEGIN", err, sizeof err);
    if (cls == PGSQL_OK) {
        PGresult *r = PQexec(s->conn, s->copy_sql);
        if (!r || PQresultStatus(r) != PGRES_COPY_IN) {
            cls = pgsql_conn_classify(r);
            pgsql_conn_message(s->conn, r, err, sizeof err);
        }
        PQclear(r);
    }
    if (cls == PGSQL_OK && PQsetnonblocking(s->conn, 1) != 0) {
        cls = PGSQL_TRANSIENT;
        pgsql_conn_message(s->conn, NULL, err, sizeof err);
    }
    if (cls != PGSQL_OK)
        return pgsql_stream_failure(s, cls, "cannot start loading", err);
    s->in_copy = 1;
    s->sent = 0;
    if (s->resend)
        atomic_fetch_add(&s->counters->rows_replayed, s->ends.n);
    s->resend = 0;
    return RT_SINK_OK;
}

/* Sends rows of the open transaction until at most `backlog` bytes of them are left for later
 * (0: until every byte is written to the socket), without waiting while the server takes what is
 * offered; starts the COPY when needed. Waits for the socket (reading what the server says
 * meanwhile, as libpq asks) only above the backlog. */
static rt_sink_status send_pending(pgsql_stream *s, size_t backlog)
{
    char err[1024];
    if (!s->in_copy) {
        if (s->ends.n == 0)
            return RT_SINK_OK;
        rt_sink_status st = start_copy(s);
        if (st != RT_SINK_OK)
            return st;
    }
    for (;;) {
        int unflushed = PQflush(s->conn);
        if (unflushed < 0)
            break;
        size_t left = s->pending.len - s->sent;
        if (!unflushed && left) {
            size_t n = left < SEND_CHUNK ? left : SEND_CHUNK;
            if (PQputCopyData(s->conn, (const char *)s->pending.data + s->sent, (int)n) != 1)
                break;
            s->sent += n;
            continue;
        }
        if (!unflushed || (backlog && left <= backlog))
            return RT_SINK_OK;
        struct pollfd fd = { .fd = PQsocket(s->conn), .events = POLLOUT | POLLIN };
        if (poll(&fd, 1, -1) < 0 && errno != EINTR)
            break;
        if ((fd.revents & POLLIN) && !PQconsumeInput(s->conn))
            break;
    }
    pgsql_conn_message(s->conn, NULL, err, sizeof err);
    return pgsql_stream_transient(s, "sending rows failed", err);
}

/* The open transaction is committed: counts it, writes its refused rows, starts the next one. */
static rt_sink_status committed(pgsql_stream *s, uint32_t *rows_failed)
{
    size_t rows = s->ends.n, refused = s->n_rejected;
    atomic_fetch_add(&s->counters->rows_loaded, rows - refused);
    atomic_fetch_add(&s->counters->rows_rejected, refused);
    atomic_fetch_add(&s->counters->bytes_loaded, s->pending.len - PGSQL_COPY_HEADER_SIZE);
    atomic_fetch_add(&s->counters->transactions, 1);
    atomic_store(&s->counters->last_commit_ms, pgsql_stream_now_ms());
    if (refused)
        pgsql_reject_write(s);
    for (size_t i = 0; i < s->n_rejected; i++)
        free(s->rejected[i].message);
    s->n_rejected = 0;
    s->pending.len = PGSQL_COPY_HEADER_SIZE;
    s->ends.n = 0;
    s->seq++;
    s->commit_unknown = 0;
    s->resend = 0;
    s->sent = 0;
    *rows_failed = (uint32_t)refused;
    return refused ? RT_SINK_DATA : RT_SINK_OK;
}

/* Records the transaction in the progress table and commits it. */
static rt_sink_status finish(pgsql_stream *s, uint32_t *rows_failed)
{
    const pgsql_settings *cfg = s->settings;
    char seq[24], loaded[24], refused[24], sensor[24], err[1024];
    snprintf(seq, sizeof seq, "%" PRIu64, s->seq);
    snprintf(loaded, sizeof loaded, "%zu", s->ends.n - s->n_rejected);
    snprintf(refused, sizeof refused, "%zu", s->n_rejected);
    snprintf(sensor, sizeof sensor, "%" PRId64, (int64_t)cfg->sensor_id);
    const char *params[] = { cfg->run_id, rt_stream_name(s->stream), seq, s->table_sql, loaded, refused, sensor };
    PGresult *r = PQexecParams(s->conn, s->progress_insert_sql, 7, NULL, params, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) {
        const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
        pgsql_class cls = pgsql_conn_classify(r);
        pgsql_conn_message(s->conn, r, err, sizeof err);
        PQclear(r);
        if (state && strcmp(state, "23505") == 0) {
            /* A transaction with this number is already committed: these rows are loaded. */
            PQclear(PQexec(s->conn, "ROLLBACK"));
            rt_log_warning(cfg->self, "%s: transaction %s was already committed; not loading it twice", s->label, seq);
            return committed(s, rows_failed);
        }
        return pgsql_stream_failure(s, cls == PGSQL_DATA ? PGSQL_PERMANENT : cls, "cannot record the load progress", err);
    }
    PQclear(r);
    r = PQexec(s->conn, "COMMIT");
    if (r && PQresultStatus(r) == PGRES_COMMAND_OK && strcmp(PQcmdStatus(r), "COMMIT") == 0) {
        PQclear(r);
        return committed(s, rows_failed);
    }
    pgsql_class cls = r && PQresultStatus(r) == PGRES_COMMAND_OK ? PGSQL_TRANSIENT : pgsql_conn_classify(r);
    pgsql_conn_message(s->conn, r, err, sizeof err);
    if (r && PQresultStatus(r) == PGRES_COMMAND_OK)
        snprintf(err, sizeof err, "the server rolled the transaction back");
    PQclear(r);
    if (cls != PGSQL_TRANSIENT)
        return pgsql_stream_fatal(s, "COMMIT failed", err);
    s->commit_unknown = 1;
    return pgsql_stream_transient(s, "no answer to COMMIT", err);
}

/* Ends the COPY and commits the open transaction; refused rows are isolated first. */
static rt_sink_status commit(pgsql_stream *s, uint32_t *rows_failed)
{
    rt_sink_status st = send_pending(s, 0);
    if (st != RT_SINK_OK || !s->in_copy)
        return st;
    char err[1024];
    if (PQsetnonblocking(s->conn, 0) != 0 || PQputCopyData(s->conn, (const char *)pgsql_copy_trailer, PGSQL_COPY_TRAILER_SIZE) != 1
        || PQputCopyEnd(s->conn, NULL) != 1) {
        pgsql_conn_message(s->conn, NULL, err, sizeof err);
        return pgsql_stream_transient(s, "sending rows failed", err);
    }
    PGresult *r = PQgetResult(s->conn);
    pgsql_class cls = r && PQresultStatus(r) == PGRES_COMMAND_OK ? PGSQL_OK : pgsql_conn_classify(r);
    if (cls != PGSQL_OK)
        pgsql_conn_message(s->conn, r, err, sizeof err);
    PQclear(r);
    while ((r = PQgetResult(s->conn)))
        PQclear(r);
    s->in_copy = 0;
    if (cls == PGSQL_DATA) {
        st = pgsql_isolate(s);
        if (st != RT_SINK_OK)
            return st;
    } else if (cls != PGSQL_OK) {
        return pgsql_stream_failure(s, cls, "loading rows failed", err);
    }
    return finish(s, rows_failed);
}

/* After a COMMIT without answer: the progress table says whether it took place. */
static rt_sink_status resolve_commit(pgsql_stream *s)
{
    char seq[24], err[1024];
    snprintf(seq, sizeof seq, "%" PRIu64, s->seq);
    const char *params[] = { s->settings->run_id, rt_stream_name(s->stream), seq, s->table_sql };
    PGresult *r = PQexecParams(s->conn, s->progress_select_sql, 4, NULL, params, NULL, NULL, 0);
    if (!r || PQresultStatus(r) != PGRES_TUPLES_OK) {
        pgsql_class cls = pgsql_conn_classify(r);
        pgsql_conn_message(s->conn, r, err, sizeof err);
        PQclear(r);
        return pgsql_stream_failure(s, cls, "cannot look up the outcome of a COMMIT", err);
    }
    int done = PQntuples(r) > 0;
    PQclear(r);
    atomic_fetch_add(&s->counters->commits_checked, 1);
    s->commit_unknown = 0;
    if (!done) {
        rt_log_info(s->settings->self, "%s: transaction %s was not committed; sending its %zu rows again", s->label,
                    seq, s->ends.n);
        return RT_SINK_OK;
    }
    rt_log_info(s->settings->self, "%s: transaction %s had been committed before the connection failed", s->label,
                seq);
    atomic_fetch_add(&s->counters->commits_found, 1);
    uint32_t refused;
    committed(s, &refused);
    s->held.committed = s->held.active;
    return RT_SINK_OK;
}

/* Makes sure the tables are prepared and a connection is open; after a failure, settles the
 * outcome of an unanswered COMMIT. */
static rt_sink_status ensure_session(pgsql_stream *s)
{
    if (!s->prepared)
        return pgsql_stream_prepare(s);
    if (s->conn)
        return RT_SINK_OK;
    const pgsql_settings *cfg = s->settings;
    char err[1024];
    int permanent;
    s->conn = pgsql_conn_open(cfg->self, cfg->conninfo, cfg->app_name, cfg->connect_timeout_s, &permanent, err,
                              sizeof err);
    if (!s->conn)
        return permanent ? pgsql_stream_fatal(s, "cannot reconnect", err)
                         : pgsql_stream_transient(s, "cannot reconnect", err);
    atomic_fetch_add(&s->counters->reconnects, 1);
    if (s->failing)
        rt_log_info(cfg->self, "%s: reconnected", s->label);
    s->failing = 0;
    return s->commit_unknown ? resolve_commit(s) : RT_SINK_OK;
}

/* The core gave up the held batch (the run is being abandoned): its rows leave the transaction. */
static void release_held(pgsql_stream *s)
{
    if (!s->held.committed) {
        if (s->sent > s->held.mark)
            pgsql_stream_disconnect(s); /* the server rolls back; the rest is sent again */
        s->pending.len = s->held.mark;
        s->ends.n = s->held.mark_rows;
    }
    s->held.active = 0;
}

static int held_is(const pgsql_stream *s, const rt_batch *batch)
{
    return s->held.data == batch->data && s->held.size == batch->size && s->held.n_rows == batch->n_rows;
}

rt_sink_status pgsql_txn_write(pgsql_stream *s, const rt_batch *batch, uint32_t *rows_failed)
{
    *rows_failed = 0;
    if (s->held.active && !held_is(s, batch))
        release_held(s);
    rt_sink_status st = ensure_session(s);
    if (st != RT_SINK_OK)
        return st;
    if (s->held.active && s->held.committed) {
        s->held.active = 0;
        return RT_SINK_OK;
    }
    if (!s->held.active) {
        if (s->ends.n == 0)
            s->opened_ms = pgsql_stream_now_ms();
        if (!atomic_load(&s->counters->first_row_ms))
            atomic_store(&s->counters->first_row_ms, s->opened_ms);
        s->held.active = 1;
        s->held.committed = 0;
        s->held.data = batch->data;
        s->held.size = batch->size;
        s->held.n_rows = batch->n_rows;
        s->held.mark = s->pending.len;
        s->held.mark_rows = s->ends.n;
        pgsql_copy_batch(&s->pending, &s->ends, &s->plan, batch);
    }
    st = send_pending(s, SEND_BACKLOG);
    if (st == RT_SINK_OK && commit_due(s))
        st = commit(s, rows_failed);
    if (st != RT_SINK_RETRY)
        s->held.active = 0;
    return st;
}

rt_sink_status pgsql_txn_flush(pgsql_stream *s)
{
    if (s->held.active)
        release_held(s);
    if (s->prepared && !s->conn && s->ends.n == 0 && !s->commit_unknown)
        return RT_SINK_OK;
    rt_sink_status st = ensure_session(s);
    if (st != RT_SINK_OK || s->ends.n == 0)
        return st;
    uint32_t refused;
    st = commit(s, &refused);
    return st == RT_SINK_DATA ? RT_SINK_OK : st;
}
