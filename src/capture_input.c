/* capture_input.c — buffered reading of a capture file through its descriptor. Frames are handed
 * out as pointers into the buffer, so a frame costs no copy. Large regular files are read by a
 * read-ahead thread (capture_readahead.c) so that the kernel's copy runs on the other core; pipes,
 * FIFOs, standard input and small files are read here, into one large buffer. */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture_internal.h"
#include "capture_readahead.h"

/* Regular files from this size on are read ahead on their own thread. */
#define READAHEAD_MIN_FILE ((off_t)4 << 20)

int capture_input_init(capture_input *in, int fd, const volatile sig_atomic_t *interrupted)
{
    uint8_t *own = in->own;
    *in = (capture_input){ .fd = fd, .own = own, .status = CAPTURE_INPUT_OK, .interrupted = interrupted };
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= READAHEAD_MIN_FILE
        && (in->ahead = capture_readahead_start(fd, CAPTURE_INPUT_SIZE)) != NULL)
        return 0;
    if (!in->own && !(in->own = malloc(CAPTURE_INPUT_SIZE)))
        return -1;
    in->buf = in->own;
    return 0;
}

void capture_input_release(capture_input *in)
{
    capture_readahead_stop(in->ahead);
    in->ahead = NULL;
    in->buf = in->own;
    in->pos = in->end = 0;
}

void capture_input_free(capture_input *in)
{
    capture_input_release(in);
    free(in->own);
    in->own = in->buf = NULL;
}

/* Takes the next read-ahead buffer: the unread bytes are copied into the room in front of its
 * data. Returns 0 when the file ended or failed. */
static int capture_input_next_chunk(capture_input *in)
{
    capture_readahead_chunk chunk = capture_readahead_next(in->ahead);
    size_t left = in->end - in->pos;
    uint8_t *start = chunk.data + CAPTURE_INPUT_SIZE - left;
    memcpy(start, in->buf + in->pos, left);
    in->base += in->pos - (CAPTURE_INPUT_SIZE - left);
    in->buf = chunk.data;
    in->pos = CAPTURE_INPUT_SIZE - left;
    in->end = CAPTURE_INPUT_SIZE + chunk.len;
    if (chunk.len)
        return 1;
    in->status = chunk.error ? CAPTURE_INPUT_FAILED : CAPTURE_INPUT_EOF;
    in->read_errno = chunk.error;
    return 0;
}

/* Reads more bytes after the unread ones (moving them to the front of the buffer when it is
 * full). Returns 0 when the input stopped. */
static int capture_input_read(capture_input *in)
{
    if (in->ahead)
        return capture_input_next_chunk(in);
    if (in->end == CAPTURE_INPUT_SIZE) {
        size_t left = in->end - in->pos;
        memmove(in->buf, in->buf + in->pos, left);
        in->base += in->pos;
        in->pos = 0;
        in->end = left;
    }
    for (;;) {
        ssize_t got = read(in->fd, in->buf + in->end, CAPTURE_INPUT_SIZE - in->end);
        if (got > 0) {
            in->end += (size_t)got;
            return 1;
        }
        if (got == 0) {
            in->status = CAPTURE_INPUT_EOF;
            return 0;
        }
        if (errno != EINTR) {
            in->read_errno = errno;
            in->status = CAPTURE_INPUT_FAILED;
            return 0;
        }
        if (*in->interrupted) {
            in->status = CAPTURE_INPUT_INTERRUPTED;
            return 0;
        }
    }
}

const uint8_t *capture_input_fill(capture_input *in, size_t n)
{
    if (in->status != CAPTURE_INPUT_OK)
        return NULL;
    if (!in->ahead && CAPTURE_INPUT_SIZE - in->pos < n) {
        size_t left = in->end - in->pos;
        memmove(in->buf, in->buf + in->pos, left);
        in->base += in->pos;
        in->pos = 0;
        in->end = left;
    }
    while (in->end - in->pos < n)
        if (!capture_input_read(in))
            return NULL;
    return in->buf + in->pos;
}

uint64_t capture_input_skip(capture_input *in, uint64_t n)
{
    uint64_t skipped = 0;
    for (;;) {
        size_t step = capture_input_available(in);
        if (step > n - skipped)
            step = (size_t)(n - skipped);
        capture_input_consume(in, step);
        skipped += step;
        if (skipped == n || in->status != CAPTURE_INPUT_OK || !capture_input_read(in))
            return skipped;
    }
}
