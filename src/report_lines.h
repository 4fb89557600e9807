/* report_lines.h — the rt_report handed to plugins and sinks: the lines each module adds to the
 * end-of-run report, prefixed with its name. Kept apart from report.c so that code without an
 * analyzer (the plugin test harness) can collect a plugin's report. */
#ifndef ROWTAP_REPORT_LINES_H
#define ROWTAP_REPORT_LINES_H

#include <stddef.h>
#include <stdio.h>

#include "module_internal.h"

struct rt_report {
    FILE *out;
    const char *prefix;   /* module name written before each line */
};

/* Writes the lines of every plugin's report callback to `out`, in plugin order. */
void report_lines_plugins(FILE *out, rt_module *const *plugins, size_t n_plugins);

#endif
