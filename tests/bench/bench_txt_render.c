/* bench_txt_render.c — throughput of the classic text rendering (run on demand, not a test):
 * 2 million packet rows of the tutorial tables (T2-COMPAT §7.5) rendered into memory, the same
 * rows written through the txt sink into a file, and flow rows dominated by F and D columns.
 * Usage: bench_txt_render [output prefix, default /tmp/rowtap-bench] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "module_internal.h"
#include "row_batch.h"
#include "text_render.h"
#include "tutorial_rows.h"
#include "txt_sink.h"

#define TOTAL_ROWS 2000000u
#define ROWS_PER_BATCH 3000u

static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, uint64_t rows, uint64_t bytes, double seconds)
{
    printf("%-44s %9.0f rows/s  %7.1f MB/s  (%llu rows, %.3f s)\n", what, (double)rows / seconds,
           (double)bytes / seconds / 1e6, (unsigned long long)rows, seconds);
}

/* A batch of the 30 tutorial rows repeated (3000 rows: headers-only rows of Table 1, FTP rows of Table 2). */
static void fill_packets(row_batch *batch)
{
    while (batch->n_rows < ROWS_PER_BATCH) {
        tutorial_append_rows(batch, &tutorial_table1);
        tutorial_append_rows(batch, &tutorial_table2);
    }
}

static const rt_column float_columns[] = {
    RT_COLUMN("flowInd", U64, "Flow index"),
    RT_COLUMN("avgL7PktSz", F, "Mean payload"),
    RT_COLUMN("stdL7PktSz", F, "Standard deviation of payload sizes"),
    RT_COLUMN("minIAT", F, "Shortest gap"),
    RT_COLUMN("maxIAT", F, "Longest gap"),
    RT_COLUMN("avgIAT", F, "Mean gap"),
    RT_COLUMN("stdIAT", F, "Standard deviation of gaps"),
    RT_COLUMN("pktps", F, "Packets per second"),
    RT_COLUMN("bytps", F, "Payload bytes per second"),
    RT_COLUMN("pktAsm", F, "Packet count asymmetry"),
    RT_COLUMN("bytAsm", F, "Payload byte asymmetry"),
    RT_COLUMN("tcpUtm", D, "Estimated uptime"),
};

/* Flow rows with the §8.6 values of flow 35 A, one row in four with integer values and zeros. */
static void fill_floats(row_batch *batch)
{
    static const float a[10] = { 8.363636f, 9.217303f, 0.001748f, 21.78007f, 2.269f,
                                 6.504037f, 0.484795f, 4.054649f, 0.04761905f, -0.8609222f };
    for (uint32_t r = 0; r < ROWS_PER_BATCH; r++) {
        rt_row *row = row_batch_begin_row(batch);
        rt_row_u64(row, r);
        for (int i = 0; i < 10; i++)
            rt_row_float(row, r % 4 ? a[i] : (float)(i * (r % 3)));
        rt_row_double(row, r % 4 ? 12345.678901 * r : 0.0);
        row_batch_end_row(batch);
    }
}

static void bench_render(const char *what, const row_batch *batch)
{
    rt_batch view = row_batch_view(batch);
    text_style style = text_style_for(view.stream, 6);
    rt_buffer text = { 0 };
    uint64_t rows = 0, bytes = 0;
    double start = seconds_now();
    while (rows < TOTAL_ROWS) {
        rt_cursor cursor;
        rt_cursor_init(&cursor, &view);
        text.len = 0;
        for (uint32_t i = 0; i < view.n_rows; i++)
            text_render_row(&text, view.schema, &cursor, &style);
        rows += view.n_rows;
        bytes += text.len;
    }
    report(what, rows, bytes, seconds_now() - start);
    buffer_free(&text);
}

static int bench_sink(const char *prefix, const row_batch *packets, const row_batch *flows)
{
    rt_run run = { .program_version = "bench", .prefix = prefix, .sensor_id = 666, .time_digits = 6,
                   .command_line = "bench_txt_render", .run_id = "bench" };
    run.schemas[RT_STREAM_PACKETS] = packets->schema;
    run.schemas[RT_STREAM_FLOWS] = flows->schema;
    rt_module module = { .kind = MODULE_SINK, .name = "txt", .options = txt_sink.options,
                         .n_options = txt_sink.n_options, .sink = &txt_sink }; /* default options */
    void *instance;
    if (txt_sink.open(&module, &run, &instance) < 0)
        return 1;
    rt_batch view = row_batch_view(packets);
    uint64_t rows = 0;
    uint32_t failed;
    double start = seconds_now();
    while (rows < TOTAL_ROWS) {
        if (txt_sink.write(instance, &view, &failed) != RT_SINK_OK)
            return 1;
        rows += view.n_rows;
    }
    if (txt_sink.flush(instance) != RT_SINK_OK)
        return 1;
    double seconds = seconds_now() - start;
    rt_sink_stats stats;
    txt_sink.stats(instance, RT_STREAM_PACKETS, &stats);
    if (txt_sink.close(instance) != RT_SINK_OK)
        return 1;
    char what[256];
    snprintf(what, sizeof what, "txt sink, packet rows to %s_packets.txt", prefix);
    report(what, stats.rows_written, stats.bytes_written, seconds);
    static const char *const suffixes[] = { "_packets.txt", "_flows.txt", "_headers.txt" };
    for (int i = 0; i < 3; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s%s", prefix, suffixes[i]);
        unlink(path);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *prefix = argc > 1 ? argv[1] : "/tmp/rowtap-bench";
    row_batch packets, flows;
    row_batch_init(&packets, RT_STREAM_PACKETS, tutorial_packet_columns, TUTORIAL_N_PACKET_COLUMNS);
    row_batch_init(&flows, RT_STREAM_FLOWS, float_columns, sizeof float_columns / sizeof float_columns[0]);
    fill_packets(&packets);
    fill_floats(&flows);
    bench_render("render packet rows (tutorial tables)", &packets);
    bench_render("render flow rows (10 F, 1 D columns)", &flows);
    int status = bench_sink(prefix, &packets, &flows);
    row_batch_free(&packets);
    row_batch_free(&flows);
    return status;
}
