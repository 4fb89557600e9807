/* main.c — rowtap's entry point: reads the command line and options, loads plugins and sinks,
 * opens the input, runs the analyzer, writes the end report and sets the exit status
 * (0 all rows written; 1 the run completed with errors; 2 bad command line or options). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "capture.h"
#include "cli.h"
#include "config.h"
#include "input_list.h"
#include "log.h"
#include "module_loader.h"
#include "options.h"
#include "output_prefix.h"
#include "report.h"
#include "run_info.h"
#include "schema_sql.h"
#include "sink_runner.h"

#define EXIT_RUN_ERRORS 1
#define EXIT_USAGE 2

static volatile sig_atomic_t stop_requested;
static capture *active_capture;
static sink_runner *active_sinks;

static void on_stop_signal(int sig)
{
    (void)sig;
    if (++stop_requested >= 2 && active_sinks)
        sink_runner_abandon(active_sinks);
    if (active_capture)
        capture_interrupt(active_capture);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

static int usage_error(const char *message)
{
    fprintf(stderr, "rowtap: error: %s\n", message);
    return EXIT_USAGE;
}

static int64_t now_ns(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Reads the BPF filter of -F. */
static char *read_filter_file(const char *path, char *err, size_t err_size)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, err_size, "cannot read filter file '%s' (-F): %s", path, strerror(errno));
        return NULL;
    }
    char *text = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&text, &cap, '\0', f);
    fclose(f);
    if (n < 0) {
        free(text);
        return strdup("");
    }
    for (char *p = text; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    return text;
}

/* Everything a run holds, released in one place. */
typedef struct run_state {
    cli_options cli;
    module_path plugin_path, sink_path;
    rt_module **plugins, **sinks, **all;
    size_t n_plugins, n_sinks;
    schema_registry schemas[RT_STREAM_COUNT];
    char **inputs;
    long n_inputs;
    char *command_line;
    char prefix[4096];
    FILE *report_out;
} run_state;

static void run_state_free(run_state *st)
{
    schema_registry_free(&st->schemas[RT_STREAM_PACKETS]);
    schema_registry_free(&st->schemas[RT_STREAM_FLOWS]);
    free(st->all);
    module_unload(st->plugins, st->n_plugins);
    module_unload(st->sinks, st->n_sinks);
    module_path_free(&st->plugin_path);
    module_path_free(&st->sink_path);
    if (st->inputs)
        input_list_free(st->inputs, st->n_inputs);
    free(st->command_line);
    if (st->report_out && st->report_out != stdout && st->report_out != stderr)
        fclose(st->report_out);
    cli_free(&st->cli);
    options_reset();
}

/* Options, plugins and sinks; returns 0 or an exit status. */
static int load_configuration(run_state *st, char *err, size_t err_size)
{
    cli_options *cli = &st->cli;
    if (cli->config_file && options_load_file(cli->config_file, err, err_size) < 0)
        return usage_error(err);
    for (size_t i = 0; i < cli->n_assignments; i++)
        if (options_add(cli->assignments[i], "-X", err, err_size) < 0)
            return usage_error(err);
    module_path_build(&st->plugin_path, cli->plugin_dirs, "ROWTAP_PLUGIN_PATH", "plugins/.libs", ROWTAP_PLUGIN_DIR);
    module_path_build(&st->sink_path, NULL, "ROWTAP_SINK_PATH", "sinks/.libs", ROWTAP_SINK_DIR);
    if (module_load_plugins(cli->plugins ? cli->plugins : MODULE_DEFAULT_PLUGINS, &st->plugin_path, &st->plugins,
                            &st->n_plugins, err, err_size) < 0
        || module_load_sinks(cli->sinks, &st->sink_path, &st->sinks, &st->n_sinks, err, err_size) < 0)
        return usage_error(err);
    st->all = calloc(st->n_plugins + st->n_sinks, sizeof *st->all);
    if (!st->all)
        return usage_error("out of memory");
    memcpy(st->all, st->plugins, st->n_plugins * sizeof *st->all);
    memcpy(st->all + st->n_plugins, st->sinks, st->n_sinks * sizeof *st->all);
    if (cli->list_options) {
        options_list(stdout, st->all, st->n_plugins + st->n_sinks);
        return -1;
    }
    if (options_validate(st->all, st->n_plugins + st->n_sinks, err, err_size) < 0)
        return usage_error(err);
    if (analyzer_build_schemas(st->plugins, st->n_plugins, cli->packet_mode, st->schemas, err, err_size) < 0)
        return usage_error(err);
    if (cli->schema_format) {
        const rt_schema *schemas[RT_STREAM_COUNT] = {
            [RT_STREAM_PACKETS] = cli->packet_mode ? &st->schemas[RT_STREAM_PACKETS].schema : NULL,
            [RT_STREAM_FLOWS] = &st->schemas[RT_STREAM_FLOWS].schema,
        };
        if (schema_sql_print(stdout, schemas, st->sinks, st->n_sinks, err, err_size) < 0)
            return usage_error(err);
        return -1;
    }
    return 0;
}

/* Fills the rt_run description. */
static void describe_run(run_state *st, int argc, char **argv, int flows_to_stdout)
{
    rt_run *run = run_info_get_mutable();
    static const char *names[256], *versions[256];
    size_t n = st->n_plugins < 256 ? st->n_plugins : 256;
    for (size_t i = 0; i < n; i++) {
        names[i] = st->plugins[i]->name;
        versions[i] = st->plugins[i]->plugin->version;
    }
    static char run_id[192];
    run->program_version = PACKAGE_VERSION;
    run->prefix = st->prefix;
    run->flows_to_stdout = flows_to_stdout;
    run->sensor_id = st->cli.sensor_id;
    run->time_digits = strcmp(options_value(&options_core_module, "timePrecision"), "ns") == 0 ? 9 : 6;
    run->live = st->cli.interface != NULL;
    st->command_line = cli_masked_command_line(argc, argv);
    run->command_line = st->command_line ? st->command_line : "";
    run->start_time = now_ns(CLOCK_REALTIME);
    char host[64] = "";
    gethostname(host, sizeof host - 1);
    snprintf(run_id, sizeof run_id, "%llu-%s-%lld-%ld", (unsigned long long)run->sensor_id, host,
             (long long)(run->start_time / 1000000000), (long)getpid());
    run->run_id = run_id;
    run->n_plugins = (unsigned)n;
    run->plugin_names = names;
    run->plugin_versions = versions;
    run->schemas[RT_STREAM_FLOWS] = &st->schemas[RT_STREAM_FLOWS].schema;
    run->schemas[RT_STREAM_PACKETS] = st->cli.packet_mode ? &st->schemas[RT_STREAM_PACKETS].schema : NULL;
}

static capture *open_input(run_state *st, char *err, size_t err_size)
{
    cli_options *cli = &st->cli;
    if (cli->interface) {
        capture_live_options lo = {
            .promiscuous = rt_option_bool(&options_capture_module, "promisc"),
            .snaplen = (int)rt_option_int(&options_capture_module, "snaplen"),
            .buffer_size = (int)rt_option_int(&options_capture_module, "bufferSize"),
            .timeout_ms = (int)rt_option_int(&options_capture_module, "timeoutMs"),
            .nanoseconds = rt_run_get()->time_digits == 9,
        };
        return capture_open_live(cli->interface, &lo, err, err_size);
    }
    if (cli->read_list) {
        st->n_inputs = input_list_read(cli->read_list, &st->inputs, err, err_size);
        if (st->n_inputs < 0)
            return NULL;
        return capture_open_files((const char *const *)st->inputs, (size_t)st->n_inputs, err, err_size);
    }
    return capture_open_files(&cli->read_file, 1, err, err_size);
}

static FILE *open_report(run_state *st, int flows_to_stdout)
{
    if (!st->cli.log_file)
        return flows_to_stdout ? stderr : stdout;
    char path[4200];
    snprintf(path, sizeof path, "%s_log.txt", st->prefix);
    FILE *f = fopen(path, "w");
    if (!f) {
        log_error("cannot create the log file '%s': %s; the report goes to standard error", path, strerror(errno));
        return stderr;
    }
    return f;
}

static analyzer_config analyzer_settings(const run_state *st)
{
    const rt_module *core = &options_core_module;
    analyzer_config c = {
        .packet_mode = st->cli.packet_mode,
        .time_digits = rt_run_get()->time_digits,
        .flow_timeout = rt_option_int(core, "flowTimeout") * 1000000000,
        .flow_table_size = (uint32_t)rt_option_int(core, "flowTableSize"),
        .frag_table_size = (uint32_t)rt_option_int(core, "fragTableSize"),
        .ip_packet_bits = rt_option_bool(core, "ipPktStatBits"),
        .live = st->cli.interface != NULL,
        .live_flush_ns = rt_option_int(core, "sinkFlushMs") * 1000000,
    };
    return c;
}

/* Runs the analysis once everything is loaded; returns the exit status. */
static int run_analysis(run_state *st, capture *cap)
{
    const rt_module *core = &options_core_module;
    const rt_run *run = rt_run_get();
    int64_t started = now_ns(CLOCK_MONOTONIC);
    if (analyzer_plugins_init(st->plugins, st->n_plugins) < 0)
        return EXIT_RUN_ERRORS;
    sink_runner *sinks = sink_runner_start(st->sinks, st->n_sinks, run, run->live,
                                           (unsigned)rt_option_int(core, "sinkQueue"),
                                           (size_t)rt_option_int(core, "batchBytes"));
    if (!sinks) {
        analyzer_plugins_finish(st->plugins, st->n_plugins);
        return EXIT_RUN_ERRORS;
    }
    analyzer_config config = analyzer_settings(st);
    analyzer *a = analyzer_new(&config, st->plugins, st->n_plugins, run, sinks);
    if (!a) {
        log_error("out of memory for the flow table (core.flowTableSize %u)", config.flow_table_size);
        exit(70);
    }
    active_sinks = sinks;
    active_capture = cap;
    analyzer_run(a, cap, &stop_requested);
    if (sink_runner_failed(sinks))
        log_error("a sink failed: the input was not read to its end");
    if (stop_requested < 2)
        analyzer_end_flows(a);
    int sinks_ok = sink_runner_finish(sinks) == 0;
    active_capture = NULL;

    capture_stats live;
    capture_get_stats(cap, &live);
    report_input in = {
        .run = run,
        .input = st->cli.interface ? st->cli.interface : st->cli.read_list ? st->cli.read_list : st->cli.read_file,
        .linktype = capture_linktype(cap),
        .snaplen = capture_snaplen(cap),
        .filter = st->cli.filter,
        .live = run->live ? &live : NULL,
        .elapsed_ns = now_ns(CLOCK_MONOTONIC) - started,
        .flow_table_size = config.flow_table_size,
        .plugins = st->plugins,
        .n_plugins = st->n_plugins,
        .sinks = sinks,
    };
    report_write(st->report_out, &in, a);
    fflush(st->report_out);
    analyzer_plugins_finish(st->plugins, st->n_plugins);
    active_sinks = NULL;
    sink_runner_free(sinks);
    analyzer_free(a);
    return sinks_ok && log_error_count() == 0 ? 0 : EXIT_RUN_ERRORS;
}

int main(int argc, char **argv)
{
    run_state st;
    memset(&st, 0, sizeof st);
    char err[4096];
    int status;
    if (cli_parse(argc, argv, &st.cli, err, sizeof err) < 0) {
        status = usage_error(err);
        goto out;
    }
    if (st.cli.help || st.cli.version) {
        if (st.cli.help)
            cli_usage(stdout);
        else
            printf("rowtap %s (ABI %d)\n", PACKAGE_VERSION, RT_ABI_VERSION);
        status = 0;
        goto out;
    }
    status = load_configuration(&st, err, sizeof err);
    if (status) {
        status = status < 0 ? 0 : status;
        goto out;
    }
    if (st.cli.filter_file && !(st.cli.filter = read_filter_file(st.cli.filter_file, err, sizeof err))) {
        status = usage_error(err);
        goto out;
    }
    int flows_to_stdout;
    if (output_prefix_make(st.cli.read_list ? st.cli.read_list : st.cli.read_file, st.cli.interface, st.cli.write,
                           st.prefix, sizeof st.prefix, &flows_to_stdout, err, sizeof err) < 0) {
        status = usage_error(err);
        goto out;
    }
    describe_run(&st, argc, argv, flows_to_stdout);
    capture *cap = open_input(&st, err, sizeof err);
    if (!cap) {
        log_error("%s", err);
        status = EXIT_RUN_ERRORS;
        goto out;
    }
    if (st.cli.filter && capture_set_filter(cap, st.cli.filter, err, sizeof err) < 0) {
        capture_close(cap);
        status = usage_error(err);
        goto out;
    }
    st.report_out = open_report(&st, flows_to_stdout);
    install_signals();
    status = run_analysis(&st, cap);
    capture_close(cap);
out:
    run_state_free(&st);
    return status;
}
