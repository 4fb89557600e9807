/* pgsql_harness.h — running the pgsql sink through the core's sink runner (as rowtap does) in
 * tests and benchmarks: options, a run description, rows written with the real row writer,
 * generated flow and packet rows, and queries against the server (found through the PG*
 * environment that tests/pg/pg_server.sh sets). Every helper aborts the test on failure. */
#ifndef ROWTAP_PGSQL_HARNESS_H
#define ROWTAP_PGSQL_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include <libpq-fe.h>

#include "buffer.h"
#include "row_writer.h"
#include "schema_registry.h"
#include "sink_runner.h"

typedef struct harness {
    rt_module module;   /* the pgsql sink, linked into the test program */
    rt_module *modules[1];
    schema_registry reg[RT_STREAM_COUNT];
    sink_runner *runner;
    rt_row row;
} harness;

/* Forgets earlier options and sets these "pgsql.key=value" assignments (NULL-terminated). */
void harness_options(harness *h, const char *const *assignments);
/* Describes the run: flow columns (required), packet columns (NULL: no packet stream). */
void harness_run(harness *h, const rt_column *flow_columns, unsigned n_flow, const rt_column *packet_columns,
                 unsigned n_packet, uint64_t sensor_id, const char *run_id);
/* Opens the sink and starts its thread; batches are handed over at `batch_bytes`. 0, or -1 when
 * the sink did not open. */
int harness_start(harness *h, size_t batch_bytes);
/* Starts a row of a stream, writing all its columns as the module "test"; end it with
 * harness_row_end. */
rt_row *harness_row_begin(harness *h, rt_stream stream);
void harness_row_end(harness *h, rt_stream stream);
/* Drains, flushes and closes the sink. 0 when every row was written, -1 otherwise. */
int harness_finish(harness *h);
/* The sink's own counters and the runner's, after harness_finish. */
void harness_stats(harness *h, rt_stream stream, rt_sink_stats *sink, sink_runner_stats *runner);
/* The sink's end-report lines (caller frees). */
char *harness_report(harness *h);
void harness_free(harness *h);

/* The outcome of harness_load. */
typedef struct harness_result {
    int rc;                   /* harness_finish's result; -1 also when the sink did not open */
    rt_sink_stats sink;       /* the flow stream's counters of the sink ... */
    sink_runner_stats runner; /* ... and of the runner */
    char *report;             /* the sink's report lines ("" when it did not open) */
} harness_result;

/* A whole load into the flow table (sensor ID 1): options, run, start, rows first..first+n-1
 * written by `write`, finish. Free the result with harness_result_free. */
harness_result harness_load(const char *const *options, const rt_column *columns, unsigned n_columns,
                            const char *run_id, void (*write)(rt_row *row, uint64_t i), uint64_t first, uint64_t n);
void harness_result_free(harness_result *result);
/* A number of the sink's report line of a stream: the one just before `label`, e.g.
 * harness_report_number(report, "flows", " reconnects"). Fails the test when absent. */
unsigned long long harness_report_number(const char *report, const char *stream, const char *label);

/* Generated rows shaped like rowtap's default flow and packet rows (T2-COMPAT §8.1, §7.1, with the
 * basicFlow and tcpWin columns; the packet columns are tests/lib/tutorial_rows.c's): values follow
 * from the row number. */
extern const rt_column harness_flow_columns[];
extern const unsigned harness_n_flow_columns;
extern const rt_column *const harness_packet_columns;
extern const unsigned harness_n_packet_columns;
void harness_write_flow(rt_row *row, uint64_t i);
void harness_write_packet(rt_row *row, uint64_t i);

/* A connection to the test server. */
PGconn *harness_connect(void);
void harness_exec(PGconn *conn, const char *sql);
/* The first value of the first row as an integer, or as text (caller frees; NULL for SQL NULL). */
long long harness_int(PGconn *conn, const char *sql);
char *harness_text(PGconn *conn, const char *sql);

/* Sends standard error to a temporary file until harness_stderr_end, which returns what was
 * written (caller frees) and restores it. */
void harness_stderr_begin(void);
char *harness_stderr_end(void);

#endif
