/* txt_output.c — opening, writing and closing one text file of the txt sink. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "txt_output.h"

static const char stdout_name[] = "standard output";

void txt_output_init(txt_output *out)
{
    memset(out, 0, sizeof *out);
    out->fd = -1;
    atomic_init(&out->rows_written, 0);
    atomic_init(&out->bytes_written, 0);
}

/* The reason of an errno value (thread-safe). */
static const char *reason(int err, char *buf, size_t size)
{
    return strerror_r(err, buf, size);
}

int txt_output_open(txt_output *out, const rt_module *self, const char *path)
{
    char buf[128];
    if (!path) {
        out->fd = STDOUT_FILENO;
        out->owns_fd = 0;
        out->name = strdup(stdout_name);
    } else {
        out->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        out->owns_fd = 1;
        if (out->fd < 0) {
            rt_log_error(self, "cannot create %s: %s", path, reason(errno, buf, sizeof buf));
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

int txt_output_flush(txt_output *out, const rt_module *self)
{
    char buf[128];
    if (out->failed)
        return -1;
    size_t done = 0;
    while (done < out->text.len) {
        ssize_t n = write(out->fd, out->text.data + done, out->text.len - done);
        if (n > 0) {
            done += (size_t)n;
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        rt_log_error(self, "cannot write %s: %s", out->name,
                     n < 0 ? reason(errno, buf, sizeof buf) : "the system wrote nothing");
        out->failed = 1;
        atomic_fetch_add_explicit(&out->bytes_written, done, memory_order_relaxed);
        out->text.len = 0;
        out->pending_rows = 0;
        return -1;
    }
    atomic_fetch_add_explicit(&out->bytes_written, done, memory_order_relaxed);
    atomic_fetch_add_explicit(&out->rows_written, out->pending_rows, memory_order_relaxed);
    out->text.len = 0;
    out->pending_rows = 0;
    return 0;
}

int txt_output_close(txt_output *out, const rt_module *self)
{
    char buf[128];
    int status = 0;
    if (out->fd >= 0) {
        status = txt_output_flush(out, self);
        if (out->owns_fd && close(out->fd) < 0 && status == 0) {
            rt_log_error(self, "cannot write %s: %s", out->name, reason(errno, buf, sizeof buf));
            status = -1;
        }
    }
    out->fd = -1;
    free(out->name);
    out->name = NULL;
    buffer_free(&out->text);
    return status;
}
