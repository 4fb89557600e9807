/* accept_run.h — acceptance-test support: running rowtap (or any program) as a separate process
 * with its output in files, and the temporary folders and files around such a run. Failures of
 * the support itself fail the running Check test. */
#ifndef ROWTAP_ACCEPT_RUN_H
#define ROWTAP_ACCEPT_RUN_H

#include <stddef.h>

/* Runs argv[0] with the arguments argv (NULL-terminated), standard output and standard error
 * written to the given files; returns the exit status, or 128 + the signal that ended it. */
int accept_run(const char *const *argv, const char *stdout_path, const char *stderr_path);

/* $top_builddir/name (top_builddir from the test environment, else ".") written to out; returns
 * out. */
const char *accept_build_path(const char *name, char *out, size_t out_size);
/* The same for $top_srcdir. */
const char *accept_source_path(const char *name, char *out, size_t out_size);

/* Formats a path into out; fails the test when it does not fit. */
void accept_path(char *out, size_t out_size, const char *format, ...) __attribute__((format(printf, 3, 4)));

/* Creates a fresh temporary folder (under $TMPDIR or /tmp) and returns its path in out. */
void accept_temp_dir(char *out, size_t out_size);
/* Removes a folder and everything in it. */
void accept_remove_tree(const char *path);

/* Reads a whole file, NUL-terminated (the NUL is not counted in *len); NULL when it cannot be
 * read. The caller frees it. */
char *accept_read_file(const char *path, size_t *len);

/* Whether a sanitizer reported a problem in the text (AddressSanitizer, LeakSanitizer,
 * UndefinedBehaviorSanitizer "runtime error"). */
int accept_sanitizer_report(const char *text);

#endif
