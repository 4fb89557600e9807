/* txt_output.h — one output file of the txt sink: rendered text is collected in a buffer and
 * written with write(2) in large chunks; counters for the sink's stats. */
#ifndef ROWTAP_TXT_OUTPUT_H
#define ROWTAP_TXT_OUTPUT_H

#include <stdatomic.h>
#include <stdint.h>

#include "buffer.h"
#include "rowtap/module.h"

typedef struct txt_output {
    int fd;                       /* -1 when not open */
    int owns_fd;                  /* 0 for standard output, which is never closed */
    int failed;                   /* a write failed: nothing more is written */
    char *name;                   /* the path, or "standard output", for messages */
    rt_buffer text;               /* rendered text not written yet */
    uint64_t pending_rows;        /* rows contained in text */
    atomic_uint_least64_t rows_written;  /* rows whose text reached the file */
    atomic_uint_least64_t bytes_written; /* bytes that reached the file (name row included) */
} txt_output;

/* Marks the output as not open (call before txt_output_open, so that closing is always safe). */
void txt_output_init(txt_output *out);
/* Creates or truncates `path`, or uses standard output when path is NULL. Returns 0, or -1
 * after logging an error naming the file. */
int txt_output_open(txt_output *out, const rt_module *self, const char *path);
/* Writes all text collected so far. Returns 0, or -1 after logging an error naming the file and
 * the reason (the output then refuses further writes). */
int txt_output_flush(txt_output *out, const rt_module *self);
/* Flushes, closes the file (not standard output) and frees the buffer; safe on an output that
 * was never opened. Returns 0, or -1 after logging an error. */
int txt_output_close(txt_output *out, const rt_module *self);

#endif
