/* capture_input.c — buffered reading of a capture file through its descriptor. One large buffer;
 * frames are handed out as pointers into it, so a frame costs no copy. Regular files, pipes,
 * FIFOs and standard input are read the same way. */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture_internal.h"

int capture_input_init(capture_input *in, int fd, const volatile sig_atomic_t *interrupted)
{
    uint8_t *buf = in->buf ? in->buf : malloc(CAPTURE_INPUT_SIZE);
    if (!buf)
        return -1;
    *in = (capture_input){ .fd = fd, .buf = buf, .status = CAPTURE_INPUT_OK, .interrupted = interrupted };
    return 0;
}

void capture_input_free(capture_input *in)
{
    free(in->buf);
    in->buf = NULL;
}

/* Reads once into the free space at the end of the buffer. Returns 0 when the input stopped. */
static int capture_input_read(capture_input *in)
{
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
    if (CAPTURE_INPUT_SIZE - in->pos < n) {
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
        if (skipped == n)
            return skipped;
        in->base += in->end;
        in->pos = in->end = 0;
        if (in->status != CAPTURE_INPUT_OK || !capture_input_read(in))
            return skipped;
    }
}
