/* pgsql_report.h — the pgsql sink's counters and its lines of the end report. */
#ifndef ROWTAP_PGSQL_REPORT_H
#define ROWTAP_PGSQL_REPORT_H

#include <stdatomic.h>
#include <stdint.h>

#include "rowtap/sink.h"

/* Counters of one stream; written by the sink thread, read from any thread. */
typedef struct pgsql_counters {
    atomic_uint_fast64_t rows_loaded;     /* rows committed */
    atomic_uint_fast64_t bytes_loaded;    /* binary COPY bytes of the committed rows */
    atomic_uint_fast64_t rows_rejected;   /* rows PostgreSQL refused (isolated, not loaded) */
    atomic_uint_fast64_t transactions;    /* committed transactions (batches) */
    atomic_uint_fast64_t retries;         /* transient failures */
    atomic_uint_fast64_t reconnects;      /* connections opened after a failure */
    atomic_uint_fast64_t rows_replayed;   /* rows sent again after a failure */
    atomic_uint_fast64_t commits_checked; /* COMMITs without answer whose outcome was looked up */
    atomic_uint_fast64_t commits_found;   /* ... of which had been committed */
    atomic_int_fast64_t first_row_ms;     /* monotonic time of the run's first row (0: none yet) */
    atomic_int_fast64_t last_commit_ms;   /* ... and of the last commit */
} pgsql_counters;

/* The counters as the core's rt_sink_stats. */
void pgsql_report_stats(const pgsql_counters *counters, rt_sink_stats *out);
/* The end-report line of one stream loaded into `table` (its quoted name). */
void pgsql_report_stream(rt_report *report, rt_stream stream, const char *table, const pgsql_counters *counters);

#endif
