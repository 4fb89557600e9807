/* capture.c — the public capture functions: a list of capture files read as one stream (the
 * format of each file is recognised by its magic number), progress over the list, the filter,
 * and dispatch to live capture. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture_internal.h"
#include "log.h"

/* Sets the message from a format and its arguments, after the "<source>: " prefix. */
__attribute__((format(printf, 2, 0))) static void capture_vfail(capture *cap, const char *fmt, va_list ap)
{
    int n = snprintf(cap->error, sizeof cap->error, "%s: ", cap->source);
    if (n < 0 || (size_t)n >= sizeof cap->error)
        n = 0;
    vsnprintf(cap->error + n, sizeof cap->error - (size_t)n, fmt, ap);
}

capture_result capture_fail(capture *cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    capture_vfail(cap, fmt, ap);
    va_end(ap);
    return CAPTURE_ERROR;
}

capture_result capture_input_stopped(capture *cap, const char *fmt, ...)
{
    capture_input *in = &cap->in;
    if (in->status == CAPTURE_INPUT_INTERRUPTED)
        return CAPTURE_END;
    if (in->status == CAPTURE_INPUT_FAILED)
        return capture_fail(cap, "read error at byte %llu: %s",
                            (unsigned long long)(capture_input_offset(in) + capture_input_available(in)),
                            strerror(in->read_errno));
    va_list ap;
    va_start(ap, fmt);
    capture_vfail(cap, fmt, ap);
    va_end(ap);
    return CAPTURE_ERROR;
}

void capture_warn_snaplen(capture *cap, unsigned long long offset, uint32_t caplen, uint32_t snaplen)
{
    if (cap->snaplen_warned)
        return;
    cap->snaplen_warned = true;
    log_warning("%s: frame at byte %llu: captured length %u is larger than the snap length %u; such frames are "
                "read as they are (reported once per file)", cap->source, offset, caplen, snaplen);
}

int64_t capture_limit_time(capture *cap, int64_t time)
{
    if (time >= -CAPTURE_TIME_LIMIT && time <= CAPTURE_TIME_LIMIT)
        return time;
    if (!cap->time_warned) {
        cap->time_warned = true;
        log_warning("%s: a frame's timestamp (%lld ns since 1970) lies outside the years 1823 to 2116; it is set "
                    "to the nearest of them (reported once per file)", cap->source, (long long)time);
    }
    return time < 0 ? -CAPTURE_TIME_LIMIT : CAPTURE_TIME_LIMIT;
}

/* Closes the current file and counts it as done for the progress. */
static void capture_close_file(capture *cap)
{
    if (!cap->file_open)
        return;
    capture_input_release(&cap->in);
    if (cap->in.fd != STDIN_FILENO)
        close(cap->in.fd);
    cap->done_before += cap->sizes[cap->next_path - 1];
    cap->file_open = false;
}

/* Recognises the format of a freshly opened file and reads its header. */
static int capture_read_header(capture *cap)
{
    const uint8_t *head = capture_input_need(&cap->in, 4);
    if (!head) {
        size_t present = capture_input_available(&cap->in);
        if (cap->in.status == CAPTURE_INPUT_EOF && present == 0)
            return capture_fail(cap, "empty file, not a capture"), -1;
        if (cap->in.status == CAPTURE_INPUT_EOF)
            return capture_fail(cap, "file is only %zu bytes long, not a capture", present), -1;
        capture_input_stopped(cap, "cannot read the file header");
        return -1;
    }
    uint32_t magic = capture_get32(head, false);
    uint32_t swapped = __builtin_bswap32(magic);
    if (magic == CAPTURE_PCAP_MAGIC_MICRO || magic == CAPTURE_PCAP_MAGIC_NANO || swapped == CAPTURE_PCAP_MAGIC_MICRO ||
        swapped == CAPTURE_PCAP_MAGIC_NANO)
        return capture_pcap_open(cap, magic);
    if (magic == CAPTURE_PCAPNG_MAGIC)
        return capture_pcapng_open(cap);
    capture_fail(cap, "not a pcap or pcapng file (first bytes %02x %02x %02x %02x)", head[0], head[1],
                 head[2], head[3]);
    return -1;
}

/* Opens the next file of the list and reads its header. Returns 0, or -1 with the message set
 * (the file then counts as done). */
static int capture_open_next_file(capture *cap)
{
    const char *path = cap->paths[cap->next_path++];
    cap->source = path;
    int fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        cap->done_before += cap->sizes[cap->next_path - 1];
        return capture_fail(cap, "cannot open: %s", strerror(errno)), -1;
    }
    if (cap->sizes[cap->next_path - 1])
        posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    if (capture_input_init(&cap->in, fd, &cap->signal) < 0) {
        if (fd != STDIN_FILENO)
            close(fd);
        return capture_fail(cap, "out of memory for the read buffer"), -1;
    }
    cap->file_open = true;
    cap->linktype = 0;
    cap->snaplen = 0;
    cap->linktype_known = false;
    cap->snaplen_warned = false;
    cap->time_warned = false;
    if (capture_read_header(cap) < 0) {
        capture_close_file(cap);
        return -1;
    }
    return 0;
}

/* Size of a path if it is a regular file ("-": standard input), else 0. */
static uint64_t capture_regular_size(const char *path)
{
    struct stat st;
    int ok = strcmp(path, "-") == 0 ? fstat(STDIN_FILENO, &st) : stat(path, &st);
    return ok == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
}

static capture *capture_new(char *err, size_t err_size)
{
    capture *cap = calloc(1, sizeof *cap);
    if (!cap) {
        snprintf(err, err_size, "out of memory");
        return NULL;
    }
    int fds[2];
    if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0)
        fds[0] = fds[1] = -1; /* a blocked read then wakes by EINTR only */
    cap->signal.pipe_rd = fds[0];
    cap->signal.pipe_wr = fds[1];
    return cap;
}

capture *capture_open_files(const char *const *paths, size_t n_paths, char *err, size_t err_size)
{
    if (n_paths == 0) {
        snprintf(err, err_size, "no capture file given");
        return NULL;
    }
    size_t stdin_uses = 0;
    for (size_t i = 0; i < n_paths; i++)
        stdin_uses += strcmp(paths[i], "-") == 0;
    if (stdin_uses > 1) {
        snprintf(err, err_size, "standard input (\"-\") appears %zu times in the file list: it can be read once",
                 stdin_uses);
        return NULL;
    }
    capture *cap = capture_new(err, err_size);
    if (!cap)
        return NULL;
    cap->paths = calloc(n_paths, sizeof *cap->paths);
    cap->sizes = calloc(n_paths, sizeof *cap->sizes);
    cap->n_paths = n_paths;
    for (size_t i = 0; cap->paths && cap->sizes && i < n_paths; i++) {
        cap->paths[i] = strdup(paths[i]);
        if (!cap->paths[i])
            break;
        cap->sizes[i] = capture_regular_size(paths[i]);
    }
    if (!cap->paths || !cap->sizes || !cap->paths[n_paths - 1]) {
        snprintf(err, err_size, "out of memory");
        capture_close(cap);
        return NULL;
    }
    if (capture_open_next_file(cap) < 0) {
        if (n_paths == 1) {
            snprintf(err, err_size, "%s", cap->error);
            capture_close(cap);
            return NULL;
        }
        cap->pending_error = true;
    }
    return cap;
}

capture *capture_open_live(const char *interface, const capture_live_options *options, char *err,
                           size_t err_size)
{
    capture *cap = capture_new(err, err_size);
    if (!cap)
        return NULL;
    cap->paths = calloc(1, sizeof *cap->paths);
    if (cap->paths)
        cap->paths[0] = strdup(interface);
    if (!cap->paths || !cap->paths[0]) {
        snprintf(err, err_size, "out of memory");
        capture_close(cap);
        return NULL;
    }
    cap->n_paths = 1;
    cap->source = cap->paths[0];
    if (capture_live_open(cap, options) < 0) {
        snprintf(err, err_size, "%s", cap->error);
        capture_close(cap);
        return NULL;
    }
    return cap;
}

int capture_set_filter(capture *cap, const char *expression, char *err, size_t err_size)
{
    if (cap->live)
        return capture_live_set_filter(cap, expression, err, err_size);
    capture_filter *filter = capture_filter_new(expression, err, err_size);
    if (!filter)
        return -1;
    /* Check the expression now, for the first link type known (Ethernet before any is). */
    uint32_t linktype = cap->file_open && cap->linktype_known ? cap->linktype : 1;
    if (capture_filter_prepare(filter, linktype, err, err_size) < 0) {
        capture_filter_free(filter);
        return -1;
    }
    capture_filter_free(cap->filter);
    cap->filter = filter;
    return 0;
}

capture_result capture_next(capture *cap, capture_frame *frame)
{
    if (cap->live)
        return capture_live_next(cap, frame);
    if (cap->pending_error) {
        cap->pending_error = false;
        return CAPTURE_ERROR;
    }
    for (;;) {
        if (cap->signal.interrupted && !(cap->file_open && capture_input_drain(&cap->in)))
            return CAPTURE_END;
        if (!cap->file_open) {
            if (cap->next_path == cap->n_paths)
                return CAPTURE_END;
            if (capture_open_next_file(cap) < 0)
                return cap->signal.interrupted ? CAPTURE_END : CAPTURE_ERROR;
        }
        capture_result r = cap->read_frame(cap, frame);
        if (r == CAPTURE_FRAME) {
            if (cap->filter && !capture_filter_match(cap->filter, frame, cap->source))
                continue;
            return r;
        }
        capture_close_file(cap);
        if (r == CAPTURE_ERROR)
            return r;
    }
}

const char *capture_error(const capture *cap)
{
    return cap->error;
}

const char *capture_source(const capture *cap)
{
    return cap->source ? cap->source : "";
}

uint32_t capture_linktype(const capture *cap)
{
    return cap->linktype;
}

uint32_t capture_snaplen(const capture *cap)
{
    return cap->snaplen;
}

void capture_progress(const capture *cap, uint64_t *done, uint64_t *total)
{
    uint64_t all = 0;
    for (size_t i = 0; !cap->live && i < cap->n_paths; i++)
        all += cap->sizes[i];
    uint64_t now = cap->done_before;
    if (cap->file_open) {
        uint64_t size = cap->sizes[cap->next_path - 1];
        uint64_t offset = capture_input_offset(&cap->in);
        now += offset < size ? offset : size;
    }
    *done = now;
    *total = all;
}

void capture_get_stats(capture *cap, capture_stats *out)
{
    *out = (capture_stats){ 0 };
    if (cap->live)
        capture_live_stats(cap, out);
}

/* Writes a byte into the wake pipe (async-signal-safe; errno is kept for the interrupted code). */
static void capture_poke(capture *cap)
{
    int saved = errno;
    if (cap->signal.pipe_wr >= 0 && write(cap->signal.pipe_wr, "", 1) < 0) {
        /* the pipe is full: a wake-up is pending anyway */
    }
    errno = saved;
}

void capture_interrupt(capture *cap)
{
    cap->signal.interrupted = 1;
    capture_poke(cap);
    if (cap->live)
        pcap_breakloop(cap->live);
}

void capture_set_wake(capture *cap, capture_wake_fn *fn, void *arg)
{
    cap->signal.on_wake = fn;
    cap->signal.wake_arg = arg;
}

void capture_wake(capture *cap)
{
    capture_poke(cap);
}

void capture_close(capture *cap)
{
    if (!cap)
        return;
    capture_close_file(cap);
    capture_input_free(&cap->in);
    capture_pcapng_free(cap);
    capture_filter_free(cap->filter);
    if (cap->live)
        pcap_close(cap->live);
    if (cap->signal.pipe_rd >= 0) {
        close(cap->signal.pipe_rd);
        close(cap->signal.pipe_wr);
    }
    for (size_t i = 0; cap->paths && i < cap->n_paths; i++)
        free(cap->paths[i]);
    free(cap->paths);
    free(cap->sizes);
    free(cap);
}
