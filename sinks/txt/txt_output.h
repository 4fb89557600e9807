/* txt_output.h — one output file of the txt and msgpack sinks: rendered text is collected in a
 * buffer and written in large chunks; counters for the sinks' stats.
 *
 * Regular files are written with direct I/O (O_DIRECT) where the file system allows it: whole
 * blocks go from the buffer to the disk without being copied into the page cache, which on a
 * machine writing gigabytes of rows costs less processor time than the copy and leaves the page
 * cache to the capture being read. Direct writes are asynchronous (POSIX aio): the sink renders
 * into a second buffer while the first one is written. The last, partial block is written
 * through the page cache by a flush or the close and written again directly once more text has
 * completed it. Standard output, pipes and file systems that refuse O_DIRECT are written with
 * plain write(2). */
#ifndef ROWTAP_TXT_OUTPUT_H
#define ROWTAP_TXT_OUTPUT_H

#include <aio.h>
#include <stdatomic.h>
#include <stdint.h>

#include "buffer.h"
#include "rowtap/module.h"

/* Alignment and size unit of direct writes (covers 512- and 4096-byte logical blocks). */
#define TXT_OUTPUT_BLOCK 4096u

typedef struct txt_output {
    int fd;                       /* -1 when not open */
    int owns_fd;                  /* 0 for standard output, which is never closed */
    int positional;               /* a regular file rowtap created: written with pwrite at `base` */
    int direct;                   /* fd has O_DIRECT: only whole blocks are written directly */
    int failed;                   /* a write failed: nothing more is written */
    char *name;                   /* the path, or "standard output", for messages */
    rt_buffer text;               /* rendered text; text.data[0] is at file offset `base` */
    uint64_t base;                /* file offset of the buffer's first byte */
    rt_buffer spare;              /* direct mode: the buffer of the write in flight */
    struct aiocb request;         /* the direct write in flight */
    int in_flight;                /* request has been submitted and not yet waited for */
    uint64_t in_flight_rows;      /* rows whose text that write completes */
    size_t text_in_file;          /* leading bytes of `text` already in the file (a flushed tail) */
    uint64_t pending_rows;        /* rows whose text has not entirely reached the file */
    uint64_t last_batch_rows;     /* rows added by the last txt_output_add_rows */
    size_t last_batch_start;      /* where their text starts in `text` */
    size_t rows_end;              /* where the text of the last added rows ends in `text` */
    atomic_uint_least64_t rows_written;  /* rows whose text reached the file */
    atomic_uint_least64_t bytes_written; /* bytes that reached the file (name row included) */
    atomic_uint_least64_t rows_failed;   /* rows lost because a write failed */
} txt_output;

/* Marks the output as not open (call before txt_output_open, so that closing is always safe). */
void txt_output_init(txt_output *out);
/* Creates or truncates `path`, or uses standard output when path is NULL. `direct_io` 0 never
 * uses O_DIRECT. Returns 0, or -1 after logging an error naming the file. */
int txt_output_open(txt_output *out, const rt_module *self, const char *path, int direct_io);
/* Records that the text of `n_rows` more rows has been appended to out->text. */
void txt_output_add_rows(txt_output *out, uint64_t n_rows);
/* Called by write() after each batch: once `chunk_bytes` have been collected, writes everything,
 * or in direct mode the whole blocks only, asynchronously (the rest stays for the next call). An
 * error of the direct write in flight is reported by the first call after it ended. Returns 0,
 * or -1 like txt_output_flush. */
int txt_output_write_chunk(txt_output *out, const rt_module *self, uint64_t batch_rows, size_t chunk_bytes);
/* Writes all text collected so far. Returns 0, or -1 after logging an error naming the file and
 * the reason; the output then refuses further writes and its pending rows count as failed —
 * except the last `batch_rows` of them, rows of the batch being written, which the core counts
 * itself when write() fails (0 outside write()). */
int txt_output_flush(txt_output *out, const rt_module *self, uint64_t batch_rows);
/* Flushes, closes the file (not standard output) and frees the buffer; safe on an output that
 * was never opened. Returns 0, or -1 after logging an error. */
int txt_output_close(txt_output *out, const rt_module *self);

#endif
