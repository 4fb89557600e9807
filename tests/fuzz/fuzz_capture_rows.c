/* fuzz_capture_rows.c — libFuzzer target for the whole path from a capture file to text rows: the
 * input is a pcap or pcapng file, read by the real capture reader from memory (fuzz_memfile),
 * decoded, placed into flows (a small table, so that eviction, timeouts and fragment attribution
 * all happen), run through the default plugins (loaded once from the build tree) and written by
 * the row writer into batches that a sink renders with the classic text renderer. Every input
 * gets its own capture, analyzer, flow table and sink thread; the plugins are initialised and
 * finished around each input, so no state carries over. A rendered batch must consume exactly
 * its bytes (abort otherwise).
 *
 * The plugins are looked for in $ROWTAP_PLUGIN_PATH, then in FUZZ_PLUGIN_DIR (the build tree's
 * plugins/.libs, set at compile time). */
#include <stdio.h>
#include <stdlib.h>

#include "analyzer.h"
#include "fuzz_memfile.h"
#include "fuzz_target.h"
#include "module_loader.h"
#include "options.h"
#include "report.h"
#include "run_info.h"
#include "text_render.h"

#define FUZZ_FLOW_TABLE_SIZE 32
#define FUZZ_FRAG_TABLE_SIZE 16
#define FUZZ_FLOW_TIMEOUT_NS 5000000000ll
#define FUZZ_BATCH_BYTES 4096

typedef struct fuzz_rows_sink {
    rt_buffer text;
    text_style styles[RT_STREAM_COUNT];
} fuzz_rows_sink;

static int fuzz_sink_open(rt_module *self, const rt_run *run, void **instance)
{
    fuzz_rows_sink *sink = calloc(1, sizeof *sink);
    if (!sink)
        return -1;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        sink->styles[s] = text_style_for((rt_stream)s, run->time_digits);
    *instance = sink;
    return 0;
}

/* Renders every row of the batch; the cursor must end exactly at the batch's end. */
static rt_sink_status fuzz_sink_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    fuzz_rows_sink *sink = instance;
    *rows_failed = 0;
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    for (uint32_t i = 0; i < batch->n_rows; i++) {
        sink->text.len = 0;
        text_render_row(&sink->text, batch->schema, &cursor, &sink->styles[batch->stream]);
    }
    if (cursor.pos != cursor.end)
        abort();
    return RT_SINK_OK;
}

static void fuzz_sink_destroy(void *instance)
{
    fuzz_rows_sink *sink = instance;
    buffer_free(&sink->text);
    free(sink);
}

static const rt_sink fuzz_rows_sink_desc = {
    RT_SINK_HEADER,
    .name = "fuzzRows",
    .version = "1",
    .description = "renders rows as text in memory",
    .open = fuzz_sink_open,
    .write = fuzz_sink_write,
    .destroy = fuzz_sink_destroy,
};

static rt_module fuzz_sink_module = { .kind = MODULE_SINK, .name = "fuzzRows", .sink = &fuzz_rows_sink_desc };

/* What stays loaded for the whole process: the plugins, the schemas, the run description. */
static struct {
    rt_module **plugins;
    size_t n_plugins;
    schema_registry schemas[RT_STREAM_COUNT];
    FILE *devnull;
} fuzz;

static void fuzz_setup(void)
{
    char err[4096];
    module_path path;
    module_path_build(&path, NULL, "ROWTAP_PLUGIN_PATH", "plugins/.libs", FUZZ_PLUGIN_DIR);
    if (module_load_plugins(MODULE_DEFAULT_PLUGINS, &path, &fuzz.plugins, &fuzz.n_plugins, err, sizeof err) < 0
        || options_validate(fuzz.plugins, fuzz.n_plugins, err, sizeof err) < 0
        || analyzer_build_schemas(fuzz.plugins, fuzz.n_plugins, 1, fuzz.schemas, err, sizeof err) < 0) {
        fprintf(stderr, "fuzz_capture_rows: %s\n", err);
        exit(1);
    }
    module_path_free(&path);
    fuzz.devnull = fopen("/dev/null", "w");
    if (!fuzz.devnull) {
        perror("fuzz_capture_rows: /dev/null");
        exit(1);
    }
    static const char *names[16], *versions[16];
    for (size_t i = 0; i < fuzz.n_plugins && i < 16; i++) {
        names[i] = fuzz.plugins[i]->name;
        versions[i] = fuzz.plugins[i]->plugin->version;
    }
    rt_run *run = run_info_get_mutable();
    run->program_version = "fuzz";
    run->prefix = "fuzz";
    run->sensor_id = 666;
    run->time_digits = 6;
    run->command_line = "rowtap -s";
    run->run_id = "666-0-0";
    run->n_plugins = (unsigned)(fuzz.n_plugins < 16 ? fuzz.n_plugins : 16);
    run->plugin_names = names;
    run->plugin_versions = versions;
    run->schemas[RT_STREAM_FLOWS] = &fuzz.schemas[RT_STREAM_FLOWS].schema;
    run->schemas[RT_STREAM_PACKETS] = &fuzz.schemas[RT_STREAM_PACKETS].schema;
}

/* Reads the capture to its end through a fresh analyzer and sink, then writes the end report. */
static void fuzz_run(capture *cap)
{
    const rt_run *run = rt_run_get();
    if (analyzer_plugins_init(fuzz.plugins, fuzz.n_plugins) < 0)
        abort();
    rt_module *sink_list[] = { &fuzz_sink_module };
    sink_runner *sinks = sink_runner_start(sink_list, 1, run, 0, 2, FUZZ_BATCH_BYTES);
    analyzer_config config = {
        .packet_mode = 1,
        .time_digits = run->time_digits,
        .flow_timeout = FUZZ_FLOW_TIMEOUT_NS,
        .flow_table_size = FUZZ_FLOW_TABLE_SIZE,
        .frag_table_size = FUZZ_FRAG_TABLE_SIZE,
    };
    analyzer *a = sinks ? analyzer_new(&config, fuzz.plugins, fuzz.n_plugins, run, sinks) : NULL;
    if (!a)
        abort();
    static volatile sig_atomic_t never_stop;
    analyzer_run(a, cap, &never_stop);
    analyzer_end_flows(a, &never_stop);
    if (sink_runner_finish(sinks) < 0)
        abort();
    report_input in = {
        .run = run, .input = "fuzz input", .linktype = capture_linktype(cap), .snaplen = capture_snaplen(cap),
        .flow_table_size = FUZZ_FLOW_TABLE_SIZE, .plugins = fuzz.plugins, .n_plugins = fuzz.n_plugins, .sinks = sinks,
    };
    report_write(fuzz.devnull, &in, a);
    analyzer_plugins_finish(fuzz.plugins, fuzz.n_plugins);
    sink_runner_free(sinks);
    analyzer_free(a);
}

/* libFuzzer's start hook: the plugins are loaded before fuzzing starts, so that their code counts
 * from the first input (replay_main.c does not call it: the first input loads them). */
int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_setup();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz.plugins)
        fuzz_setup();
    const char *path = fuzz_memfile(data, size);
    char err[1024];
    capture *cap = capture_open_files(&path, 1, err, sizeof err);
    if (!cap)
        return 0;
    fuzz_run(cap);
    capture_close(cap);
    return 0;
}
