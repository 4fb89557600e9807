/* pgsql_bench_load.c — benchmark helper (tests/bench/pgsql_bench.sh): loads N generated flow or
 * packet rows (shaped like rowtap's default rows) through the pgsql sink as rowtap runs it (sink
 * runner, default options and batch size, server from the PG* variables) and prints the seconds
 * from the first row to the last commit.
 * Usage: pgsql_bench_load flows|packets ROWS TABLE */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pgsql_harness.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "flows") != 0 && strcmp(argv[1], "packets") != 0)) {
        fputs("usage: pgsql_bench_load flows|packets ROWS TABLE\n", stderr);
        return 2;
    }
    int packets = strcmp(argv[1], "packets") == 0;
    uint64_t rows = strtoull(argv[2], NULL, 10);
    char flows_table[128], packets_table[128];
    snprintf(flows_table, sizeof flows_table, "pgsql.table.flows=%s%s", argv[3], packets ? "_flows" : "");
    snprintf(packets_table, sizeof packets_table, "pgsql.table.packets=%s", argv[3]);
    const char *const options[] = { flows_table, packets_table, NULL };
    harness h;
    harness_options(&h, options);
    harness_run(&h, harness_flow_columns, harness_n_flow_columns, packets ? harness_packet_columns : NULL,
                packets ? harness_n_packet_columns : 0, 1, "bench-run");
    if (harness_start(&h, 262144) < 0)
        return 1;
    rt_stream stream = packets ? RT_STREAM_PACKETS : RT_STREAM_FLOWS;
    double start = now_s();
    for (uint64_t i = 0; i < rows; i++) {
        rt_row *row = harness_row_begin(&h, stream);
        if (packets)
            harness_write_packet(row, i);
        else
            harness_write_flow(row, i);
        harness_row_end(&h, stream);
    }
    int rc = harness_finish(&h);
    double elapsed = now_s() - start;
    char *report = harness_report(&h);
    fputs(report, stderr);
    free(report);
    harness_free(&h);
    printf("%.3f\n", elapsed);
    return rc == 0 ? 0 : 1;
}
