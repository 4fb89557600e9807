/* mp_file.c — a msgpack stream file read in chunks: a window of the file is kept in memory; an
 * object that runs past the window's end is retried after reading more, until the file ends. */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "msgpack_format.h"
#include "mp_file.h"
#include "mp_row.h"

#define READ_CHUNK (1u << 20)

struct mp_file {
    int fd;                 /* -1 for memory */
    char *name;
    uint8_t *data;          /* the window: bytes [base, base + len) of the file */
    uint8_t *owned;         /* the window's allocation (NULL for memory) */
    size_t len, cap, pos;   /* pos: next unread byte of the window */
    uint64_t base;
    int eof;                /* nothing more to read */
    int failed;             /* an error was recorded */
    int have_header;
    uint64_t rows;          /* rows decoded so far */
    mp_header header;
    char error[640];
};

static mp_file *file_new(const char *name)
{
    mp_file *f = calloc(1, sizeof *f);
    if (!f)
        return NULL;
    f->name = strdup(name);
    if (!f->name) {
        free(f);
        return NULL;
    }
    f->fd = -1;
    return f;
}

mp_file *mp_file_open_fd(int fd, const char *name)
{
    mp_file *f = file_new(name);
    if (!f)
        return NULL;
    f->fd = fd;
    f->cap = READ_CHUNK;
    f->owned = f->data = malloc(f->cap);
    if (!f->owned) {
        mp_file_close(f);
        return NULL;
    }
    return f;
}

mp_file *mp_file_open_memory(const uint8_t *data, size_t len, const char *name)
{
    mp_file *f = file_new(name);
    if (!f)
        return NULL;
    f->data = (uint8_t *)data;
    f->len = f->cap = len;
    f->eof = 1;
    return f;
}

/* Records an error; `problem` already starts with "byte N: " when it concerns a position. */
static int fail(mp_file *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(mp_file *f, const char *fmt, ...)
{
    int n = snprintf(f->error, sizeof f->error, "%s: ", f->name);
    va_list ap;
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < sizeof f->error)
        vsnprintf(f->error + n, sizeof f->error - (size_t)n, fmt, ap);
    va_end(ap);
    f->failed = 1;
    return -1;
}

/* Reads more of the file behind the window, keeping the bytes from `pos` on. Returns 0 (f->eof is
 * set when nothing more came), or -1 after an error. */
static int fill(mp_file *f)
{
    if (f->pos) {
        memmove(f->data, f->data + f->pos, f->len - f->pos);
        f->base += f->pos;
        f->len -= f->pos;
        f->pos = 0;
    }
    if (f->len == f->cap) {
        if (f->cap >= MSGPACK_FORMAT_MAX_OBJECT)
            return fail(f, "byte %" PRIu64 ": the object that starts here is larger than %u MiB: corrupt file",
                        f->base, MSGPACK_FORMAT_MAX_OBJECT >> 20);
        uint8_t *bigger = realloc(f->owned, f->cap * 2);
        if (!bigger)
            return fail(f, "out of memory");
        f->owned = f->data = bigger;
        f->cap *= 2;
    }
    for (;;) {
        ssize_t n = read(f->fd, f->data + f->len, f->cap - f->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return fail(f, "read error after byte %" PRIu64 ": %s", f->base + f->len, strerror(errno));
        if (n == 0)
            f->eof = 1;
        f->len += (size_t)n;
        return 0;
    }
}

int mp_file_read_header(mp_file *f)
{
    for (;;) {
        mp_reader r;
        mp_reader_init(&r, f->data, f->len, f->base);
        mp_status st = mp_reader_skip(&r);
        if (st == MP_BAD)
            return fail(f, "byte %" PRIu64 ": not a rowtap msgpack file: invalid msgpack byte 0xc1",
                        mp_reader_offset(&r, r.pos));
        if (st == MP_OK) {
            size_t extent = (size_t)(r.pos - f->data);
            mp_reader_init(&r, f->data, extent, f->base);
            char err[512];
            if (mp_header_read(&r, &f->header, err, sizeof err) < 0)
                return fail(f, "%s", err);
            f->pos = extent;
            f->have_header = 1;
            return 0;
        }
        if (f->eof) {
            if (f->len == 0)
                return fail(f, "byte 0: the file is empty: no header");
            return fail(f, "byte %" PRIu64 ": the file ends inside the header, which starts at byte 0 "
                        "(truncated, or not a rowtap msgpack file)", f->base + f->len);
        }
        if (fill(f) < 0)
            return -1;
    }
}

const mp_header *mp_file_header(const mp_file *f)
{
    return f->have_header ? &f->header : NULL;
}

long mp_file_read_rows(mp_file *f, rt_buffer *out, size_t max_bytes)
{
    if (f->failed || !f->have_header)
        return -1;
    size_t start_len = out->len;
    long rows = 0;
    if (max_bytes == 0)
        max_bytes = 1;
    while (out->len - start_len < max_bytes) {
        mp_reader r;
        mp_reader_init(&r, f->data + f->pos, f->len - f->pos, f->base + f->pos);
        char err[512];
        mp_status st = mp_row_read(&r, f->header.schema, f->rows + 1, out, err, sizeof err);
        if (st == MP_OK) {
            f->pos += (size_t)(r.pos - r.start);
            f->rows++;
            rows++;
            continue;
        }
        if (st == MP_BAD) {
            fail(f, "%s", err);
            break;
        }
        if (f->eof) {
            if (f->pos < f->len)
                fail(f, "byte %" PRIu64 ": the file ends inside row %" PRIu64 ", which starts at byte %" PRIu64
                     " (truncated file)", f->base + f->len, f->rows + 1, f->base + f->pos);
            break;
        }
        if (fill(f) < 0)
            break;
    }
    return rows ? rows : f->failed ? -1 : 0;
}

const char *mp_file_error(const mp_file *f)
{
    return f->error;
}

void mp_file_close(mp_file *f)
{
    if (!f)
        return;
    if (f->have_header)
        mp_header_free(&f->header);
    free(f->owned);
    free(f->name);
    free(f);
}
