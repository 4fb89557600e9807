/* pgsql_sink.c — the PostgreSQL sink (schema/pgsql.md): bulk loads flow and packet rows with
 * binary COPY into typed tables, one connection and one open transaction per stream, committed by
 * size and by time; reconnects and sends uncommitted rows again after transient failures without
 * losing or duplicating rows. This file holds the options and the rt_sink callbacks. */
#include <stdlib.h>
#include <string.h>

#include "pgsql_stream.h"

static const rt_option pgsql_options[] = {
    { "conninfo", RT_OPT_STRING, NULL, "libpq connection string or postgresql:// URI; unset parameters come from the "
      "PG* environment variables, ~/.pgpass and service files, as for psql", NULL, 0, 0, 0 },
    { "applicationName", RT_OPT_STRING, "rowtap", "application_name of the connections (unless conninfo sets one)",
      NULL, 0, 0, 0 },
    { "table.flows", RT_OPT_STRING, SCHEMA_SQL_DEFAULT_FLOWS, "table of the flow rows, [schema.]table", NULL, 0, 0, 0 },
    { "table.packets", RT_OPT_STRING, SCHEMA_SQL_DEFAULT_PACKETS, "table of the packet rows (-s), [schema.]table",
      NULL, 0, 0, 0 },
    { "table.progress", RT_OPT_STRING, SCHEMA_SQL_DEFAULT_PROGRESS, "table recording every committed transaction "
      "(exactly-once loading after failures), [schema.]table", NULL, 0, 0, 0 },
    { "create", RT_OPT_BOOL, "true", "create missing tables from the schema", NULL, 0, 0, 0 },
    { "addColumns", RT_OPT_BOOL, "false", "add columns missing from an existing table (ALTER TABLE ... ADD COLUMN)",
      NULL, 0, 0, 0 },
    { "primaryKey", RT_OPT_BOOL, "false", "give created tables the primary key (sensor_id, run_id, flowind, dir) or "
      "(sensor_id, run_id, pktno)", NULL, 0, 0, 0 },
    { "batchRows", RT_OPT_INT, "50000", "commit a transaction after this many rows", NULL, 1, 100000000, 0 },
    { "batchMs", RT_OPT_INT, "2000", "commit a transaction at the latest this long (ms) after its first row",
      NULL, 1, 86400000, 0 },
    { "batchBytes", RT_OPT_INT, "67108864", "commit a transaction when its rows take this many bytes (they stay in "
      "memory until committed)", NULL, 65536, 1073741824, 0 },
    { "connectTimeout", RT_OPT_INT, "30", "seconds to keep trying to reach the server at start before giving up; "
      "also libpq's connect_timeout unless conninfo sets one", NULL, 0, 86400, 0 },
    { "rejectFile", RT_OPT_STRING, NULL, "file receiving the rows the server refuses, with the reason", NULL, 0, 0,
      0 },
};

typedef struct pgsql_sink {
    pgsql_settings settings;
    pgsql_stream streams[RT_STREAM_COUNT];
    int has[RT_STREAM_COUNT];
    pgsql_counters counters[RT_STREAM_COUNT];
} pgsql_sink;

/* Closes the connections and the reject file; the counters and names stay for the report. */
static void sink_close_outputs(pgsql_sink *sink)
{
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (sink->has[s])
            pgsql_stream_close(&sink->streams[s]);
    if (sink->settings.reject_file)
        fclose(sink->settings.reject_file);
    sink->settings.reject_file = NULL;
}

static void sink_destroy(void *instance)
{
    pgsql_sink *sink = instance;
    if (!sink)
        return;
    sink_close_outputs(sink);
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (sink->has[s])
            pgsql_stream_free(&sink->streams[s]);
    free(sink);
}

static int sink_open(rt_module *self, const rt_run *run, void **instance)
{
    pgsql_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        rt_log_error(self, "out of memory");
        return -1;
    }
    pgsql_settings *cfg = &sink->settings;
    cfg->self = self;
    cfg->conninfo = rt_option_string(self, "conninfo");
    cfg->app_name = rt_option_string(self, "applicationName");
    cfg->create = rt_option_bool(self, "create");
    cfg->add_columns = rt_option_bool(self, "addColumns");
    cfg->primary_key = rt_option_bool(self, "primaryKey");
    cfg->batch_rows = (uint32_t)rt_option_int(self, "batchRows");
    cfg->batch_ms = rt_option_int(self, "batchMs");
    cfg->batch_bytes = (size_t)rt_option_int(self, "batchBytes");
    cfg->connect_timeout_s = (int)rt_option_int(self, "connectTimeout");
    cfg->reject_path = rt_option_string(self, "rejectFile");
    cfg->sensor_id = run->sensor_id;
    cfg->run_id = run->run_id;
    char err[1024];
    if (schema_sql_parse_name(rt_option_string(self, "table.progress"), &cfg->progress, err, sizeof err) < 0) {
        rt_log_error(self, "pgsql.table.progress: %s", err);
        sink_destroy(sink);
        return -1;
    }
    static const char *const table_keys[RT_STREAM_COUNT] = { "table.packets", "table.flows" };
    for (int s = RT_STREAM_COUNT - 1; s >= 0; s--) {
        if (!run->schemas[s])
            continue;
        sink->has[s] = 1;
        if (pgsql_stream_init(&sink->streams[s], cfg, run->schemas[s], rt_option_string(self, table_keys[s]),
                              &sink->counters[s], err, sizeof err) < 0) {
            rt_log_error(self, "pgsql.%s: %s", table_keys[s], err);
            sink_destroy(sink);
            return -1;
        }
    }
    /* Check the tables now, so that a wrong table stops the run before any input is read; a
     * server that cannot be reached yet is tried again from the sink thread. */
    for (int s = RT_STREAM_COUNT - 1; s >= 0; s--)
        if (sink->has[s] && pgsql_stream_prepare(&sink->streams[s]) == RT_SINK_FATAL) {
            sink_destroy(sink);
            return -1;
        }
    *instance = sink;
    return 0;
}

static rt_sink_status sink_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    pgsql_sink *sink = instance;
    *rows_failed = 0;
    if (!sink->has[batch->stream])
        return RT_SINK_OK;
    return pgsql_txn_write(&sink->streams[batch->stream], batch, rows_failed);
}

/* Commits the open transactions of both streams; a stream that must retry is retried as a whole
 * (the other one has nothing left to commit then). */
static rt_sink_status sink_flush(void *instance)
{
    pgsql_sink *sink = instance;
    rt_sink_status result = RT_SINK_OK;
    for (int s = RT_STREAM_COUNT - 1; s >= 0; s--) {
        if (!sink->has[s])
            continue;
        rt_sink_status st = pgsql_txn_flush(&sink->streams[s]);
        if (st == RT_SINK_FATAL || (st == RT_SINK_RETRY && result != RT_SINK_FATAL))
            result = st;
    }
    return result;
}

static rt_sink_status sink_close(void *instance)
{
    pgsql_sink *sink = instance;
    rt_sink_status st = RT_SINK_OK;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (sink->has[s] && sink->streams[s].ends.n) {
            rt_log_error(sink->settings.self, "%s: %zu rows were not committed", sink->streams[s].label,
                         sink->streams[s].ends.n);
            st = RT_SINK_FATAL;
        }
    sink_close_outputs(sink);
    return st;
}

static void sink_stats(void *instance, rt_stream stream, rt_sink_stats *out)
{
    pgsql_sink *sink = instance;
    pgsql_report_stats(&sink->counters[stream], out);
}

static void sink_report(void *instance, rt_report *report)
{
    pgsql_sink *sink = instance;
    uint64_t rejected = 0;
    for (int s = RT_STREAM_COUNT - 1; s >= 0; s--)
        if (sink->has[s]) {
            pgsql_report_stream(report, (rt_stream)s, sink->streams[s].quoted, &sink->counters[s]);
            rejected += atomic_load(&sink->counters[s].rows_rejected);
        }
    if (rejected && sink->settings.reject_path)
        rt_report_line(report, "rejected rows written to %s", sink->settings.reject_path);
}

RT_SINK_DEFINE = {
    RT_SINK_HEADER,
    .name = "pgsql",
    .version = "1.0",
    .description = "PostgreSQL tables loaded with binary COPY (schema/pgsql.md)",
    .options = pgsql_options,
    .n_options = sizeof pgsql_options / sizeof pgsql_options[0],
    .open = sink_open,
    .write = sink_write,
    .flush = sink_flush,
    .close = sink_close,
    .stats = sink_stats,
    .report = sink_report,
    .destroy = sink_destroy,
};
