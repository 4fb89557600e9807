/* pgsql_report.h — the pgsql sink's counters and its lines of the end report. The counters live
 * in module storage, not in the instance: the core reads them (stats, report) after close. */
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
} pgsql_counters;

/* Forgets the previous run: zero counters, no tables, the reject file name (may be NULL). */
void pgsql_report_reset(const char *reject_file);
/* The counters of a stream. */
pgsql_counters *pgsql_report_counters(rt_stream stream);
/* Records the table a stream loads (its quoted name, for the report). */
void pgsql_report_set_table(rt_stream stream, const char *quoted_name);
/* The rt_sink callbacks stats and report (they do not use the instance). */
void pgsql_report_stats(void *instance, rt_stream stream, rt_sink_stats *out);
void pgsql_report_write(void *instance, rt_report *report);

#endif
