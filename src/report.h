/* report.h — the end-of-run report (T2-COMPAT §10) and the status report of a running analysis. */
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
/* Writes a status report while the run goes on (SIGUSR1): elapsed time, packets, bytes of input
 * read (and the share of the whole, when known), flow directions held and evicted, rows written,
 * then per sink and stream the rows handed over, written, failed and dropped, and the live
 * capture's counters. Every line starts with "rowtap: status: "; the text is written at once.
 * Call on the analyzer thread. */
void report_status_write(FILE *out, const report_input *in, const analyzer *a, capture *cap);
/* The text of the progress line (progress.h): percent of the input read, packets, packets/s, rows
 * written per sink and the time left; for live capture packets, drops and rows. */
void report_progress_text(char *line, size_t size, const report_input *in, const analyzer *a, capture *cap);

#endif
