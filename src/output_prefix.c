/* output_prefix.c — where the output files go (T2-COMPAT §1). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "output_prefix.h"

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* mkdir -p of every folder in `path` up to (not including) its last component when
 * `include_last` is 0, or the whole path when 1. */
static int make_folders(const char *path, int include_last, char *err, size_t err_size)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        snprintf(err, err_size, "output path too long: %.200s...", path);
        return -1;
    }
    size_t len = strlen(buf);
    if (!include_last) {
        char *slash = strrchr(buf, '/');
        if (!slash)
            return 0;
        len = (size_t)(slash - buf);
        buf[len] = '\0';
    }
    for (size_t i = 1; i <= len; i++) {
        if (buf[i] != '/' && buf[i] != '\0')
            continue;
        char saved = buf[i];
        buf[i] = '\0';
        if (mkdir(buf, 0777) < 0 && errno != EEXIST) {
            snprintf(err, err_size, "cannot create output folder '%s': %s; choose another -w", buf, strerror(errno));
            return -1;
        }
        if (!is_directory(buf)) {
            snprintf(err, err_size, "output path '%s' exists but is not a folder: choose another -w", buf);
            return -1;
        }
        buf[i] = saved;
    }
    return 0;
}

/* Base name of the input without its last extension: "dir/trace.pcap" -> "trace". */
static void input_stem(const char *input, char *out, size_t out_size, int keep_dir)
{
    const char *base = strrchr(input, '/');
    base = base ? base + 1 : input;
    const char *start = keep_dir ? input : base;
    const char *dot = strrchr(base, '.');
    size_t len = dot && dot != base ? (size_t)(dot - start) : strlen(start);
    snprintf(out, out_size, "%.*s", (int)len, start);
}

int output_prefix_make(const char *input, const char *interface, const char *write, char *out,
                       size_t out_size, int *flows_to_stdout, char *err, size_t err_size)
{
    char stem[4096];
    *flows_to_stdout = write && strcmp(write, "-") == 0;
    if (interface)
        snprintf(stem, sizeof stem, "%s", interface);
    else if (strcmp(input, "-") == 0)
        snprintf(stem, sizeof stem, "stdin");
    else
        input_stem(input, stem, sizeof stem, !write || *flows_to_stdout);

    if (!write || *flows_to_stdout) {
        snprintf(out, out_size, "%s", stem);
        return 0;
    }
    if (!*write) {
        snprintf(err, err_size, "-w needs a folder or a prefix (or '-' for standard output)");
        return -1;
    }
    size_t wlen = strlen(write);
    int trailing_slash = write[wlen - 1] == '/';
    if (trailing_slash || is_directory(write)) {
        if (make_folders(write, 1, err, err_size) < 0)
            return -1;
        snprintf(out, out_size, "%s%s%s", write, trailing_slash ? "" : "/", stem);
        return 0;
    }
    snprintf(out, out_size, "%s", write);
    return make_folders(write, 0, err, err_size);
}
