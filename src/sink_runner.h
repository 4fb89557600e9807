/* sink_runner.h — hands row batches to the sinks (DESIGN §2, §5): the analyzer writes rows into
 * the current batch of a stream; full batches are shared read-only by all sinks, each of which
 * has its own thread and bounded queue. Reading files, a full queue makes the analyzer wait;
 * live capture drops the batch for that sink and counts it. The runner retries RT_SINK_RETRY
 * with backoff, counts failed rows, and reports a fatal sink so that the run can stop. */
#ifndef ROWTAP_SINK_RUNNER_H
#define ROWTAP_SINK_RUNNER_H

#include <stdint.h>

#include "buffer.h"
#include "module_internal.h"

typedef struct sink_runner sink_runner;

/* Counters the runner keeps for one sink and stream. */
typedef struct sink_runner_stats {
    uint64_t rows_queued;     /* rows handed to the sink's queue */
    uint64_t rows_dropped;    /* rows of batches dropped at a full queue (live capture) */
    uint64_t batches_dropped;
    uint64_t retries;         /* RT_SINK_RETRY outcomes */
    uint64_t rows_lost;       /* rows never written: after a fatal error, or given up at stop */
} sink_runner_stats;

/* Opens every sink (their open callbacks run here, on the calling thread) and starts their
 * threads. Returns NULL after logging an error when a sink cannot open. */
sink_runner *sink_runner_start(rt_module *const *sinks, size_t n_sinks, const rt_run *run, int live,
                               unsigned queue_batches, size_t batch_bytes);
/* The buffer the next row of `stream` is appended to. */
rt_buffer *sink_runner_buffer(sink_runner *runner, rt_stream stream);
/* A row has been appended to the stream's buffer; hands the batch over when it is full. */
void sink_runner_row_done(sink_runner *runner, rt_stream stream);
/* Hands over the current batches of both streams, even when not full (live capture idle). */
void sink_runner_submit_all(sink_runner *runner);
/* Nonzero once a sink has failed fatally (the run should stop reading). */
int sink_runner_failed(const sink_runner *runner);
/* Makes retrying sinks give up (second interrupt). Async-signal-safe. */
void sink_runner_abandon(sink_runner *runner);
/* Hands over the last rows, lets every sink drain its queue, flush and close, joins the threads.
 * Returns 0 when every sink wrote every row (none lost, dropped or failed), -1 otherwise. */
int sink_runner_finish(sink_runner *runner);
size_t sink_runner_count(const sink_runner *runner);
const rt_module *sink_runner_module(const sink_runner *runner, size_t i);
/* The runner's counters of sink i; the sink's own counters via its stats callback. */
void sink_runner_get_stats(const sink_runner *runner, size_t i, rt_stream stream, sink_runner_stats *out);
void sink_runner_sink_stats(sink_runner *runner, size_t i, rt_stream stream, rt_sink_stats *out);
/* Calls the sink's report callback (after finish). */
void sink_runner_sink_report(sink_runner *runner, size_t i, rt_report *report);
void sink_runner_free(sink_runner *runner);

#endif
