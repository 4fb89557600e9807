/* msgpack_sink.c — the msgpack sink: writes <prefix>_flows.msgpack and, with -s,
 * <prefix>_packets.msgpack in the format of schema/msgpack.md. Rows are encoded straight into one
 * buffer per stream and written with large write(2) calls, so memory stays bounded by
 * msgpack.bufferSize plus one batch. Every write error is fatal for the sink. */
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msgpack_row.h"
#include "rowtap/rowtap.h"

/* One output file. */
typedef struct msgpack_output {
    int fd;                  /* -1 when the stream is not written */
    char *path;
    rt_buffer pending;       /* encoded bytes not yet written */
    msgpack_packer packer;   /* appends to `pending` */
    uint64_t pending_rows;   /* rows in `pending` */
    int failed;              /* a write failed: nothing more is written */
    _Atomic uint64_t rows_written, bytes_written;
} msgpack_output;

typedef struct msgpack_sink {
    const rt_module *self;
    size_t write_size;       /* bytes collected before a write(2) */
    msgpack_output out[RT_STREAM_COUNT];
} msgpack_sink;

static const rt_option msgpack_sink_options[] = {
    { "bufferSize", RT_OPT_INT, "1048576", "bytes of encoded rows collected per stream before one write(2)",
      NULL, 1, 1073741824, 0 },
};

/* Writes all pending bytes of one output; returns 0, or -1 after logging an error. */
static int drain(msgpack_sink *sink, msgpack_output *out)
{
    size_t done = 0;
    while (done < out->pending.len) {
        ssize_t n = write(out->fd, out->pending.data + done, out->pending.len - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            rt_log_error(sink->self, "cannot write %s: %s", out->path, n < 0 ? strerror(errno) : "no progress");
            out->failed = 1;
            return -1;
        }
        done += (size_t)n;
    }
    atomic_fetch_add(&out->bytes_written, done);
    atomic_fetch_add(&out->rows_written, out->pending_rows);
    out->pending.len = 0;
    out->pending_rows = 0;
    return 0;
}

/* Closes one output after writing what is pending; returns 0, or -1 after logging an error. */
static int finish_output(msgpack_sink *sink, msgpack_output *out)
{
    int result = 0;
    if (out->fd >= 0) {
        if (!out->failed && drain(sink, out) < 0)
            result = -1;
        if (close(out->fd) < 0 && !out->failed) {
            rt_log_error(sink->self, "cannot write %s: %s", out->path, strerror(errno));
            result = -1;
        }
        out->fd = -1;
    }
    if (out->failed)
        result = -1;
    buffer_free(&out->pending);
    free(out->path);
    out->path = NULL;
    return result;
}

/* Closes both outputs; returns 0, or -1 when one of them failed. */
static int finish_outputs(msgpack_sink *sink)
{
    int result = 0;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (finish_output(sink, &sink->out[s]) < 0)
            result = -1;
    return result;
}

/* Creates the file of one stream and encodes its header. */
static int open_output(msgpack_sink *sink, const rt_run *run, rt_stream stream)
{
    msgpack_output *out = &sink->out[stream];
    size_t len = strlen(run->prefix) + 32;
    out->path = malloc(len);
    if (!out->path) {
        rt_log_error(sink->self, "out of memory");
        return -1;
    }
    snprintf(out->path, len, "%s_%s.msgpack", run->prefix, rt_stream_name(stream));
    out->fd = open(out->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (out->fd < 0) {
        rt_log_error(sink->self, "cannot create %s: %s", out->path, strerror(errno));
        return -1;
    }
    buffer_grow(&out->pending, sink->write_size + sink->write_size / 4);
    msgpack_row_packer_init(&out->packer, &out->pending);
    msgpack_row_pack_header(&out->packer, run->schemas[stream], run);
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
        sink->out[s].fd = -1;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (run->schemas[s] && open_output(sink, run, (rt_stream)s) < 0) {
            finish_outputs(sink);
            free(sink);
            return -1;
        }
    *instance = sink;
    return 0;
}

static rt_sink_status msgpack_sink_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    msgpack_sink *sink = instance;
    msgpack_output *out = &sink->out[batch->stream];
    *rows_failed = 0;
    if (out->failed || out->fd < 0)
        return RT_SINK_FATAL;
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    for (uint32_t i = 0; i < batch->n_rows; i++)
        msgpack_row_pack_row(&out->packer, batch->schema, &cursor);
    out->pending_rows += batch->n_rows;
    if (out->pending.len >= sink->write_size && drain(sink, out) < 0)
        return RT_SINK_FATAL;
    return RT_SINK_OK;
}

static rt_sink_status msgpack_sink_flush(void *instance)
{
    msgpack_sink *sink = instance;
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        msgpack_output *out = &sink->out[s];
        if (out->fd >= 0 && !out->failed && out->pending.len && drain(sink, out) < 0)
            return RT_SINK_FATAL;
    }
    return RT_SINK_OK;
}

static rt_sink_status msgpack_sink_close(void *instance)
{
    return finish_outputs(instance) < 0 ? RT_SINK_FATAL : RT_SINK_OK;
}

/* Frees the instance; outputs still open (close was not called) are finished first. */
static void msgpack_sink_destroy(void *instance)
{
    finish_outputs(instance);
    free(instance);
}

static void msgpack_sink_stats(void *instance, rt_stream stream, rt_sink_stats *stats)
{
    msgpack_sink *sink = instance;
    stats->rows_written = atomic_load(&sink->out[stream].rows_written);
    stats->bytes_written = atomic_load(&sink->out[stream].bytes_written);
    stats->rows_failed = 0;
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
