/* main.c — rowtap's entry point: reads the command line and options, loads plugins and sinks,
 * opens the input, gives up root's rights (-Z), runs the analyzer, writes the end report and sets
 * the exit status (0 all rows written; 1 the run completed with errors; 2 bad command line or
 * options). Signals: SIGINT/SIGTERM stop reading, then every flow is ended and every sink
 * flushed; a second one gives up what is not written yet; SIGUSR1 asks for a status report.
 * The handlers only set flags and wake the capture; the analyzer thread acts on them. */
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
#include "options_catalog.h"
#include "output_prefix.h"
#include "privileges.h"
#include "progress.h"
#include "report.h"
#include "run_info.h"
#include "schema_export.h"
#include "sink_runner.h"

#define EXIT_RUN_ERRORS 1
#define EXIT_USAGE 2

static volatile sig_atomic_t stop_requested, status_requested;
static capture *volatile active_capture;
static sink_runner *volatile active_sinks;

/* SIGINT, SIGTERM: the first stops reading; the second gives up the rows not written yet and
 * restores the default action, so that a third one ends the process at once. */
static void on_stop_signal(int sig)
{
    (void)sig;
    if (stop_requested < 2)
        stop_requested++;
    if (stop_requested == 2) {
        struct sigaction default_action;
        memset(&default_action, 0, sizeof default_action);
        default_action.sa_handler = SIG_DFL;
        sigemptyset(&default_action.sa_mask);
        sigaction(SIGINT, &default_action, NULL);
        sigaction(SIGTERM, &default_action, NULL);
        if (active_sinks)
            sink_runner_abandon(active_sinks);
    }
    if (active_capture)
        capture_interrupt(active_capture);
}

/* SIGUSR1: a status report, written by the analyzer thread between frames or when woken. */
static void on_status_signal(int sig)
{
    (void)sig;
    status_requested = 1;
    if (active_capture)
        capture_wake(active_capture);
}

/* Without SA_RESTART, so that a read blocked on a pipe or FIFO returns for the flags too. */
static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sigemptyset(&sa.sa_mask);
    sa.sa_handler = on_stop_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sa.sa_handler = on_status_signal;
    sigaction(SIGUSR1, &sa, NULL);
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
    privileges_user user;      /* -Z */
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
        options_catalog_print(stdout, cli->list_options_format, st->plugins, st->n_plugins, st->sinks, st->n_sinks,
                              &st->plugin_path, &st->sink_path);
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
        if (schema_export_print(stdout, cli->schema_format, schemas, st->plugins, st->n_plugins, st->sinks,
                                st->n_sinks, err, err_size) < 0)
            return usage_error(err);
        return -1;
    }
    return 0;
}

/* Fills the rt_run description (the prefix is filled in st->prefix later, when the output
 * folders are made). */
static void describe_run(run_state *st, int argc, char **argv)
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

/* What the end report and the status report describe besides the analyzer. */
typedef struct run_context {
    run_state *st;
    capture *cap;
    analyzer *a;
    sink_runner *sinks;
    int64_t started;           /* monotonic clock at the start of the analysis */
    uint32_t flow_table_size;
    capture_stats live;        /* the live capture's counters, for the end report */
    progress line;             /* the progress line on a terminal */
} run_context;

static report_input report_input_of(run_context *c)
{
    const rt_run *run = rt_run_get();
    const cli_options *cli = &c->st->cli;
    report_input in = {
        .run = run,
        .input = cli->interface ? cli->interface : cli->read_list ? cli->read_list : cli->read_file,
        .linktype = capture_linktype(c->cap),
        .snaplen = capture_snaplen(c->cap),
        .filter = cli->filter,
        .live = run->live ? &c->live : NULL,
        .elapsed_ns = now_ns(CLOCK_MONOTONIC) - c->started,
        .flow_table_size = c->flow_table_size,
        .plugins = c->st->plugins,
        .n_plugins = c->st->n_plugins,
        .sinks = c->sinks,
    };
    return in;
}

/* analyzer_set_status callback (SIGUSR1). */
static void write_status(void *arg)
{
    run_context *c = arg;
    report_input in = report_input_of(c);
    progress_clear(&c->line);
    report_status_write(stderr, &in, c->a, c->cap);
}

/* analyzer_set_tick callback: redraws the progress line when it is due. */
static void draw_progress(void *arg)
{
    run_context *c = arg;
    int64_t now = now_ns(CLOCK_MONOTONIC);
    if (!progress_due(&c->line, now))
        return;
    char text[512];
    report_input in = report_input_of(c);
    report_progress_text(text, sizeof text, &in, c->a, c->cap);
    progress_show(&c->line, text, now);
}

/* log_set_before callback: no message is written over the progress line. */
static void clear_progress(void *arg)
{
    progress_clear(&((run_context *)arg)->line);
}

/* After the input: says what an interrupt did; returns 1 when a second one gave rows up. */
static int report_interrupt(void)
{
    if (stop_requested >= 2) {
        log_warning("interrupted twice: flows not ended yet and rows not written yet were given up");
        return 1;
    }
    if (stop_requested)
        log_warning("interrupted: reading stopped; every flow is ended and every sink flushed (interrupt again to "
                    "stop at once)");
    return 0;
}

/* Runs the analysis once everything is loaded; returns the exit status. */
static int run_analysis(run_state *st, capture *cap)
{
    const rt_module *core = &options_core_module;
    const rt_run *run = rt_run_get();
    run_context ctx = { .st = st, .cap = cap, .started = now_ns(CLOCK_MONOTONIC) };
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
    ctx.a = a;
    ctx.sinks = sinks;
    ctx.flow_table_size = config.flow_table_size;
    active_sinks = sinks;
    if (stop_requested >= 2)
        sink_runner_abandon(sinks);
    analyzer_set_status(a, &status_requested, write_status, &ctx);
    progress_init(&ctx.line, stderr, st->cli.quiet, rt_option_int(core, "progressMs") * 1000000);
    analyzer_set_tick(a, draw_progress, &ctx);
    log_set_before(clear_progress, &ctx);
    analyzer_run(a, cap, &stop_requested);
    progress_clear(&ctx.line);
    if (sink_runner_failed(sinks))
        log_error("a sink failed: the input was not read to its end");
    sink_runner_reading_done(sinks);
    analyzer_end_flows(a, &stop_requested);
    int sinks_ok = sink_runner_finish(sinks) == 0;
    int given_up = report_interrupt();

    capture_get_stats(cap, &ctx.live);
    report_input in = report_input_of(&ctx);
    log_set_before(NULL, NULL);
    progress_clear(&ctx.line);
    report_write(st->report_out, &in, a);
    fflush(st->report_out);
    analyzer_plugins_finish(st->plugins, st->n_plugins);
    active_sinks = NULL;
    sink_runner_free(sinks);
    analyzer_free(a);
    return sinks_ok && !given_up && log_error_count() == 0 ? 0 : EXIT_RUN_ERRORS;
}

/* Opens the input, gives up root's rights (-Z), makes the output folders and runs the analysis;
 * returns the exit status. */
static int open_and_run(run_state *st)
{
    char err[4096];
    capture *cap = open_input(st, err, sizeof err);
    if (!cap) {
        log_error("%s", err);
        return EXIT_RUN_ERRORS;
    }
    int status = -1;
    int flows_to_stdout = 0;
    if (st->cli.filter && capture_set_filter(cap, st->cli.filter, err, sizeof err) < 0)
        status = usage_error(err);
    else if (st->cli.user && privileges_drop(&st->user, err, sizeof err) < 0) {
        log_error("%s", err);
        status = EXIT_RUN_ERRORS;
    } else if (output_prefix_make(st->cli.read_list ? st->cli.read_list : st->cli.read_file, st->cli.interface,
                                  st->cli.write, st->prefix, sizeof st->prefix, &flows_to_stdout, err,
                                  sizeof err) < 0)
        status = usage_error(err);
    if (status < 0) {
        run_info_get_mutable()->flows_to_stdout = flows_to_stdout;
        st->report_out = open_report(st, flows_to_stdout);
        active_capture = cap;
        install_signals();
        status = run_analysis(st, cap);
        active_capture = NULL;
    }
    capture_close(cap);
    return status;
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
    if (st.cli.user && privileges_lookup(st.cli.user, &st.user, err, sizeof err) < 0) {
        status = usage_error(err);
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
    describe_run(&st, argc, argv);
    status = open_and_run(&st);
out:
    run_state_free(&st);
    return status;
}
