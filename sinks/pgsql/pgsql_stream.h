/* pgsql_stream.h — one row stream (flows or packets) loaded into one table over its own
 * connection: settings shared by both streams, the table and its COPY plan, and the open
 * transaction that is kept until it is committed so that it can be sent again after a failure. */
#ifndef ROWTAP_PGSQL_STREAM_H
#define ROWTAP_PGSQL_STREAM_H

#include <stdint.h>
#include <stdio.h>

#include <libpq-fe.h>

#include "pgsql_conn.h"
#include "pgsql_copy.h"
#include "pgsql_report.h"
#include "rowtap/rowtap.h"
#include "schema_sql.h"

/* The sink's options and the run's identity, shared by both streams. */
typedef struct pgsql_settings {
    const rt_module *self;
    const char *conninfo;      /* pgsql.conninfo, may be NULL; never printed */
    const char *app_name;      /* pgsql.applicationName */
    int create;                /* pgsql.create */
    int add_columns;           /* pgsql.addColumns */
    int primary_key;           /* pgsql.primaryKey */
    uint32_t batch_rows;       /* pgsql.batchRows */
    int64_t batch_ms;          /* pgsql.batchMs */
    size_t batch_bytes;        /* pgsql.batchBytes */
    int connect_timeout_s;     /* pgsql.connectTimeout */
    schema_sql_name progress;  /* pgsql.table.progress */
    const char *reject_path;   /* pgsql.rejectFile, may be NULL */
    FILE *reject_file;         /* opened at the first rejected row */
    uint64_t sensor_id;
    const char *run_id;
} pgsql_settings;

/* A row PostgreSQL refused, kept until its transaction commits. */
typedef struct pgsql_rejected {
    size_t row;       /* index in the open transaction */
    char sqlstate[6];
    char *message;
} pgsql_rejected;

typedef struct pgsql_stream {
    pgsql_settings *settings;
    rt_stream stream;
    schema_sql_name name;      /* pgsql.table.flows / pgsql.table.packets */
    char quoted[128];          /* the table name as quoted for messages and the report */
    char label[160];           /* "flows table \"flows\"", for messages */
    schema_sql_table table;
    pgsql_plan plan;
    pgsql_counters *counters;  /* the instance's counters of this stream */
    char *table_sql;           /* quoted table name, set when prepared */
    char *progress_sql;        /* quoted progress table name */
    char *copy_sql;            /* COPY ... FROM STDIN (FORMAT binary) */
    char *progress_insert_sql; /* records a transaction in the progress table */
    char *progress_select_sql; /* looks a transaction up */
    PGconn *conn;
    int prepared;              /* the tables are checked and the plan is complete */
    int64_t deadline_ms;       /* until prepared: when to give up connecting */
    int failing;               /* a failure was reported and no success since */

    /* The open transaction: header and rows (pending), row offsets, what was sent. */
    rt_buffer pending;
    pgsql_row_ends ends;
    uint64_t seq;              /* its number in the progress table */
    int64_t opened_ms;         /* when its first row was added */
    int in_copy;               /* BEGIN and COPY done on conn; `sent` bytes of pending sent */
    size_t sent;
    int commit_unknown;        /* COMMIT was sent and no answer came */
    int resend;                /* rows of pending were sent on a connection that failed */
    pgsql_rejected *rejected;  /* rows refused by the server, in row order */
    size_t n_rejected, cap_rejected;

    /* The batch of the last write() that returned RT_SINK_RETRY: its rows are in pending. */
    struct {
        int active;
        int committed;         /* its transaction turned out to be committed */
        const uint8_t *data;
        size_t size;
        uint32_t n_rows;
        size_t mark, mark_rows; /* pending before it */
    } held;
} pgsql_stream;

/* Sets up a stream loading `schema` into the table named by `table_option`, counting into
 * `counters`. Returns 0, or -1 with a message in err. */
int pgsql_stream_init(pgsql_stream *s, pgsql_settings *settings, const rt_schema *schema,
                      const char *table_option, pgsql_counters *counters, char *err, size_t err_size);
/* Connects, creates or checks the tables and completes the plan. RT_SINK_RETRY while the server
 * cannot be reached and the deadline has not passed, RT_SINK_FATAL after logging an error. */
rt_sink_status pgsql_stream_prepare(pgsql_stream *s);
/* Closes the connection (an open transaction is rolled back by the server) and frees the rows
 * of the open transaction; the names stay for the report. */
void pgsql_stream_close(pgsql_stream *s);
/* Frees everything. */
void pgsql_stream_free(pgsql_stream *s);

/* Closes the connection; the server rolls back whatever was not committed. */
void pgsql_stream_disconnect(pgsql_stream *s);
/* Milliseconds of a monotonic clock. */
int64_t pgsql_stream_now_ms(void);
/* After a transient failure: counts it, reports the first of a series, drops the connection.
 * Returns RT_SINK_RETRY. */
rt_sink_status pgsql_stream_transient(pgsql_stream *s, const char *what, const char *detail);
/* Logs a permanent failure; returns RT_SINK_FATAL. */
rt_sink_status pgsql_stream_fatal(pgsql_stream *s, const char *what, const char *detail);

/* A transient failure class gives pgsql_stream_transient, any other pgsql_stream_fatal. */
rt_sink_status pgsql_stream_failure(pgsql_stream *s, pgsql_class cls, const char *what, const char *detail);

/* pgsql_txn.c: the rt_sink write and flush of one stream (schema/pgsql.md, "Transactions"). */
rt_sink_status pgsql_txn_write(pgsql_stream *s, const rt_batch *batch, uint32_t *rows_failed);
rt_sink_status pgsql_txn_flush(pgsql_stream *s);

/* pgsql_isolate.c: after the server refused the rows of the open transaction, loads them again
 * in halves, down to single rows, inside a new transaction, and records the refused rows. */
rt_sink_status pgsql_isolate(pgsql_stream *s);

/* pgsql_table.c: creates or checks the table and the progress table (one transaction under an
 * advisory lock) and chooses the encoding of every column. */
pgsql_class pgsql_table_prepare(pgsql_stream *s, char *err, size_t err_size);

/* pgsql_reject.c: appends the refused rows of a committed transaction to pgsql.rejectFile. */
void pgsql_reject_write(pgsql_stream *s);

#endif
