/* progress.h — the progress line: one line on a terminal's standard error, rewritten in place
 * while rowtap reads (percent of the input, packets/s, rows per sink, time left; for live capture
 * packets, drops and rows), and erased before anything else is written there. Off when standard
 * error is not a terminal or with -q. */
#ifndef ROWTAP_PROGRESS_H
#define ROWTAP_PROGRESS_H

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

typedef struct progress {
    FILE *out;            /* standard error, NULL when the line is off */
    int64_t interval_ns;  /* least time between two drawings (core.progressMs) */
    int64_t last_drawn;   /* monotonic time of the last drawing */
    atomic_int shown;     /* a line is on the terminal now (cleared from any thread's log message) */
} progress;

/* Switches the line on when `out` is a terminal and not quiet. */
void progress_init(progress *p, FILE *out, int quiet, int64_t interval_ns);
/* Is it time to draw again (at monotonic time now)? */
int progress_due(const progress *p, int64_t now);
/* Replaces the line by `text` (one line, no newline). */
void progress_show(progress *p, const char *text, int64_t now);
/* Erases the line (before a report, a warning or the end of the run). */
void progress_clear(progress *p);

#endif
