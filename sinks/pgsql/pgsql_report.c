/* pgsql_report.c — counters of the pgsql sink and its end report lines. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "pgsql_report.h"

static pgsql_counters counters[RT_STREAM_COUNT];
static char tables[RT_STREAM_COUNT][160];
static char reject_path[1024];

void pgsql_report_reset(const char *reject_file)
{
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        pgsql_counters *c = &counters[s];
        atomic_uint_fast64_t *all[] = { &c->rows_loaded, &c->bytes_loaded, &c->rows_rejected, &c->transactions,
                                        &c->retries, &c->reconnects, &c->rows_replayed, &c->commits_checked,
                                        &c->commits_found };
        for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
            atomic_store(all[i], 0);
        tables[s][0] = '\0';
    }
    snprintf(reject_path, sizeof reject_path, "%s", reject_file ? reject_file : "");
}

pgsql_counters *pgsql_report_counters(rt_stream stream)
{
    return &counters[stream];
}

void pgsql_report_set_table(rt_stream stream, const char *quoted_name)
{
    snprintf(tables[stream], sizeof tables[stream], "%s", quoted_name);
}

void pgsql_report_stats(void *instance, rt_stream stream, rt_sink_stats *out)
{
    (void)instance;
    out->rows_written = atomic_load(&counters[stream].rows_loaded);
    out->bytes_written = atomic_load(&counters[stream].bytes_loaded);
    out->rows_failed = atomic_load(&counters[stream].rows_rejected);
}

void pgsql_report_write(void *instance, rt_report *report)
{
    (void)instance;
    for (int s = RT_STREAM_COUNT - 1; s >= 0; s--) {
        if (!tables[s][0])
            continue;
        const pgsql_counters *c = &counters[s];
        rt_report_line(report, "%s into %s: %" PRIuFAST64 " rows loaded in %" PRIuFAST64 " transactions, %" PRIuFAST64
                       " rows rejected, %" PRIuFAST64 " retries (%" PRIuFAST64 " reconnects, %" PRIuFAST64
                       " rows sent again, %" PRIuFAST64 " unanswered commits checked, %" PRIuFAST64 " of them done)",
                       rt_stream_name((rt_stream)s), tables[s], atomic_load(&c->rows_loaded),
                       atomic_load(&c->transactions), atomic_load(&c->rows_rejected), atomic_load(&c->retries),
                       atomic_load(&c->reconnects), atomic_load(&c->rows_replayed), atomic_load(&c->commits_checked),
                       atomic_load(&c->commits_found));
    }
    if (reject_path[0] && (atomic_load(&counters[0].rows_rejected) || atomic_load(&counters[1].rows_rejected)))
        rt_report_line(report, "rejected rows written to %s", reject_path);
}
