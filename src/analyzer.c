/* analyzer.c — the per-packet pipeline and the writing of packet and flow rows. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "log.h"
#include "row_writer.h"

struct analyzer {
    analyzer_config config;
    rt_module *const *plugins;
    size_t n_plugins;
    const rt_run *run;
    sink_runner *sinks;
    decoder *decoder;
    flow_table *flows;
    rt_row row;
    analyzer_stats stats;
    int64_t last_submit_wall;   /* live: when partial batches were last handed over */
    int64_t idle_wall_base;     /* live: wall clock of the last frame */
};

/* Columns the core writes itself. */
static const rt_column packet_head[] = {
    RT_COLUMN("pktNo", U64, "Packet number"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
};
static const rt_column packet_tail[] = {
    RT_COLUMN("l7Content", BIN, "Application payload"),
};
static const rt_column flow_head[] = {
    RT_COLUMN("dir", C, "Flow direction: A or B"),
    RT_COLUMN("flowInd", U64, "Flow index, shared by both directions"),
};

int analyzer_build_schemas(rt_module *const *plugins, size_t n_plugins, int packet_mode,
                           schema_registry reg[RT_STREAM_COUNT], char *err, size_t err_size)
{
    schema_registry_init(&reg[RT_STREAM_PACKETS], RT_STREAM_PACKETS);
    schema_registry_init(&reg[RT_STREAM_FLOWS], RT_STREAM_FLOWS);
    if (schema_registry_add(&reg[RT_STREAM_PACKETS], "core", packet_head, 2, err, err_size) < 0
        || schema_registry_add(&reg[RT_STREAM_FLOWS], "core", flow_head, 2, err, err_size) < 0)
        return -1;
    for (size_t i = 0; i < n_plugins; i++) {
        const rt_plugin *p = plugins[i]->plugin;
        if (schema_registry_add(&reg[RT_STREAM_PACKETS], p->name, p->packet_columns, p->n_packet_columns, err,
                                err_size) < 0
            || schema_registry_add(&reg[RT_STREAM_FLOWS], p->name, p->flow_columns, p->n_flow_columns, err,
                                   err_size) < 0)
            return -1;
    }
    if (schema_registry_add(&reg[RT_STREAM_PACKETS], "core", packet_tail, 1, err, err_size) < 0)
        return -1;
    schema_registry_finish(&reg[RT_STREAM_FLOWS]);
    if (packet_mode)
        schema_registry_finish(&reg[RT_STREAM_PACKETS]);
    return 0;
}

static int64_t wall_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Writes the rows of one direction (dir 'A' or 'B'). */
static void write_flow_row(analyzer *a, rt_flow *flow, char dir)
{
    rt_row *row = &a->row;
    row_begin(row, sink_runner_buffer(a->sinks, RT_STREAM_FLOWS), a->run->schemas[RT_STREAM_FLOWS]);
    row_hand_over(row, "core", 2);
    rt_row_char(row, dir);
    rt_row_u64(row, flow->index);
    row_check_done(row);
    for (size_t i = 0; i < a->n_plugins; i++) {
        const rt_module *m = a->plugins[i];
        row_hand_over(row, m->name, m->plugin->n_flow_columns);
        if (m->plugin->flow_terminated)
            m->plugin->flow_terminated(a->plugins[i], flow, rt_flow_state(m, flow), row);
        row_check_done(row);
    }
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
    a->plugins = plugins;
    a->n_plugins = n_plugins;
    a->run = run;
    a->sinks = sinks;
    size_t offset = flow_table_state_offset(), state_size = 0;
    for (size_t i = 0; i < n_plugins; i++) {
        size_t size = (plugins[i]->plugin->state_size + 15) & ~(size_t)15;
        plugins[i]->state_offset = offset + state_size;
        state_size += size;
    }
    flow_table_config fc = {
        .max_directions = config->flow_table_size,
        .frag_entries = config->frag_table_size,
        .timeout = config->flow_timeout,
        .state_size = state_size,
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

void *rt_flow_state(const rt_module *self, const rt_flow *flow)
{
    return (char *)flow + self->state_offset;
}

/* Status bits the core derives for every packet of a flow. */
static uint64_t core_status_bits(const analyzer *a, const rt_packet *pkt, const rt_flow *flow)
{
    uint64_t bits = pkt->status;
    switch (flow->key.ip_version) {
    case 4: bits |= RT_STAT_IPV4; break;
    case 6: bits |= RT_STAT_IPV6; break;
    default: bits |= RT_STAT_L2_FLOW; break;
    }
    if (a->config.ip_packet_bits)
        bits |= pkt->ip_version == 4 ? RT_STAT_IPV4_PACKET : pkt->ip_version == 6 ? RT_STAT_IPV6_PACKET : 0;
    if (flow->packets && pkt->time < flow->last_time)
        bits |= RT_STAT_NEGATIVE_IAT;
    return bits;
}

static void process_packet(analyzer *a, rt_flow *flow, const rt_packet *pkt, int created)
{
    flow->status |= core_status_bits(a, pkt, flow);
    if (created)
        for (size_t i = 0; i < a->n_plugins; i++)
            if (a->plugins[i]->plugin->flow_created)
                a->plugins[i]->plugin->flow_created(a->plugins[i], flow, rt_flow_state(a->plugins[i], flow), pkt);

    rt_row *row = NULL;
    if (a->config.packet_mode) {
        row = &a->row;
        row_begin(row, sink_runner_buffer(a->sinks, RT_STREAM_PACKETS), a->run->schemas[RT_STREAM_PACKETS]);
        row_hand_over(row, "core", 2);
        rt_row_u64(row, pkt->number);
        rt_row_u64(row, flow->index);
        row_check_done(row);
    }
    for (size_t i = 0; i < a->n_plugins; i++) {
        const rt_module *m = a->plugins[i];
        if (row)
            row_hand_over(row, m->name, m->plugin->n_packet_columns);
        if (m->plugin->packet)
            m->plugin->packet(a->plugins[i], flow, rt_flow_state(m, flow), pkt, row);
        if (row)
            row_check_done(row);
    }
    if (row) {
        row_hand_over(row, "core", 1);
        if (pkt->l7_caplen)
            rt_row_bytes(row, pkt->l7, pkt->l7_caplen);
        else
            rt_row_absent(row);
        row_check_done(row);
        sink_runner_row_done(a->sinks, RT_STREAM_PACKETS);
        a->stats.rows++;
    }
    flow->last_time = pkt->time;
    flow->packets++;
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

/* Live capture without frames: run the timeouts on estimated capture time, hand over rows. */
static void handle_idle(analyzer *a)
{
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
    while (!*stop && !sink_runner_failed(a->sinks)) {
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
        if (a->config.live) {
            a->idle_wall_base = wall_ns();
            if (a->idle_wall_base - a->last_submit_wall >= a->config.live_flush_ns) {
                sink_runner_submit_all(a->sinks);
                a->last_submit_wall = a->idle_wall_base;
            }
        }
    }
}

void analyzer_end_flows(analyzer *a)
{
    flow_table_end_all(a->flows);
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

void analyzer_free(analyzer *a)
{
    if (!a)
        return;
    flow_table_free(a->flows);
    if (a->decoder)
        decoder_free(a->decoder);
    free(a);
}
