/* accept_run.c — running programs and handling their files for the acceptance tests
 * (accept_run.h). */
#include <check.h>
#include <fcntl.h>
#include <stdarg.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "accept_run.h"

int accept_run(const char *const *argv, const char *stdout_path, const char *stderr_path)
{
    fflush(NULL);
    pid_t pid = fork();
    ck_assert_msg(pid >= 0, "fork failed");
    if (pid == 0) {
        int out = open(stdout_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int err = open(stderr_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (out < 0 || err < 0 || in < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || dup2(in, 0) < 0)
            _exit(126);
        execv(argv[0], (char *const *)argv);
        dprintf(2, "cannot run %s\n", argv[0]);
        _exit(127);
    }
    int status;
    ck_assert_msg(waitpid(pid, &status, 0) == pid, "waitpid failed");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static const char *tree_path(const char *variable, const char *name, char *out, size_t out_size)
{
    const char *top = getenv(variable);
    accept_path(out, out_size, "%s/%s", top && *top ? top : ".", name);
    return out;
}

const char *accept_build_path(const char *name, char *out, size_t out_size)
{
    return tree_path("top_builddir", name, out, out_size);
}

const char *accept_source_path(const char *name, char *out, size_t out_size)
{
    return tree_path("top_srcdir", name, out, out_size);
}

void accept_path(char *out, size_t out_size, const char *format, ...)
{
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(out, out_size, format, ap);
    va_end(ap);
    ck_assert_msg(n >= 0 && (size_t)n < out_size, "path too long: %s...", out);
}

void accept_temp_dir(char *out, size_t out_size)
{
    const char *tmp = getenv("TMPDIR");
    accept_path(out, out_size, "%s/rowtap-accept-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    ck_assert_msg(mkdtemp(out) != NULL, "cannot create a temporary folder under %s", tmp ? tmp : "/tmp");
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
    (void)st;
    (void)type;
    (void)ftw;
    return remove(path);
}

void accept_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *accept_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *data = malloc(cap);
    ck_assert(data != NULL);
    size_t got;
    while ((got = fread(data + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            cap *= 2;
            data = realloc(data, cap);
            ck_assert(data != NULL);
        }
    }
    fclose(f);
    data[n] = '\0';
    *len = n;
    return data;
}

int accept_sanitizer_report(const char *text)
{
    return strstr(text, "Sanitizer") != NULL || strstr(text, "runtime error") != NULL;
}
