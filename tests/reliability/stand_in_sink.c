/* stand_in_sink.c — a sink module standing in for the PostgreSQL or Kafka sink in
 * test_injection_secrets.sh (compiled there twice: with -DSTAND_IN_PGSQL as "pgsql", with
 * -DSTAND_IN_KAFKA as "kafka"), so that their secret options can be given on any build. It
 * declares the options those sinks take (pgsql.conninfo; kafka.topic and any librdkafka property
 * such as kafka.sasl.password), writes nothing, and records the values it received into the
 * file named by $STAND_IN_RECEIVED (appending one "key=value" line each): masking must change
 * what is shown, never what a sink gets. */
#include <stdio.h>
#include <stdlib.h>

#include "rowtap.h"
#include "sink.h"

#ifdef STAND_IN_PGSQL
#define STAND_IN_NAME "pgsql"
static const rt_option stand_in_options[] = {
    { "conninfo", RT_OPT_STRING, NULL, "libpq connection string or URI", NULL, 0, 0, 0 },
};
#else
#define STAND_IN_NAME "kafka"
static const rt_option stand_in_options[] = {
    { "topic", RT_OPT_STRING, "rowtap", "topic prefix", NULL, 0, 0, 0 },
    { "*", RT_OPT_PASSTHROUGH, NULL, "librdkafka property", NULL, 0, 0, 0 },
};
#endif

/* Appends key=value to the file of $STAND_IN_RECEIVED. */
static void stand_in_record(const char *key, const char *value, void *arg)
{
    FILE *out = arg;
    fprintf(out, "%s.%s=%s\n", STAND_IN_NAME, key, value);
}

static int stand_in_open(rt_module *self, const rt_run *run, void **instance)
{
    (void)run;
    const char *path = getenv("STAND_IN_RECEIVED");
    FILE *out = path ? fopen(path, "a") : NULL;
    if (out) {
        for (size_t i = 0; i < sizeof stand_in_options / sizeof stand_in_options[0]; i++) {
            const char *value = rt_option_string(self, stand_in_options[i].key);
            if (stand_in_options[i].type != RT_OPT_PASSTHROUGH && value)
                stand_in_record(stand_in_options[i].key, value, out);
        }
        rt_option_each(self, stand_in_record, out);
        fclose(out);
    }
    *instance = self;
    return 0;
}

static rt_sink_status stand_in_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    (void)instance;
    (void)batch;
    *rows_failed = 0;
    return RT_SINK_OK;
}

RT_SINK_DEFINE = {
    RT_SINK_HEADER,
    .name = STAND_IN_NAME,
    .version = "test",
    .description = "stands in for the " STAND_IN_NAME " sink in tests",
    .options = stand_in_options,
    .n_options = sizeof stand_in_options / sizeof stand_in_options[0],
    .open = stand_in_open,
    .write = stand_in_write,
};
