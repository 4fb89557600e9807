/* tcpFlags.c — the tcpFlags plugin: IP header observations, TCP flags, sequence, acknowledgement
 * and window analysis, TCP options, fingerprints and trip times of every flow direction
 * (T2-COMPAT §8.4, §10, §11 tcpFlags.winMin). Flow columns only.
 *
 * This file reads each packet's TCP header once, hands the parts to tcpflags_ip.c,
 * tcpflags_csum.c, tcpflags_opts.c, tcpflags_seq.c, tcpflags_win.c and tcpflags_rtt.c, and
 * writes the columns. Non-IP flows keep a zeroed state (every column 0, tcpJA4T empty); IP flows
 * other than TCP only fill the IP columns and the checksum bits. */
#include <inttypes.h>
#include <math.h>

#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

#define MAX_SCALE_SHIFT 14      /* RFC 7323 §2.3: larger shifts are used as 14 */
#define MAX_SCALED_WINDOW (65535LL << MAX_SCALE_SHIFT)

static const rt_option tcpflags_options[] = {
    {
        .key = "winMin",
        .type = RT_OPT_INT,
        .default_value = "1",
        .description = "window below this value counts in tcpWinSzThRt and sets tcpFStat 0x0100",
        .min = 0,
        .max = MAX_SCALED_WINDOW + 1,
    },
};

enum { PROTO_TCP = 6, TCP_HDR = 20 };

static uint32_t win_min;  /* tcpFlags.winMin */

/* Bit fields OR-ed over every direction, for the report. */
static uint16_t all_fstat, all_ip_flags, all_tcp_flags, all_anomaly;
static uint64_t tcp_directions;

static int tcpflags_init(rt_module *self)
{
    win_min = (uint32_t)rt_option_int(self, "winMin");
    all_fstat = all_ip_flags = all_tcp_flags = all_anomaly = 0;
    tcp_directions = 0;
    return 0;
}

/* The tcpFlags column bits of one packet's flag byte: the byte itself and its combinations. */
static uint16_t flag_bits(uint8_t f)
{
    static const struct { uint8_t all; uint16_t bit; } combinations[] = {
        { TCPFLAGS_FIN | TCPFLAGS_ACK, TCPFLAGS_FIN_ACK },
        { TCPFLAGS_SYN | TCPFLAGS_ACK, TCPFLAGS_SYN_ACK },
        { TCPFLAGS_RST | TCPFLAGS_ACK, TCPFLAGS_RST_ACK },
        { TCPFLAGS_SYN | TCPFLAGS_FIN, TCPFLAGS_SYN_FIN },
        { TCPFLAGS_SYN | TCPFLAGS_FIN | TCPFLAGS_RST, TCPFLAGS_SYN_FIN_RST },
        { TCPFLAGS_RST | TCPFLAGS_FIN, TCPFLAGS_RST_FIN },
        { TCPFLAGS_FIN | TCPFLAGS_PSH | TCPFLAGS_URG, TCPFLAGS_FIN_PSH_URG },
    };
    uint16_t bits = f;
    if (f == 0)
        bits |= TCPFLAGS_NONE;
    for (size_t i = 0; i < sizeof combinations / sizeof combinations[0]; i++)
        if ((f & combinations[i].all) == combinations[i].all)
            bits |= combinations[i].bit;
    return bits;
}

/* A flag combination no TCP stack sends in a connection: neither SYN, ACK nor RST (NULL, FIN,
 * Xmas scans), or SYN together with FIN or RST. */
static int scan_pattern(uint8_t f)
{
    return !(f & (TCPFLAGS_SYN | TCPFLAGS_ACK | TCPFLAGS_RST))
           || ((f & TCPFLAGS_SYN) && (f & (TCPFLAGS_FIN | TCPFLAGS_RST)));
}

/* Options, SYN data (window scale, JA4T), flags and scan bits of one TCP header. */
static void header_and_options(tcpflags_state *s, const rt_packet *pkt, uint8_t flags)
{
    tcpflags_tcp *t = &s->tcp;
    const uint8_t *h = pkt->l4;
    size_t header_len = (size_t)(h[12] >> 4) * 4;
    tcpflags_opts opts = { 0 };
    if (header_len < TCP_HDR) {
        t->fstat |= TCPFLAGS_FSTAT_OPT_BAD;
    } else if (header_len > TCP_HDR) {
        if (header_len > pkt->l4_caplen)
            s->ip.flags |= TCPFLAGS_IP_HDR_CUT;
        size_t captured = header_len < pkt->l4_caplen ? header_len : pkt->l4_caplen;
        tcpflags_opts_parse(h + TCP_HDR, header_len - TCP_HDR, captured - TCP_HDR, &opts);
        tcpflags_inc16(&t->opt_pkts);
    }
    tcpflags_opts_account(t, &opts, pkt->time);
    if (flags & TCPFLAGS_SYN) {
        if (opts.has_ws) {
            t->have |= TCPFLAGS_HAVE_WS;
            t->ws_shift = opts.ws_shift < MAX_SCALE_SHIFT ? opts.ws_shift : MAX_SCALE_SHIFT;
        }
        if (!(t->ja4t.has & TCPFLAGS_JA4T_SEEN))
            tcpflags_ja4t_record(&t->ja4t, tcpflags_get16(h + 14), &opts);
    }
    t->fstat |= TCPFLAGS_FSTAT_TCP;
    t->flags |= flag_bits(flags);
    if (scan_pattern(flags))
        t->anomaly |= TCPFLAGS_AN_SCAN;
}

/* Both SYNs of the connection announced window scaling. */
static int scaling_in_use(const tcpflags_tcp *t, const tcpflags_tcp *partner)
{
    return (t->have & TCPFLAGS_HAVE_WS) && partner && (partner->have & TCPFLAGS_HAVE_WS);
}

static void tcp_packet(rt_module *self, rt_flow *flow, tcpflags_state *s, const rt_packet *pkt)
{
    const uint8_t *h = pkt->l4;
    rt_flow *partner_flow = flow->partner;
    tcpflags_tcp *t = &s->tcp;
    tcpflags_tcp *partner = partner_flow ? &((tcpflags_state *)rt_flow_state(self, partner_flow))->tcp : NULL;
    tcpflags_segment seg = {
        .time = pkt->time,
        .seq = tcpflags_get32(h + 4),
        .ack = tcpflags_get32(h + 8),
        .flags = h[13],
        .raw_window = tcpflags_get16(h + 14),
        .len = pkt->l7_len,
    };
    header_and_options(s, pkt, seg.flags);
    seg.window = seg.raw_window;
    if (!(seg.flags & TCPFLAGS_SYN) && scaling_in_use(t, partner))
        seg.window <<= t->ws_shift;
    if (partner && (partner->anomaly & TCPFLAGS_AN_SCAN))
        partner->anomaly |= TCPFLAGS_AN_SCAN_ANSWERED;

    tcpflags_seq_packet(t, partner, &seg, tcpflags_rtt_ooo_threshold(t, partner));
    tcpflags_seq_ack(t, partner, &seg);
    tcpflags_win_packet(t, &seg, win_min);
    tcpflags_rtt_packet(t, partner, partner_flow, &seg);
}

static void tcpflags_packet(rt_module *self, rt_flow *flow, void *state, const rt_packet *pkt, rt_row *row)
{
    (void)row; /* no packet columns */
    tcpflags_state *s = state;
    if (flow->key.ip_version == 0 || pkt->ip_version == 0 || !pkt->l3)
        return;
    int route_pending;
    tcpflags_ip_packet(&s->ip, flow, pkt, &route_pending);
    tcpflags_csum_packet(&s->tcp.fstat, &s->ip.flags, pkt, route_pending);
    if (pkt->l4_proto == PROTO_TCP && pkt->l4 && pkt->l4_caplen >= TCP_HDR)
        tcp_packet(self, flow, s, pkt);
}

static void write_ip_columns(const tcpflags_ip *ip, rt_row *row)
{
    rt_row_u16(row, ip->min_did);
    rt_row_u16(row, ip->max_did);
    rt_row_u8(row, ip->min_ttl);
    rt_row_u8(row, ip->max_ttl);
    rt_row_u8(row, ip->ttl_chg);
    rt_row_u8(row, ip->tos);
    rt_row_u16(row, ip->flags);
    rt_row_u16(row, ip->opt_cnt);
    rt_row_u8(row, ip->opt_cpcl);
    rt_row_u32(row, ip->opt_num);
    rt_row_u16(row, ip->ip6_hh_cnt);
    rt_row_u16(row, ip->ip6_d_cnt);
    rt_row_u32(row, ip->ip6_hh_types);
    rt_row_u32(row, ip->ip6_d_types);
}

/* Columns 52–69: sequence, acknowledgement, window, flags and anomalies. */
static void write_tcp_columns(const tcpflags_tcp *t, rt_row *row)
{
    rt_row_u32(row, t->isn);
    rt_row_u16(row, t->pseq_cnt);
    rt_row_u64(row, t->seq_bytes);
    rt_row_u16(row, t->seq_fault_cnt);
    rt_row_u16(row, t->pack_cnt);
    rt_row_u64(row, t->ack_bytes);
    rt_row_u16(row, t->ack_fault_cnt);
    rt_row_u32(row, t->flight_max);
    rt_row_u32(row, t->init_win);
    rt_row_float(row, (float)t->avg_win);
    rt_row_u32(row, t->min_win);
    rt_row_u32(row, t->max_win);
    rt_row_u16(row, t->win_down);
    rt_row_u16(row, t->win_up);
    rt_row_u16(row, t->win_turns);
    rt_row_float(row, t->th_pkts ? (float)((double)t->th_below / t->th_pkts) : 0.0f);
    rt_row_u16(row, t->flags);
    rt_row_u16(row, t->anomaly);
}

/* Columns 70–84: fingerprint, options, MPTCP, timestamps. */
static void write_option_columns(const tcpflags_tcp *t, int scaling, rt_row *row)
{
    char ja4t[TCPFLAGS_JA4T_SIZE];
    size_t ja4t_len = tcpflags_ja4t_format(&t->ja4t, ja4t);
    rt_row_string(row, ja4t, ja4t_len);
    rt_row_u16(row, t->opt_pkts);
    rt_row_u16(row, t->opt_cnt);
    rt_row_u32(row, t->options);
    rt_row_u16(row, t->mss);
    rt_row_u16(row, scaling ? (uint16_t)(1u << t->ws_shift) : 0);
    rt_row_u16(row, t->mp_subtypes);
    rt_row_u8(row, t->mp_flags);
    rt_row_u8(row, t->mp_addr_id);
    rt_row_u8(row, t->mp_dss_flags);
    rt_row_u32(row, t->ts_last);
    rt_row_u32(row, t->tsecr_last);
    double period = tcpflags_rtt_clock_period(t);
    double uptime = period * t->ts_last;
    rt_row_float(row, (float)period);
    rt_row_double(row, uptime);
    rt_row_time(row, period > 0 ? t->ts_last_time - llround(uptime * 1e9) : 0);
}

/* Columns 85–91: trip times; `partner` may be NULL, `is_b`: the B direction of a pair. */
static void write_trip_columns(const tcpflags_tcp *t, const tcpflags_tcp *partner, int is_b, rt_row *row)
{
    const tcpflags_stats *st = &t->trips;
    rt_row_float(row, (t->have & TCPFLAGS_HAVE_TRIP) ? (float)(t->hs_trip / 1e9) : 0.0f);
    rt_row_float(row, st->min);
    rt_row_float(row, st->max);
    rt_row_float(row, (float)st->mean);
    rt_row_float(row, (float)sqrt(tcpflags_stats_variance(st)));
    double both = 0, jitter = 0;
    if (partner && !is_b) {
        both = ((t->have & TCPFLAGS_HAVE_TRIP) ? t->hs_trip / 1e9 : 0)
               + ((partner->have & TCPFLAGS_HAVE_TRIP) ? partner->hs_trip / 1e9 : 0);
    } else if (partner) {
        both = st->mean + partner->trips.mean;
        jitter = sqrt(tcpflags_stats_variance(st) + tcpflags_stats_variance(&partner->trips));
    }
    rt_row_float(row, (float)both);
    rt_row_float(row, (float)jitter);
}

static void tcpflags_flow_terminated(rt_module *self, rt_flow *flow, void *state, rt_row *row)
{
    const tcpflags_state *s = state;
    const tcpflags_tcp *t = &s->tcp;
    const tcpflags_tcp *partner =
        flow->partner ? &((const tcpflags_state *)rt_flow_state(self, flow->partner))->tcp : NULL;
    int scaling = scaling_in_use(t, partner);
    uint16_t fstat = t->fstat;
    if (scaling)
        fstat |= TCPFLAGS_FSTAT_WIN_SCALE;
    if (t->win_trend > 0)
        fstat |= TCPFLAGS_FSTAT_WIN_UP_END;

    rt_row_u16(row, fstat);
    write_ip_columns(&s->ip, row);
    write_tcp_columns(t, row);
    write_option_columns(t, scaling, row);
    write_trip_columns(t, partner, partner && RT_FLOW_IS_REPLY(flow), row);

    all_fstat |= fstat;
    all_ip_flags |= s->ip.flags;
    all_tcp_flags |= t->flags;
    all_anomaly |= t->anomaly;
    if (t->fstat & TCPFLAGS_FSTAT_TCP)
        tcp_directions++;
}

static void tcpflags_report(rt_module *self, rt_report *report)
{
    (void)self;
    rt_report_line(report, "TCP directions analysed: %" PRIu64, tcp_directions);
    rt_report_line(report, "aggregated tcpFStat: 0x%04" PRIx16, all_fstat);
    rt_report_line(report, "aggregated ipFlags: 0x%04" PRIx16, all_ip_flags);
    rt_report_line(report, "aggregated tcpFlags: 0x%04" PRIx16, all_tcp_flags);
    rt_report_line(report, "aggregated tcpAnomaly: 0x%04" PRIx16, all_anomaly);
}

RT_PLUGIN_DEFINE = {
    RT_PLUGIN_HEADER,
    .name = "tcpFlags",
    .version = "1.0.0",
    .description = "IP header observations, TCP flags, sequence, window and option analysis, trip times",
    .order = 130,
    .options = tcpflags_options,
    .n_options = sizeof tcpflags_options / sizeof tcpflags_options[0],
    .flow_columns = tcpflags_flow_columns,
    .n_flow_columns = sizeof tcpflags_flow_columns / sizeof tcpflags_flow_columns[0],
    .state_size = sizeof(tcpflags_state),
    .init = tcpflags_init,
    .packet = tcpflags_packet,
    .flow_terminated = tcpflags_flow_terminated,
    .report = tcpflags_report,
};
