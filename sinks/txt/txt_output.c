/* txt_output.c — opening, writing (direct and asynchronous where the file allows it) and closing
 * one output file of the txt and msgpack sinks. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "txt_output.h"

static const char stdout_name[] = "standard output";

void txt_output_init(txt_output *out)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    atomic_init(&out->rows_written, 0);
    atomic_init(&out->bytes_written, 0);
    atomic_init(&out->rows_failed, 0);
}

/* The reason of an errno value (thread-safe). */
static const char *reason(int err, char *buf, size_t size)
{
    return strerror_r(err, buf, size);
}

/* Turns O_DIRECT on or off on the descriptor; 0, or -1 with errno. */
static int set_direct(int fd, int on)
{
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0)
        return -1;
    return fcntl(fd, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT);
}

/* Creates the file, with O_DIRECT when wanted and the file system accepts it. */
static int create_file(txt_output *out, const char *path, int direct_io)
{
    const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    out->fd = -1;
    if (direct_io) {
        out->fd = open(path, flags | O_DIRECT, 0666);
        out->direct = out->fd >= 0;
        if (out->fd < 0 && errno != EINVAL)
            return -1;
    }
    if (out->fd < 0)
        out->fd = open(path, flags, 0666);
    if (out->fd < 0)
        return -1;
    struct stat st;
    out->positional = fstat(out->fd, &st) == 0 && S_ISREG(st.st_mode);
    if (out->direct && !out->positional) { /* a FIFO or device: O_DIRECT would change its meaning */
        if (set_direct(out->fd, 0) < 0)
            return -1;
        out->direct = 0;
    }
    if (out->direct)
        out->text.align = out->spare.align = TXT_OUTPUT_BLOCK;
    return 0;
}

int txt_output_open(txt_output *out, const rt_module *self, const char *path, int direct_io)
{
    char buf[128];
    if (!path) {
        out->fd = STDOUT_FILENO;
        out->owns_fd = 0;
        out->name = strdup(stdout_name);
    } else {
        out->owns_fd = 1;
        if (create_file(out, path, direct_io) < 0) {
            rt_log_error(self, "cannot create %s: %s", path, reason(errno, buf, sizeof buf));
            if (out->fd >= 0)
                close(out->fd);
            out->fd = -1;
            return -1;
        }
        out->name = strdup(path);
    }
    if (!out->name) {
        rt_log_error(self, "out of memory opening %s", path ? path : stdout_name);
        return -1;
    }
    return 0;
}

void txt_output_add_rows(txt_output *out, uint64_t n_rows)
{
    out->pending_rows += n_rows;
    out->last_batch_rows = n_rows;
    out->last_batch_start = out->rows_end;
    out->rows_end = out->text.len;
}

/* Records that the file now holds our bytes up to `end`. */
static void note_file_end(txt_output *out, uint64_t end)
{
    if (end > atomic_load_explicit(&out->bytes_written, memory_order_relaxed))
        atomic_store_explicit(&out->bytes_written, end, memory_order_relaxed);
}

/* Writes `len` bytes at file offset `offset` (or the current position of a stream that is not
 * positional). A direct write the file system refuses (EINVAL) is repeated through the page
 * cache, which the output then keeps using. Returns 0, an errno value, or -1 when the system
 * wrote nothing. */
static int write_all(txt_output *out, const uint8_t *data, size_t len, uint64_t offset, int direct_write)
{
    while (len) {
        ssize_t n = out->positional ? pwrite(out->fd, data, len, (off_t)offset) : write(out->fd, data, len);
        if (n > 0) {
            data += n;
            len -= (size_t)n;
            offset += (uint64_t)n;
            note_file_end(out, offset);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EINVAL && direct_write && set_direct(out->fd, 0) == 0) {
            out->direct = direct_write = 0;
            continue;
        }
        return n < 0 ? errno : -1;
    }
    return 0;
}

/* Logs a failed write and marks the output failed; returns -1. */
static int fail(txt_output *out, const rt_module *self, int err, uint64_t batch_rows)
{
    char buf[128];
    rt_log_error(self, "cannot write %s: %s", out->name,
                 err > 0 ? reason(err, buf, sizeof buf) : "the system wrote nothing");
    out->failed = 1;
    atomic_fetch_add_explicit(&out->rows_failed, out->in_flight_rows + out->pending_rows - batch_rows,
                              memory_order_relaxed);
    out->text.len = 0;
    out->pending_rows = out->in_flight_rows = 0;
    return -1;
}

/* Takes from the pending rows those whose text ends within the first `end` bytes of the buffer
 * (rows before the last batch are told apart from it only as a whole) and returns their count. */
static uint64_t take_rows_within(txt_output *out, size_t end)
{
    uint64_t done;
    if (end >= out->rows_end)
        done = out->pending_rows;
    else if (end >= out->last_batch_start)
        done = out->pending_rows - out->last_batch_rows;
    else
        return 0;
    out->pending_rows -= done;
    if (out->last_batch_rows > out->pending_rows)
        out->last_batch_rows = out->pending_rows;
    return done;
}

static size_t minus(size_t a, size_t b)
{
    return a > b ? a - b : 0;
}

/* Waits for the direct write in flight, if any, and counts its rows as written; a short or
 * refused write is completed synchronously. Returns 0, or -1 (logged) when it failed. */
static int finish_in_flight(txt_output *out, const rt_module *self, uint64_t batch_rows)
{
    if (!out->in_flight)
        return 0;
    const struct aiocb *list[1] = { &out->request };
    while (aio_error(&out->request) == EINPROGRESS)
        aio_suspend(list, 1, NULL);
    out->in_flight = 0;
    int err = aio_error(&out->request);
    ssize_t n = aio_return(&out->request);
    if (err == EINVAL)
        n = 0; /* the file system refused the direct write: write_all repeats it through the page cache */
    else if (err)
        return fail(out, self, err, batch_rows);
    size_t len = out->request.aio_nbytes;
    uint64_t offset = (uint64_t)out->request.aio_offset;
    note_file_end(out, offset + (uint64_t)n);
    if ((size_t)n < len) {
        err = write_all(out, (const uint8_t *)out->request.aio_buf + n, len - (size_t)n, offset + (uint64_t)n, 1);
        if (err)
            return fail(out, self, err, batch_rows);
    }
    atomic_fetch_add_explicit(&out->rows_written, out->in_flight_rows, memory_order_relaxed);
    out->in_flight_rows = 0;
    return 0;
}

/* Direct mode: starts writing the whole blocks at the buffer's start from the buffer itself, and
 * continues in the spare buffer with the rest. */
static int write_whole_blocks(txt_output *out, const rt_module *self, uint64_t batch_rows)
{
    size_t whole = out->text.len & ~(size_t)(TXT_OUTPUT_BLOCK - 1);
    if (!whole)
        return 0;
    if (finish_in_flight(out, self, batch_rows) < 0)
        return -1;
    size_t rest = out->text.len - whole;
    out->spare.len = 0;
    buffer_append(&out->spare, out->text.data + whole, rest);
    if (out->spare.cap < out->text.cap)
        buffer_grow(&out->spare, out->text.cap - out->spare.len);
    rt_buffer written = out->text;
    out->text = out->spare;
    out->spare = written;
    uint64_t rows = take_rows_within(out, whole);
    memset(&out->request, 0, sizeof out->request);
    out->request.aio_fildes = out->fd;
    out->request.aio_buf = written.data;
    out->request.aio_nbytes = whole;
    out->request.aio_offset = (off_t)out->base;
    out->request.aio_sigevent.sigev_notify = SIGEV_NONE;
    out->base += whole;
    out->text_in_file = minus(out->text_in_file, whole);
    out->last_batch_start = minus(out->last_batch_start, whole);
    out->rows_end = minus(out->rows_end, whole);
    if (aio_write(&out->request) == 0) {
        out->in_flight = 1;
        out->in_flight_rows = rows;
        return 0;
    }
    int err = write_all(out, written.data, whole, out->request.aio_offset, 1); /* no aio: at once */
    if (err) {
        out->in_flight_rows = rows;
        return fail(out, self, err, batch_rows);
    }
    atomic_fetch_add_explicit(&out->rows_written, rows, memory_order_relaxed);
    return 0;
}

int txt_output_write_chunk(txt_output *out, const rt_module *self, uint64_t batch_rows, size_t chunk_bytes)
{
    if (out->failed)
        return -1;
    if (out->in_flight && aio_error(&out->request) != EINPROGRESS && finish_in_flight(out, self, batch_rows) < 0)
        return -1; /* the write in flight ended: its error is reported now, not one chunk later */
    if (out->text.len < chunk_bytes)
        return 0;
    if (!out->direct)
        return txt_output_flush(out, self, batch_rows);
    return write_whole_blocks(out, self, batch_rows);
}

/* Direct mode: writes the partial block left after the whole ones through the page cache; it
 * stays in the buffer and is written again, directly, once completed. */
static int write_tail(txt_output *out, const rt_module *self, uint64_t batch_rows)
{
    if (out->text.len == out->text_in_file)
        return 0;
    if (set_direct(out->fd, 0) < 0)
        return fail(out, self, errno, batch_rows);
    int err = write_all(out, out->text.data + out->text_in_file, out->text.len - out->text_in_file,
                        out->base + out->text_in_file, 0);
    if (err)
        return fail(out, self, err, batch_rows);
    if (set_direct(out->fd, 1) < 0)
        out->direct = 0;
    out->text_in_file = out->text.len;
    return 0;
}

int txt_output_flush(txt_output *out, const rt_module *self, uint64_t batch_rows)
{
    if (out->failed)
        return -1;
    if (out->direct) {
        if (write_whole_blocks(out, self, batch_rows) < 0 || finish_in_flight(out, self, batch_rows) < 0 ||
            write_tail(out, self, batch_rows) < 0)
            return -1;
    } else {
        if (finish_in_flight(out, self, batch_rows) < 0) /* direct I/O was refused during a write */
            return -1;
        size_t unwritten = out->text.len - out->text_in_file;
        int err = write_all(out, out->text.data + out->text_in_file, unwritten, out->base + out->text_in_file, 0);
        if (err)
            return fail(out, self, err, batch_rows);
        out->base += out->text.len;
        out->text.len = out->text_in_file = 0;
    }
    atomic_fetch_add_explicit(&out->rows_written, out->pending_rows, memory_order_relaxed);
    out->pending_rows = out->last_batch_rows = 0;
    out->last_batch_start = out->rows_end = out->text.len;
    return 0;
}

int txt_output_close(txt_output *out, const rt_module *self)
{
    char buf[128];
    int status = 0;
    if (out->fd >= 0) {
        status = txt_output_flush(out, self, 0);
        if (out->owns_fd && close(out->fd) < 0 && status == 0) {
            rt_log_error(self, "cannot write %s: %s", out->name, reason(errno, buf, sizeof buf));
            status = -1;
        }
    }
    out->fd = -1;
    free(out->name);
    out->name = NULL;
    buffer_free(&out->text);
    buffer_free(&out->spare);
    return status;
}
