/* msgpack_sink.c — the msgpack sink: writes <prefix>_flows.msgpack and, with -s,
 * <prefix>_packets.msgpack in the format of schema/msgpack.md. Rows are encoded straight into the
 * buffer of one output file per stream (txt_output, shared with the txt sink: direct I/O where
 * possible) and written in large chunks, so memory stays bounded by twice msgpack.bufferSize plus
 * one batch. Every write
 * error is fatal for the sink and logged with the file name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msgpack_row.h"
#include "rowtap/rowtap.h"
#include "txt_output.h"

typedef struct msgpack_sink {
    const rt_module *self;
    size_t write_size;                        /* bytes collected before they are written */
    txt_output out[RT_STREAM_COUNT];          /* fd -1 for a stream that is not written */
    msgpack_packer packer[RT_STREAM_COUNT];   /* appends to out[stream].text */
} msgpack_sink;

static const rt_option msgpack_sink_options[] = {
    { "bufferSize", RT_OPT_INT, "1048576", "bytes of encoded rows collected per stream before they are written",
      NULL, 1, 1073741824, 0 },
    { "directIO", RT_OPT_BOOL, "true", "write the files with O_DIRECT where the file system allows it (not through the page cache)",
      NULL, 0, 0, 0 },
};

/* Writes what is pending and closes both outputs (safe on outputs never opened or already
 * closed); returns 0, or -1 when one of them failed. */
static int close_outputs(msgpack_sink *sink)
{
    int result = 0;
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        if (sink->out[s].fd >= 0 && txt_output_flush(&sink->out[s], sink->self, 0) < 0)
            result = -1;
        if (txt_output_close(&sink->out[s], sink->self) < 0)
            result = -1;
    }
    return result;
}

/* Creates the file of one stream and encodes its header. */
static int open_output(msgpack_sink *sink, const rt_run *run, rt_stream stream)
{
    size_t len = strlen(run->prefix) + 32;
    char *path = malloc(len);
    if (!path) {
        rt_log_error(sink->self, "out of memory");
        return -1;
    }
    snprintf(path, len, "%s_%s.msgpack", run->prefix, rt_stream_name(stream));
    txt_output *out = &sink->out[stream];
    int status = txt_output_open(out, sink->self, path, rt_option_bool(sink->self, "directIO"));
    free(path);
    if (status < 0)
        return -1;
    buffer_grow(&out->text, sink->write_size + sink->write_size / 4);
    msgpack_row_packer_init(&sink->packer[stream], &out->text);
    msgpack_row_pack_header(&sink->packer[stream], run->schemas[stream], run);
    return 0;
}

static int msgpack_sink_open(rt_module *self, const rt_run *run, void **instance)
{
    msgpack_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        rt_log_error(self, "out of memory");
        return -1;
    }
    sink->self = self;
    sink->write_size = (size_t)rt_option_int(self, "bufferSize");
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        txt_output_init(&sink->out[s]);
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (run->schemas[s] && open_output(sink, run, (rt_stream)s) < 0) {
            close_outputs(sink);
            free(sink);
            return -1;
        }
    *instance = sink;
    return 0;
}

static rt_sink_status msgpack_sink_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    msgpack_sink *sink = instance;
    txt_output *out = &sink->out[batch->stream];
    *rows_failed = 0;
    if (out->failed || out->fd < 0)
        return RT_SINK_FATAL;
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    for (uint32_t i = 0; i < batch->n_rows; i++)
        msgpack_row_pack_row(&sink->packer[batch->stream], batch->schema, &cursor);
    txt_output_add_rows(out, batch->n_rows);
    if (txt_output_write_chunk(out, sink->self, batch->n_rows, sink->write_size) < 0)
        return RT_SINK_FATAL;
    return RT_SINK_OK;
}

static rt_sink_status msgpack_sink_flush(void *instance)
{
    msgpack_sink *sink = instance;
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        txt_output *out = &sink->out[s];
        if (out->fd >= 0 && txt_output_flush(&sink->out[s], sink->self, 0) < 0)
            return RT_SINK_FATAL;
    }
    return RT_SINK_OK;
}

static rt_sink_status msgpack_sink_close(void *instance)
{
    return close_outputs(instance) < 0 ? RT_SINK_FATAL : RT_SINK_OK;
}

static void msgpack_sink_stats(void *instance, rt_stream stream, rt_sink_stats *stats)
{
    msgpack_sink *sink = instance;
    stats->rows_written = atomic_load(&sink->out[stream].rows_written);
    stats->bytes_written = atomic_load(&sink->out[stream].bytes_written);
    stats->rows_failed = atomic_load(&sink->out[stream].rows_failed);
}

/* Frees the instance; outputs still open (close was not called) are closed first. */
static void msgpack_sink_destroy(void *instance)
{
    close_outputs(instance);
    free(instance);
}

RT_SINK_DEFINE = {
    RT_SINK_HEADER,
    .name = "msgpack",
    .version = "1.0",
    .description = "msgpack stream files <prefix>_flows.msgpack, <prefix>_packets.msgpack (schema/msgpack.md)",
    .options = msgpack_sink_options,
    .n_options = sizeof msgpack_sink_options / sizeof msgpack_sink_options[0],
    .open = msgpack_sink_open,
    .write = msgpack_sink_write,
    .flush = msgpack_sink_flush,
    .close = msgpack_sink_close,
    .stats = msgpack_sink_stats,
    .destroy = msgpack_sink_destroy,
};
