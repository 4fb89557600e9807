/* analyzer.c — the per-packet pipeline and the writing of packet and flow rows. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "log.h"
#include "row_writer.h"

struct analyzer {
    analyzer_config config;
    analyzer_plugins plugins;
    const rt_run *run;
    sink_runner *sinks;
    decoder *decoder;
    flow_table *flows;
    rt_row row;
    analyzer_stats stats;
    int64_t last_submit_wall;   /* live: when partial batches were last handed over */
    int64_t idle_wall_base;     /* live: wall clock of the last frame */
    volatile sig_atomic_t *status_requested;
    void (*status_report)(void *arg);
    void *status_arg;
    void (*tick)(void *arg);    /* called every ANALYZER_TICK_FRAMES frames and when idle */
    void *tick_arg;
    uint32_t frames_since_tick;
};

/* Frames between two calls of the tick callback (it checks the clock itself). */
#define ANALYZER_TICK_FRAMES 8192

static int64_t wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Writes the row of one direction (dir 'A' or 'B'). */
static void write_flow_row(analyzer *a, rt_flow *flow, char dir)
{
    rt_row *row = &a->row;
    row_begin(row, sink_runner_buffer(a->sinks, RT_STREAM_FLOWS), a->run->schemas[RT_STREAM_FLOWS]);
    analyzer_plugins_flow_row(&a->plugins, flow, dir, row);
    sink_runner_row_done(a->sinks, RT_STREAM_FLOWS);
    a->stats.flow_rows++;
    a->stats.status |= flow->status;
    if (dir == 'A')
        a->stats.a_flows++;
    else
        a->stats.b_flows++;
}

/* flow_table callback: a pair ends; the direction without bit 0 is A (T2-COMPAT §4.2). */
static void on_pair_end(void *arg, rt_flow *first, rt_flow *second)
{
    analyzer *a = arg;
    if (second && (first->status & RT_STAT_REPLY) && !(second->status & RT_STAT_REPLY)) {
        rt_flow *t = first;
        first = second;
        second = t;
    }
    write_flow_row(a, first, 'A');
    if (second)
        write_flow_row(a, second, 'B');
}

analyzer *analyzer_new(const analyzer_config *config, rt_module *const *plugins, size_t n_plugins,
                       const rt_run *run, sink_runner *sinks)
{
    analyzer *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->config = *config;
    a->plugins = (analyzer_plugins){ plugins, n_plugins, config->ip_packet_bits };
    a->run = run;
    a->sinks = sinks;
    flow_table_config fc = {
        .max_directions = config->flow_table_size,
        .frag_entries = config->frag_table_size,
        .timeout = config->flow_timeout,
        .state_size = analyzer_plugins_layout(&a->plugins, flow_table_state_offset()),
        .on_end = on_pair_end,
        .arg = a,
    };
    a->flows = flow_table_new(&fc);
    a->decoder = decoder_new();
    if (!a->flows || !a->decoder) {
        analyzer_free(a);
        return NULL;
    }
    a->stats.first_time = a->stats.last_time = 0;
    a->last_submit_wall = a->idle_wall_base = wall_ns();
    return a;
}

static void process_packet(analyzer *a, rt_flow *flow, const rt_packet *pkt, int created)
{
    rt_row *row = NULL;
    if (a->config.packet_mode) {
        row = &a->row;
        row_begin(row, sink_runner_buffer(a->sinks, RT_STREAM_PACKETS), a->run->schemas[RT_STREAM_PACKETS]);
    }
    analyzer_plugins_packet(&a->plugins, flow, pkt, created, row);
    if (row) {
        sink_runner_row_done(a->sinks, RT_STREAM_PACKETS);
        a->stats.rows++;
    }
    flow_table_touch(a->flows, flow);
    if (flow->status & RT_STAT_REPLY) {
        a->stats.b_packets++;
        a->stats.b_bytes += pkt->wirelen;
    } else {
        a->stats.a_packets++;
        a->stats.a_bytes += pkt->wirelen;
    }
}

/* Capture time truncated to whole microseconds (rounding down, also before 1970). */
static int64_t truncate_to_us(int64_t t)
{
    int64_t r = t % 1000;
    return t - (r < 0 ? r + 1000 : r);
}

static void handle_frame(analyzer *a, const capture_frame *frame)
{
    int64_t t = a->config.time_digits == 6 ? truncate_to_us(frame->time) : frame->time;
    uint64_t number = ++a->stats.packets;
    if (number == 1)
        a->stats.first_time = t;
    a->stats.last_time = t;
    flow_table_expire(a->flows, t);
    decoded_packet dp;
    decoder_decode(a->decoder, frame, number, t, &dp);
    if (dp.no_flow) {
        a->stats.status |= dp.pkt.status;
        return;
    }
    int created;
    rt_flow *flow = flow_table_lookup(a->flows, &dp, &created);
    process_packet(a, flow, &dp.pkt, created);
}

void analyzer_set_status(analyzer *a, volatile sig_atomic_t *requested, void (*report)(void *arg), void *arg)
{
    a->status_requested = requested;
    a->status_report = report;
    a->status_arg = arg;
}

void analyzer_set_tick(analyzer *a, void (*tick)(void *arg), void *arg)
{
    a->tick = tick;
    a->tick_arg = arg;
}

static inline void call_tick(analyzer *a)
{
    a->frames_since_tick = 0;
    if (a->tick)
        a->tick(a->tick_arg);
}

/* Writes the status report if one was asked for. */
static inline void check_status(analyzer *a)
{
    if (a->status_requested && *a->status_requested) {
        *a->status_requested = 0;
        a->status_report(a->status_arg);
    }
}

/* capture_wake callback: a blocked read was woken. */
static void on_capture_wake(void *arg)
{
    check_status(arg);
    call_tick(arg);
}

/* Live capture without frames: run the timeouts on estimated capture time, hand over rows. */
static void handle_idle(analyzer *a)
{
    call_tick(a);
    int64_t now = wall_ns();
    if (a->stats.packets)
        flow_table_expire(a->flows, a->stats.last_time + (now - a->idle_wall_base));
    if (now - a->last_submit_wall >= a->config.live_flush_ns) {
        sink_runner_submit_all(a->sinks);
        a->last_submit_wall = now;
    }
}

void analyzer_run(analyzer *a, capture *cap, volatile sig_atomic_t *stop)
{
    capture_frame frame;
    int interrupted = 0;
    capture_set_wake(cap, on_capture_wake, a);
    while (*stop < 2 && !sink_runner_failed(a->sinks)) {
        if (*stop && !interrupted) {
            capture_interrupt(cap);
            interrupted = 1;
        }
        check_status(a);
        capture_result r = capture_next(cap, &frame);
        if (r == CAPTURE_END)
            break;
        if (r == CAPTURE_ERROR) {
            log_error("%s", capture_error(cap));
            a->stats.input_errors++;
            continue;
        }
        if (r == CAPTURE_IDLE) {
            handle_idle(a);
            continue;
        }
        handle_frame(a, &frame);
        if (++a->frames_since_tick == ANALYZER_TICK_FRAMES)
            call_tick(a);
        if (a->config.live) {
            a->idle_wall_base = wall_ns();
            if (a->idle_wall_base - a->last_submit_wall >= a->config.live_flush_ns) {
                sink_runner_submit_all(a->sinks);
                a->last_submit_wall = a->idle_wall_base;
            }
        }
    }
    capture_set_wake(cap, NULL, NULL);
}

void analyzer_end_flows(analyzer *a, volatile sig_atomic_t *stop)
{
    flow_table_close(a->flows);
    while (*stop < 2 && flow_table_end_oldest(a->flows))
        ;
}

const analyzer_stats *analyzer_get_stats(const analyzer *a)
{
    return &a->stats;
}

const decode_stats *analyzer_decode_stats(const analyzer *a)
{
    return decoder_stats(a->decoder);
}

const flow_table_stats *analyzer_flow_stats(const analyzer *a)
{
    return flow_table_get_stats(a->flows);
}

void analyzer_flow_memory(const analyzer *a, flow_table_memory *out)
{
    flow_table_get_memory(a->flows, out);
}

void analyzer_free(analyzer *a)
{
    if (!a)
        return;
    flow_table_free(a->flows);
    if (a->decoder)
        decoder_free(a->decoder);
    free(a);
}
