/* rowtap/sink.h — the sink interface and reading rows from batches.
 *
 * A sink is a module exporting one symbol, `rowtap_sink`, of type rt_sink (the txt sink is built
 * into the binary with the same interface). The core gives every sink its own thread and a
 * bounded queue of row batches; all callbacks except open and stats run on that thread.
 * write() classifies its outcome; the core retries RT_SINK_RETRY with backoff (calling write
 * again with the same batch: the sink must not have half-written it, or must know how far it
 * got), counts RT_SINK_DATA rows as failed, and stops the run with a non-zero exit on
 * RT_SINK_FATAL. A sink that groups several batches into one transaction keeps what it has not
 * committed yet and replays it itself after a RETRY. No callback may sleep to wait for a retry. */
#ifndef ROWTAP_SINK_H
#define ROWTAP_SINK_H

#include <stddef.h>
#include <stdint.h>

#include "module.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rows of one stream, encoded in schema order; read them with rt_cursor. Immutable, shared by
 * all sinks; valid until write() returns. */
typedef struct rt_batch {
    rt_stream stream;
    const rt_schema *schema;
    uint32_t n_rows;
    size_t size;
    const uint8_t *data;
} rt_batch;

/* Outcome of write(). Every row is counted once: the core counts the rows of a batch whose write
 * ends in RT_SINK_FATAL (or is abandoned after retries) and of every later batch; the sink counts
 * in its stats (rows_failed) the rows of earlier batches it accepted but then lost, and the
 * *rows_failed of RT_SINK_DATA. */
typedef enum rt_sink_status {
    RT_SINK_OK = 0,
    RT_SINK_RETRY, /* transient failure, nothing of the batch was kept: call again later */
    RT_SINK_DATA,  /* some rows cannot be written: *rows_failed says how many, the rest is done */
    RT_SINK_FATAL  /* the sink cannot continue (message logged); this batch is not written */
} rt_sink_status;

/* Counters of one stream of a sink. */
typedef struct rt_sink_stats {
    uint64_t rows_written;
    uint64_t bytes_written;
    uint64_t rows_failed;
} rt_sink_stats;

typedef struct rt_sink {
    unsigned abi_version;          /* RT_ABI_VERSION */
    unsigned struct_size;          /* sizeof(rt_sink) */
    const char *name;              /* "-o" name and module file name */
    const char *version;
    const char *description;
    const rt_option *options;
    unsigned n_options;

    /* Main thread, before any packet is read: create outputs for the streams of run->schemas.
     * Returns 0 and sets *instance, or -1 after logging an error. */
    int (*open)(rt_module *self, const rt_run *run, void **instance);
    /* Sink thread: write one batch. */
    rt_sink_status (*write)(void *instance, const rt_batch *batch, uint32_t *rows_failed);
    /* Sink thread: make written rows durable/visible (called when the queue has been empty for 50 ms
     * and at end).
     * RT_SINK_RETRY makes the core call flush again after a backoff. */
    rt_sink_status (*flush)(void *instance);
    /* Sink thread, last call there: finish outputs (final flush, files closed, deliveries
     * awaited). The instance stays valid for stats() and report() until destroy(). */
    rt_sink_status (*close)(void *instance);
    /* Any thread: current counters of one stream (may be slightly stale while running). */
    void (*stats)(void *instance, rt_stream stream, rt_sink_stats *out);
    /* Main thread, after close: sink-specific lines for the end report. May be NULL. */
    void (*report)(void *instance, rt_report *report);
    /* Main thread, last call of all: free the instance (also after a failed run). */
    void (*destroy)(void *instance);
} rt_sink;

#define RT_SINK_DEFINE __attribute__((visibility("default"))) const rt_sink rowtap_sink
#define RT_SINK_HEADER .abi_version = RT_ABI_VERSION, .struct_size = sizeof(rt_sink)

/* One decoded value. Numbers use u (unsigned and bit fields), i (signed, TS, DUR), f, d or c;
 * S, SC, BIN, MAC, IP4, IP6 and IPX use bytes/len; IPX also sets ip_version (0: no address). */
typedef struct rt_value {
    union {
        uint64_t u;
        int64_t i;
        float f;
        double d;
        char c;
    } n;
    const uint8_t *bytes;
    uint32_t len;
    uint8_t ip_version;
} rt_value;

/* Reads a batch row by row, column by column, value by value. */
typedef struct rt_cursor {
    const uint8_t *pos;
    const uint8_t *end;
} rt_cursor;

void rt_cursor_init(rt_cursor *cursor, const rt_batch *batch);
/* At the start of each column: RT_ABSENT, or the number of values (compounds) that follow;
 * a present non-repeated column gives 1. */
uint32_t rt_cursor_count(rt_cursor *cursor);
/* The next value, of the given catalog type (a compound's parts are read one by one). */
void rt_cursor_value(rt_cursor *cursor, rt_type type, rt_value *out);

#ifdef __cplusplus
}
#endif
#endif
