/* report.h — the end-of-run report (T2-COMPAT §10). */
#ifndef ROWTAP_REPORT_H
#define ROWTAP_REPORT_H

#include <stdio.h>

#include "analyzer.h"
#include "capture.h"
#include "sink_runner.h"

/* What the report describes besides the analyzer's counters. */
typedef struct report_input {
    const rt_run *run;
    const char *input;          /* file, list file or interface */
    uint32_t linktype, snaplen;
    const char *filter;         /* BPF expression or NULL */
    const capture_stats *live;  /* NULL for files */
    int64_t elapsed_ns;         /* wall-clock time of the run */
    uint32_t flow_table_size;
    rt_module *const *plugins;
    size_t n_plugins;
    sink_runner *sinks;
} report_input;

/* Writes the report to `out`. */
void report_write(FILE *out, const report_input *in, const analyzer *a);

#endif
