/* capture_input.c — buffered reading of a capture file through its descriptor. Frames are handed
 * out as pointers into the buffer, so a frame costs no copy. Large regular files are read by a
 * read-ahead thread (capture_readahead.c) so that the kernel's copy runs on the other core; pipes,
 * FIFOs, standard input and small files are read here, into one large buffer, and waiting for a
 * pipe, FIFO or terminal also watches the capture's wake pipe (capture_interrupt, capture_wake). */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture_internal.h"
#include "capture_readahead.h"

/* Regular files from this size on are read ahead on their own thread. */
#define READAHEAD_MIN_FILE ((off_t)4 << 20)

int capture_input_init(capture_input *in, int fd, capture_signal *signal)
{
    uint8_t *own = in->own;
    struct stat st;
    bool regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    *in = (capture_input){ .fd = fd, .own = own, .status = CAPTURE_INPUT_OK, .regular = regular, .signal = signal };
    if (regular && st.st_size >= READAHEAD_MIN_FILE
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

int capture_input_drain(capture_input *in)
{
    if (in->draining)
        return 1;
    if (in->regular)
        return 0;
    int held = 0;
    if (ioctl(in->fd, FIONREAD, &held) < 0 || held < 0)
        held = 0;
    in->drain_end = in->base + in->end + (uint64_t)held;
    in->draining = true;
    return 1;
}

/* Waits until a pipe, FIFO or terminal is readable (1) or the wake pipe holds bytes (0, the
 * bytes consumed). Regular files, and inputs without a wake pipe, are read at once. */
static int capture_input_wait(capture_input *in)
{
    capture_signal *sig = in->signal;
    if (in->regular || sig->pipe_rd < 0)
        return 1;
    struct pollfd fds[2] = { { .fd = in->fd, .events = POLLIN }, { .fd = sig->pipe_rd, .events = POLLIN } };
    while (poll(fds, 2, -1) < 0)
        if (errno != EINTR)
            return 1; /* read() reports the problem */
    if (!fds[1].revents)
        return 1;
    uint8_t bytes[64];
    while (read(sig->pipe_rd, bytes, sizeof bytes) > 0)
        ;
    return 0;
}

/* Takes the next read-ahead buffer: the unread bytes are copied into the room in front of its
 * data. Returns 0 when the file ended or failed. */
static int capture_input_next_chunk(capture_input *in)
{
    capture_readahead_chunk chunk = capture_readahead_next(in->ahead);
    size_t left = in->end - in->pos;
    if (left) /* (before the first chunk there is no buffer at all) */
        memcpy(chunk.data + CAPTURE_INPUT_SIZE - left, in->buf + in->pos, left);
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

/* Reads more bytes after the unread ones (moving them to the front of a full buffer). Returns 0
 * when the input stopped. */
static int capture_input_read(capture_input *in)
{
    if (in->ahead) {
        if (in->signal->interrupted) { /* a regular file stops at once */
            in->status = CAPTURE_INPUT_INTERRUPTED;
            return 0;
        }
        return capture_input_next_chunk(in);
    }
    if (in->end == CAPTURE_INPUT_SIZE) {
        size_t left = in->end - in->pos;
        memmove(in->buf, in->buf + in->pos, left);
        in->base += in->pos;
        in->pos = 0;
        in->end = left;
    }
    for (;;) {
        if (in->signal->interrupted && !capture_input_drain(in)) {
            in->status = CAPTURE_INPUT_INTERRUPTED;
            return 0;
        }
        size_t room = CAPTURE_INPUT_SIZE - in->end;
        if (in->draining) {
            if (in->base + in->end >= in->drain_end) {
                in->status = CAPTURE_INPUT_INTERRUPTED;
                return 0;
            }
            uint64_t left = in->drain_end - (in->base + in->end);
            if (room > left)
                room = (size_t)left;
        } else if (!capture_input_wait(in)) {
            if (!in->signal->interrupted && in->signal->on_wake)
                in->signal->on_wake(in->signal->wake_arg);
            continue;
        }
        ssize_t got = read(in->fd, in->buf + in->end, room);
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
