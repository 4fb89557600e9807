/* report_lines.c — modules' own lines of the end-of-run report (rt_report_line). */
#include <stdarg.h>

#include "report_lines.h"

void rt_report_line(rt_report *report, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(report->out, "%s: ", report->prefix);
    vfprintf(report->out, fmt, ap);
    fputc('\n', report->out);
    va_end(ap);
}

void report_lines_plugins(FILE *out, rt_module *const *plugins, size_t n_plugins)
{
    for (size_t i = 0; i < n_plugins; i++)
        if (plugins[i]->plugin->report) {
            rt_report report = { out, plugins[i]->name };
            plugins[i]->plugin->report(plugins[i], &report);
        }
}
