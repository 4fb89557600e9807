/* basicStats.c — the basicStats plugin: packet and payload counts, payload size and
 * inter-arrival statistics, rates and asymmetries of every flow direction (T2-COMPAT §8.1
 * columns 23–39, §8.3 formulas, §10 report). schema/columns-basicStats.md documents the columns.
 *
 * Per packet the plugin only adds integers into the direction's state: payload size sᵢ
 * (rt_packet.l7_len) and gap gᵢ to the previous packet of the direction in nanoseconds go into
 * exact integer sums (moments.h), so the means and population standard deviations written at the
 * end are exact up to the final conversion to double, however long the flow. The received
 * columns read the opposite direction's state through flow->partner. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>

#include <rowtap/rowtap.h>

#include "basicStats.h"
#include "moments.h"

#define NS_PER_SEC 1e9

/* What basicStats keeps per direction (zeroed by the core when the direction is created). */
typedef struct basicstats_state {
    moments sizes;        /* L7 lengths sᵢ of every packet */
    moments gaps;         /* gaps gᵢ = tᵢ₊₁ − tᵢ in ns, one per packet after the first */
    int64_t min_gap, max_gap;
    uint32_t min_size, max_size;
    int64_t pad_bytes;    /* link-layer padding of IP packets */
} basicstats_state;

/* The direction that leads one ranking of the report. */
typedef struct leader {
    uint64_t flow_index;  /* flowInd, 0 while no direction ranked */
    char dir;             /* 'A' or 'B' as in the flow file */
    uint64_t value;
} leader;

enum { MOST_PACKETS, MOST_BYTES, LONGEST, N_RANKINGS };

/* Plugin-wide counters for the report (reset in init). */
static uint64_t directions, single_packet_directions, packets_total, bytes_total;
static leader rankings[N_RANKINGS];

static int basicstats_init(rt_module *self)
{
    directions = single_packet_directions = packets_total = bytes_total = 0;
    for (unsigned i = 0; i < N_RANKINGS; i++)
        rankings[i] = (leader){ 0, 'A', 0 };
    return 0;
}

static void basicstats_packet(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt, rt_row *row)
{
    basicstats_state *s = state;
    uint32_t size = pkt->l7_len;
    if (s->sizes.count == 0 || size < s->min_size)
        s->min_size = size;
    if (s->sizes.count == 0 || size > s->max_size)
        s->max_size = size;
    moments_add(&s->sizes, size);
    if (flow->packets > 0) {
        int64_t gap = pkt->time - flow->last_time;
        if (s->gaps.count == 0 || gap < s->min_gap)
            s->min_gap = gap;
        if (s->gaps.count == 0 || gap > s->max_gap)
            s->max_gap = gap;
        moments_add(&s->gaps, gap);
    }
    if (flow->key.ip_version)
        s->pad_bytes += pkt->pad_bytes;
}

/* The direction letter the flow file gives this direction (T2-COMPAT §4.2). */
static char direction_letter(const rt_flow *flow)
{
    return flow->partner && RT_FLOW_IS_REPLY(flow) ? 'B' : 'A';
}

/* Makes the direction the leader when its value is larger (the first one keeps a tie). */
static void rank(leader *l, const rt_flow *flow, uint64_t value)
{
    if (value > l->value)
        *l = (leader){ flow->index, direction_letter(flow), value };
}

/* a / b, 0 when b is 0. */
static double ratio(double a, double b)
{
    return b != 0 ? a / b : 0.0;
}

static uint16_t capped_size(uint32_t size)
{
    return (uint16_t)(size > BASICSTATS_PKT_SIZE_CAP ? BASICSTATS_PKT_SIZE_CAP : size);
}

static void basicstats_flow_terminated(rt_module *self, rt_flow *flow, void *state, rt_row *row)
{
    const basicstats_state *s = state;
    const basicstats_state *opposite = flow->partner ? rt_flow_state(self, flow->partner) : NULL;
    uint64_t n = flow->packets, received = flow->partner ? flow->partner->packets : 0;
    uint64_t bytes = (uint64_t)s->sizes.sum, bytes_received = opposite ? (uint64_t)opposite->sizes.sum : 0;
    int64_t span = flow->last_time - flow->first_time; /* basicFlow's duration, in ns */
    double duration = (double)span / NS_PER_SEC;
    double sign = !flow->partner && RT_FLOW_IS_REPLY(flow) ? -1.0 : 1.0;

    rt_row_u64(row, n);
    rt_row_u64(row, received);
    rt_row_i64(row, s->pad_bytes);
    rt_row_u64(row, bytes);
    rt_row_u64(row, bytes_received);
    rt_row_u16(row, capped_size(s->min_size));
    rt_row_u16(row, capped_size(s->max_size));
    rt_row_float(row, (float)moments_mean(&s->sizes));
    rt_row_float(row, (float)sqrt(moments_variance(&s->sizes)));
    rt_row_float(row, (float)((double)s->min_gap / NS_PER_SEC));
    rt_row_float(row, (float)((double)s->max_gap / NS_PER_SEC));
    rt_row_float(row, (float)(moments_mean(&s->gaps) / NS_PER_SEC));
    rt_row_float(row, (float)(sqrt(moments_variance(&s->gaps)) / NS_PER_SEC));
    rt_row_float(row, (float)ratio((double)n, duration));
    rt_row_float(row, (float)ratio((double)bytes, duration));
    rt_row_float(row, (float)(sign * ((double)n - (double)received) / ((double)n + (double)received)));
    rt_row_float(row, (float)ratio((double)bytes - (double)bytes_received, (double)bytes + (double)bytes_received));

    directions++;
    single_packet_directions += n == 1;
    packets_total += n;
    bytes_total += bytes;
    rank(&rankings[MOST_PACKETS], flow, n);
    rank(&rankings[MOST_BYTES], flow, bytes);
    rank(&rankings[LONGEST], flow, span > 0 ? (uint64_t)span : 0);
}

/* report: totals, then the leading direction of each ranking (lines with nothing to say are
 * left out). Durations use the run's time precision (6 or 9 fraction digits). */
static void basicstats_report(rt_module *self, rt_report *report)
{
    if (!directions)
        return;
    rt_report_line(report, "directions: %" PRIu64 " (single-packet: %" PRIu64 ")", directions,
                   single_packet_directions);
    rt_report_line(report, "L7 bytes: %" PRIu64 " in %" PRIu64 " packets (%.1f per packet)", bytes_total,
                   packets_total, ratio((double)bytes_total, (double)packets_total));
    const leader *l = &rankings[MOST_PACKETS];
    rt_report_line(report, "most packets: flowInd %" PRIu64 " dir %c, %" PRIu64 " packets", l->flow_index, l->dir,
                   l->value);
    l = &rankings[MOST_BYTES];
    if (l->value)
        rt_report_line(report, "most L7 bytes: flowInd %" PRIu64 " dir %c, %" PRIu64 " bytes", l->flow_index,
                       l->dir, l->value);
    l = &rankings[LONGEST];
    if (l->value) {
        const rt_run *run = rt_run_get();
        int digits = run && run->time_digits == 9 ? 9 : 6;
        uint64_t unit = digits == 9 ? 1 : 1000;
        rt_report_line(report, "longest: flowInd %" PRIu64 " dir %c, %" PRIu64 ".%0*" PRIu64 " s", l->flow_index,
                       l->dir, l->value / 1000000000u, digits, l->value % 1000000000u / unit);
    }
}

RT_PLUGIN_DEFINE = {
    RT_PLUGIN_HEADER,
    .name = "basicStats",
    .version = "1.0.0",
    .description = "Packet and payload counts, payload size and inter-arrival statistics, rates, asymmetries",
    .order = 120,
    .flow_columns = basicstats_flow_columns,
    .n_flow_columns = sizeof basicstats_flow_columns / sizeof basicstats_flow_columns[0],
    .state_size = sizeof(basicstats_state),
    .init = basicstats_init,
    .packet = basicstats_packet,
    .flow_terminated = basicstats_flow_terminated,
    .report = basicstats_report,
};
