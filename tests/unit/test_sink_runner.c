/* test_sink_runner.c — the runner's verdict on a run (sink_runner_finish, which sets the exit
 * status): a sink whose stats count failed rows makes the run fail even when every callback
 * returned RT_SINK_OK, as the Kafka sink does for rows whose delivery failed after write. */
#include <check.h>
#include <string.h>

#include "schema_registry.h"
#include "sink_runner.h"
#include "unit_run.h"

static uint64_t failed_rows; /* what the test sink's stats report */

static int test_open(rt_module *self, const rt_run *run, void **instance)
{
    (void)self;
    (void)run;
    *instance = &failed_rows;
    return 0;
}

static rt_sink_status test_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    (void)instance;
    (void)batch;
    *rows_failed = 0;
    return RT_SINK_OK;
}

static void test_stats(void *instance, rt_stream stream, rt_sink_stats *out)
{
    memset(out, 0, sizeof *out);
    if (stream == RT_STREAM_FLOWS)
        out->rows_failed = *(uint64_t *)instance;
}

static const rt_sink test_sink = {
    RT_SINK_HEADER, .name = "test", .open = test_open, .write = test_write, .stats = test_stats,
};

static const rt_column columns[] = { RT_COLUMN("flowInd", U64, "Flow index") };

/* Opens and finishes a runner with the test sink; returns sink_runner_finish's result. */
static int finish_with(uint64_t failed)
{
    char err[256];
    schema_registry reg;
    schema_registry_init(&reg, RT_STREAM_FLOWS);
    ck_assert_int_eq(schema_registry_add(&reg, "core", columns, 1, err, sizeof err), 0);
    rt_run run = { .program_version = "0", .sensor_id = 666, .time_digits = 6 };
    run.schemas[RT_STREAM_FLOWS] = schema_registry_finish(&reg);
    rt_module module = { .kind = MODULE_SINK, .name = "test", .sink = &test_sink };
    rt_module *sinks[] = { &module };
    failed_rows = failed;
    sink_runner *runner = sink_runner_start(sinks, 1, &run, 0, 4, 4096);
    ck_assert_ptr_nonnull(runner);
    int result = sink_runner_finish(runner);
    sink_runner_free(runner);
    schema_registry_free(&reg);
    return result;
}

START_TEST(failed_rows_in_stats_fail_the_run)
{
    ck_assert_int_eq(finish_with(0), 0);
    ck_assert_int_eq(finish_with(3), -1);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sink_runner");
    TCase *tc = tcase_create("sink_runner");
    tcase_add_test(tc, failed_rows_in_stats_fail_the_run);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
