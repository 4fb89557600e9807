/* pgsql_report.c — the pgsql sink's counters in the core's stats and in the end report. */
#include <inttypes.h>

#include "pgsql_report.h"

void pgsql_report_stats(const pgsql_counters *c, rt_sink_stats *out)
{
    out->rows_written = atomic_load(&c->rows_loaded);
    out->bytes_written = atomic_load(&c->bytes_loaded);
    out->rows_failed = atomic_load(&c->rows_rejected);
}

void pgsql_report_stream(rt_report *report, rt_stream stream, const char *table, const pgsql_counters *c)
{
    int64_t first = atomic_load(&c->first_row_ms), last = atomic_load(&c->last_commit_ms);
    double seconds = first && last > first ? (double)(last - first) / 1000.0 : 0.0;
    rt_report_line(report, "%s into %s: %" PRIuFAST64 " rows loaded in %" PRIuFAST64 " transactions (%.3f s from the "
                   "first row to the last commit), %" PRIuFAST64 " rows rejected, %" PRIuFAST64 " retries (%" PRIuFAST64
                   " reconnects, %" PRIuFAST64 " rows sent again, %" PRIuFAST64 " unanswered commits checked, %"
                   PRIuFAST64 " of them done)",
                   rt_stream_name(stream), table, atomic_load(&c->rows_loaded), atomic_load(&c->transactions), seconds,
                   atomic_load(&c->rows_rejected), atomic_load(&c->retries), atomic_load(&c->reconnects),
                   atomic_load(&c->rows_replayed), atomic_load(&c->commits_checked), atomic_load(&c->commits_found));
}
