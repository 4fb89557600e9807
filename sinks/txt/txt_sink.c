/* txt_sink.c — the txt sink's callbacks: creating the three files, rendering batches with
 * text_render and reporting counters per stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "text_render.h"
#include "txt_dictionary.h"
#include "txt_output.h"
#include "txt_sink.h"

typedef struct txt_instance {
    const rt_module *self;
    int direct_io;                       /* txt.directIO */
    txt_output outputs[RT_STREAM_COUNT]; /* the flow and packet files */
    text_style styles[RT_STREAM_COUNT];
} txt_instance;

static const rt_option txt_options[] = {
    { "directIO", RT_OPT_BOOL, "true",
      "write the flow and packet files with O_DIRECT where the file system allows it (not through the page cache)",
      NULL, 0, 0, 0 },
};

/* File suffix after the prefix, per stream. */
static const char *const stream_suffix[RT_STREAM_COUNT] = {
    [RT_STREAM_PACKETS] = "_packets.txt",
    [RT_STREAM_FLOWS] = "_flows.txt",
};

static char *prefixed_path(const char *prefix, const char *suffix)
{
    size_t n = strlen(prefix) + strlen(suffix) + 1;
    char *path = malloc(n);
    if (path)
        snprintf(path, n, "%s%s", prefix, suffix);
    return path;
}

/* The file name shown in the dictionary: the path without its directories ("standard output"
 * stays as it is). */
static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static int close_all(txt_instance *sink)
{
    int status = 0;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (txt_output_close(&sink->outputs[s], sink->self) < 0)
            status = -1;
    return status;
}

/* Opens the data file of one stream (standard output for flows with -w -) and renders its
 * column-name row, which reaches the file with the first chunk, flush or close. */
static int open_stream(txt_instance *sink, const rt_run *run, rt_stream stream)
{
    txt_output *out = &sink->outputs[stream];
    char *path = NULL;
    if (!(stream == RT_STREAM_FLOWS && run->flows_to_stdout)) {
        path = prefixed_path(run->prefix, stream_suffix[stream]);
        if (!path) {
            rt_log_error(sink->self, "out of memory");
            return -1;
        }
    }
    int status = txt_output_open(out, sink->self, path, sink->direct_io);
    free(path);
    if (status < 0)
        return -1;
    text_render_names(&out->text, run->schemas[stream]);
    sink->styles[stream] = text_style_for(stream, run->time_digits);
    return 0;
}

static int write_dictionary(txt_instance *sink, const rt_run *run)
{
    txt_output dictionary;
    txt_output_init(&dictionary);
    char *path = prefixed_path(run->prefix, "_headers.txt");
    const txt_output *flows = &sink->outputs[RT_STREAM_FLOWS];
    const txt_output *packets = &sink->outputs[RT_STREAM_PACKETS];
    int status = -1;
    if (!path)
        rt_log_error(sink->self, "out of memory");
    else if (txt_output_open(&dictionary, sink->self, path, 0) == 0) {
        txt_dictionary_render(&dictionary.text, run, base_name(flows->name),
                              packets->name ? base_name(packets->name) : "");
        status = 0;
    }
    if (txt_output_close(&dictionary, sink->self) < 0)
        status = -1;
    free(path);
    return status;
}

static int txt_open(rt_module *self, const rt_run *run, void **instance)
{
    if (!run->schemas[RT_STREAM_FLOWS] || !run->prefix) {
        rt_log_error(self, "internal error: the run has no flow schema or no output prefix");
        return -1;
    }
    txt_instance *sink = calloc(1, sizeof *sink);
    if (!sink) {
        rt_log_error(self, "out of memory");
        return -1;
    }
    sink->self = self;
    sink->direct_io = rt_option_bool(self, "directIO");
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        txt_output_init(&sink->outputs[s]);
    int status = open_stream(sink, run, RT_STREAM_FLOWS);
    if (status == 0 && run->schemas[RT_STREAM_PACKETS])
        status = open_stream(sink, run, RT_STREAM_PACKETS);
    if (status == 0)
        status = write_dictionary(sink, run);
    if (status < 0) {
        close_all(sink);
        free(sink);
        return -1;
    }
    *instance = sink;
    return 0;
}

static rt_sink_status txt_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    txt_instance *sink = instance;
    if (rows_failed)
        *rows_failed = 0;
    if ((unsigned)batch->stream >= RT_STREAM_COUNT || sink->outputs[batch->stream].fd < 0) {
        rt_log_error(sink->self, "internal error: a batch of %s rows, but that file was not opened",
                     rt_stream_name(batch->stream));
        return RT_SINK_FATAL;
    }
    txt_output *out = &sink->outputs[batch->stream];
    const text_style *style = &sink->styles[batch->stream];
    if (out->failed)
        return RT_SINK_FATAL;
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    for (uint32_t i = 0; i < batch->n_rows; i++)
        text_render_row(&out->text, batch->schema, &cursor, style);
    txt_output_add_rows(out, batch->n_rows);
    if (cursor.pos != cursor.end) {
        rt_log_error(sink->self, "internal error: a batch of %u %s rows does not match its size (%zu bytes)",
                     batch->n_rows, rt_stream_name(batch->stream), batch->size);
        return RT_SINK_FATAL;
    }
    if (txt_output_write_chunk(out, sink->self, batch->n_rows, TXT_SINK_CHUNK_BYTES) < 0)
        return RT_SINK_FATAL;
    return RT_SINK_OK;
}

static rt_sink_status txt_flush(void *instance)
{
    txt_instance *sink = instance;
    rt_sink_status status = RT_SINK_OK;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (sink->outputs[s].fd >= 0 && txt_output_flush(&sink->outputs[s], sink->self, 0) < 0)
            status = RT_SINK_FATAL;
    return status;
}

static rt_sink_status txt_close(void *instance)
{
    return close_all(instance) < 0 ? RT_SINK_FATAL : RT_SINK_OK;
}

static void txt_destroy(void *instance)
{
    free(instance);
}

static void txt_stats(void *instance, rt_stream stream, rt_sink_stats *stats)
{
    const txt_instance *sink = instance;
    memset(stats, 0, sizeof *stats);
    if ((unsigned)stream >= RT_STREAM_COUNT)
        return;
    const txt_output *out = &sink->outputs[stream];
    stats->rows_written = atomic_load_explicit(&out->rows_written, memory_order_relaxed);
    stats->bytes_written = atomic_load_explicit(&out->bytes_written, memory_order_relaxed);
    stats->rows_failed = atomic_load_explicit(&out->rows_failed, memory_order_relaxed);
}

const rt_sink txt_sink = {
    RT_SINK_HEADER,
    .name = "txt",
    .version = PACKAGE_VERSION,
    .description = "classic Tranalyzer2 text files: <prefix>_flows.txt, _packets.txt (-s), _headers.txt",
    .options = txt_options,
    .n_options = sizeof txt_options / sizeof txt_options[0],
    .open = txt_open,
    .write = txt_write,
    .flush = txt_flush,
    .close = txt_close,
    .stats = txt_stats,
    .destroy = txt_destroy,
};
