/* analyzer.h — the data path of DESIGN §2 on the analyzer thread: capture → decode → flow table
 * → plugins → rows handed to the sinks (the plugin calls themselves: analyzer_plugins.h). */
#ifndef ROWTAP_ANALYZER_H
#define ROWTAP_ANALYZER_H

#include <signal.h>
#include <stdint.h>

#include "analyzer_plugins.h"
#include "capture.h"
#include "decode.h"
#include "flow_table.h"
#include "sink_runner.h"

typedef struct analyzer_config {
    int packet_mode;          /* -s: write packet rows */
    int time_digits;          /* 6 (timestamps truncated to µs on input) or 9 */
    int64_t flow_timeout;     /* ns of capture time */
    uint32_t flow_table_size;
    uint32_t frag_table_size;
    int ip_packet_bits;       /* core.ipPktStatBits */
    int live;
    int64_t live_flush_ns;    /* live: hand partial batches to the sinks at least this often */
} analyzer_config;

/* Counters for the end-of-run report. */
typedef struct analyzer_stats {
    uint64_t packets;              /* frames read (pktNo of the last one) */
    uint64_t rows;                 /* packet rows written */
    uint64_t flow_rows;
    uint64_t a_packets, a_bytes, b_packets, b_bytes; /* by flowStat bit 0, wire bytes */
    uint64_t a_flows, b_flows;     /* flow rows written as A / B */
    uint64_t input_errors;         /* damaged or unreadable inputs */
    int64_t first_time, last_time; /* capture time of the first and last frame */
    uint64_t status;               /* OR of every flowStat and of the packets without flow */
} analyzer_stats;

typedef struct analyzer analyzer;

/* Assigns the plugins' state areas and creates the flow table and decoder. */
analyzer *analyzer_new(const analyzer_config *config, rt_module *const *plugins, size_t n_plugins,
                       const rt_run *run, sink_runner *sinks);
/* A status report wanted by a signal: analyzer_run calls report(arg) on its own thread when it
 * finds *requested set (between frames, on idle, and when a blocked read of a pipe is woken with
 * capture_wake) and clears the flag first. */
void analyzer_set_status(analyzer *a, volatile sig_atomic_t *requested, void (*report)(void *arg), void *arg);
/* A callback analyzer_run calls on its own thread every few thousand frames and whenever the
 * input is idle (live capture) or a blocked read was woken: e.g. the progress line. */
void analyzer_set_tick(analyzer *a, void (*tick)(void *arg), void *arg);
/* Reads the capture until its end, a fatal sink error or *stop reaching 2. *stop at 1 (first
 * interrupt) interrupts the capture (capture_interrupt) and reads on until it ends: at once for a
 * regular file, after the bytes a pipe holds, within the read timeout for an interface. */
void analyzer_run(analyzer *a, capture *cap, volatile sig_atomic_t *stop);
/* Ends every remaining flow (end of input), least recently active first, unless *stop reaches 2
 * (checked between pairs). */
void analyzer_end_flows(analyzer *a, volatile sig_atomic_t *stop);
const analyzer_stats *analyzer_get_stats(const analyzer *a);
const decode_stats *analyzer_decode_stats(const analyzer *a);
const flow_table_stats *analyzer_flow_stats(const analyzer *a);
void analyzer_flow_memory(const analyzer *a, flow_table_memory *out);
void analyzer_free(analyzer *a);

#endif
