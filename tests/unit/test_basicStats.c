/* test_basicStats.c — the basicStats plugin against T2-COMPAT §8.1, §8.3, §8.6 and §10, run
 * through the plugin harness on hand-built packet sequences whose answers are known: the §8.3
 * worked example, flow 35 of Table 2 (§7.5) compared with the A and B rows of §8.6, single-packet
 * and two-packet directions, lone replies, padding, non-IP flows, capped payload sizes, later
 * fragments, timestamps going backwards, and flows of ten million packets or of huge gaps whose
 * statistics must come out exact. F columns are compared with the tolerance of §8.3 (relative
 * 1e-6, absolute 1e-9 near zero). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_harness.h"
#include "tutorial_rows.h"
#include "unit_run.h"

#define FLOW RT_STREAM_FLOWS
#define SEC PLUGIN_HARNESS_SEC

static plugin_harness *started(const char *plugins, int packet_rows)
{
    plugin_harness *h = plugin_harness_new(plugins);
    ck_assert_msg(plugin_harness_start(h, packet_rows) == 0, "start: %s", plugin_harness_error(h));
    return h;
}

/* An expected flow value. Integer columns must be equal (the value is exact in a double up to
 * 2^53); F columns are printed as the txt sink prints them (%.7g of the float, §2.2), parsed, and
 * compared with a relative tolerance of 1e-6 (§8.3), or an absolute one of 1e-9 where 0 is
 * expected. */
typedef struct expected {
    const char *column;
    double value;
} expected;

static void expect_values(const plugin_harness *h, unsigned row, const expected *e, size_t n)
{
    const rt_schema *schema = plugin_harness_schema(h, FLOW);
    for (size_t i = 0; i < n; i++) {
        unsigned number = plugin_harness_column_number(h, FLOW, e[i].column);
        ck_assert_msg(number > 0, "no column %s", e[i].column);
        rt_value v = plugin_harness_value(h, FLOW, row, e[i].column, 0);
        switch (schema->columns[number - 1].column->type) {
        case RT_F: {
            char printed[32];
            snprintf(printed, sizeof printed, "%.7g", (double)v.n.f);
            double got = strtod(printed, NULL), want = e[i].value;
            double tolerance = want == 0 ? 1e-9 : 1e-6 * fabs(want);
            ck_assert_msg(fabs(got - want) <= tolerance, "row %u %s: %s, expected %.9g", row, e[i].column, printed,
                          want);
            break;
        }
        case RT_I64:
            ck_assert_msg(v.n.i == (int64_t)e[i].value, "row %u %s: %lld, expected %.0f", row, e[i].column,
                          (long long)v.n.i, e[i].value);
            break;
        default:
            ck_assert_msg(v.n.u == (uint64_t)e[i].value, "row %u %s: %llu, expected %.0f", row, e[i].column,
                          (unsigned long long)v.n.u, e[i].value);
            break;
        }
    }
}

/* EXPECT(h, row, { "column", value }, ...) */
#define EXPECT(h, row, ...) \
    do { \
        const expected expected_[] = { __VA_ARGS__ }; \
        expect_values(h, row, expected_, sizeof expected_ / sizeof expected_[0]); \
    } while (0)

/* Runs packet p through the plugins as a packet of `flow`; a NULL flow is created first (as the
 * pair partner of `reverse` when not NULL). Returns the flow. */
static rt_flow *feed(plugin_harness *h, const harness_packet *p, rt_flow *flow, rt_flow *reverse)
{
    if (!flow)
        flow = plugin_harness_flow(h, &p->pkt, reverse);
    plugin_harness_packet(h, flow, &p->pkt);
    return flow;
}

/* A UDP packet of 10.0.0.1:5000 -> 10.0.0.2:53 (or the reverse) at `ns` with `payload` L7 bytes. */
static void udp_packet(harness_packet *p, int from_a, int64_t ns, uint32_t payload)
{
    if (from_a)
        plugin_harness_ip_packet(p, "10.0.0.1", 5000, "10.0.0.2", 53, 17, ns);
    else
        plugin_harness_ip_packet(p, "10.0.0.2", 53, "10.0.0.1", 5000, 17, ns);
    p->pkt.l7_len = payload;
}

/* Runs a one-direction flow of n packets with the given times and payload sizes; returns it. */
static rt_flow *run_direction(plugin_harness *h, const int64_t *times, const uint32_t *sizes, unsigned n)
{
    harness_packet p;
    rt_flow *a = NULL;
    for (unsigned i = 0; i < n; i++) {
        udp_packet(&p, 1, times[i], sizes[i]);
        a = feed(h, &p, a, NULL);
    }
    return a;
}

/* A UDP pair, ended: A sends one packet of a_bytes at t_a, B three packets of b_bytes each at
 * t_b, t_b + b_step, t_b + 2·b_step (ns). */
static void run_pair(plugin_harness *h, int64_t t_a, uint32_t a_bytes, int64_t t_b, int64_t b_step, uint32_t b_bytes)
{
    harness_packet p;
    udp_packet(&p, 1, t_a, a_bytes);
    rt_flow *a = feed(h, &p, NULL, NULL);
    rt_flow *b = NULL;
    for (int i = 0; i < 3; i++) {
        udp_packet(&p, 0, t_b + i * b_step, b_bytes);
        b = feed(h, &p, b, a);
    }
    plugin_harness_end(h, a, b);
}

START_TEST(columns_have_the_declared_names_types_and_order)
{
    static const struct { const char *name, *code; } columns[] = {
        { "pktsSnt", "U64" }, { "pktsRcvd", "U64" }, { "padBytesSnt", "I64" }, { "l7BytesSnt", "U64" },
        { "l7BytesRcvd", "U64" }, { "minL7PktSz", "U16" }, { "maxL7PktSz", "U16" }, { "avgL7PktSz", "F" },
        { "stdL7PktSz", "F" }, { "minIAT", "F" }, { "maxIAT", "F" }, { "avgIAT", "F" }, { "stdIAT", "F" },
        { "pktps", "F" }, { "bytps", "F" }, { "pktAsm", "F" }, { "bytAsm", "F" },
    };
    plugin_harness *h = started("basicFlow,basicStats", 1);
    const rt_schema *fs = plugin_harness_schema(h, FLOW);
    for (unsigned i = 0; i < sizeof columns / sizeof columns[0]; i++) {
        /* §8.1: columns 23-39 after dir, flowInd and basicFlow's 20 columns. */
        unsigned n = plugin_harness_column_number(h, FLOW, columns[i].name);
        ck_assert_msg(n == 23 + i, "%s is column %u, not %u", columns[i].name, n, 23 + i);
        char code[32];
        rt_column_type_code(fs->columns[n - 1].column, code, sizeof code);
        ck_assert_str_eq(code, columns[i].code);
        ck_assert_str_eq(fs->columns[n - 1].owner, "basicStats");
    }
    ck_assert_uint_eq(fs->n_columns, 39);
    /* No packet columns: basicFlow's are followed directly by l7Content. */
    const rt_schema *ps = plugin_harness_schema(h, RT_STREAM_PACKETS);
    for (unsigned i = 0; i < ps->n_columns; i++)
        ck_assert_str_ne(ps->columns[i].owner, "basicStats");
    plugin_harness_free(h);
}
END_TEST

/* §8.3's example: t = 0, 0.1, 0.4 s with payloads 0, 100, 50. */
START_TEST(worked_example_of_8_3)
{
    plugin_harness *h = started("basicStats", 0);
    static const int64_t t0 = 1700000000 * SEC;
    const int64_t times[] = { t0, t0 + SEC / 10, t0 + 4 * SEC / 10 };
    static const uint32_t sizes[] = { 0, 100, 50 };
    rt_flow *a = run_direction(h, times, sizes, 3);
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "pktsSnt", 3 }, { "pktsRcvd", 0 }, { "padBytesSnt", 0 }, { "l7BytesSnt", 150 },
           { "l7BytesRcvd", 0 }, { "minL7PktSz", 0 }, { "maxL7PktSz", 100 }, { "minIAT", 0.1 }, { "maxIAT", 0.3 },
           { "avgIAT", 0.2 }, { "stdIAT", 0.1 }, { "avgL7PktSz", 50 }, { "stdL7PktSz", 40.82483 }, { "pktps", 7.5 },
           { "bytps", 375 }, { "pktAsm", 1 }, { "bytAsm", 1 });
    plugin_harness_free(h);
}
END_TEST

/* §8.6: the A and B rows of flow 35. */
START_TEST(flow_35_of_8_6)
{
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    rt_flow *a = NULL, *b = NULL;
    const tutorial_flow *t = &tutorial_table2; /* every packet of flow 35 (§7.5 Table 2) */
    char client[16], server[16];
    snprintf(client, sizeof client, "%u.%u.%u.%u", t->a.ip[0], t->a.ip[1], t->a.ip[2], t->a.ip[3]);
    snprintf(server, sizeof server, "%u.%u.%u.%u", t->b.ip[0], t->b.ip[1], t->b.ip[2], t->b.ip[3]);
    for (unsigned i = 0; i < t->n_packets; i++) {
        const tutorial_packet *row = &t->packets[i];
        int from_client = !(row->flow_stat & RT_STAT_REPLY);
        if (from_client)
            plugin_harness_ip_packet(&p, client, t->a.port, server, t->b.port, 6, row->time_ns);
        else
            plugin_harness_ip_packet(&p, server, t->b.port, client, t->a.port, 6, row->time_ns);
        p.pkt.l7_len = (uint32_t)strlen(row->payload); /* the printed l7Content, each escape one byte */
        rt_flow **f = from_client ? &a : &b;
        *f = feed(h, &p, *f, from_client ? b : a);
    }
    plugin_harness_end(h, a, b);
    /* §8.6 prints 7 significant digits; EXPECT compares the printed values. */
    EXPECT(h, 0, { "pktsSnt", 11 }, { "pktsRcvd", 10 }, { "padBytesSnt", 0 }, { "l7BytesSnt", 92 },
           { "l7BytesRcvd", 1231 }, { "minL7PktSz", 0 }, { "maxL7PktSz", 24 }, { "avgL7PktSz", 8.363636 },
           { "stdL7PktSz", 9.217303 }, { "minIAT", 0.001748 }, { "maxIAT", 21.78007 }, { "avgIAT", 2.269 },
           { "stdIAT", 6.504037 }, { "pktps", 0.484795 }, { "bytps", 4.054649 }, { "pktAsm", 0.04761905 },
           { "bytAsm", -0.8609222 });
    EXPECT(h, 1, { "pktsSnt", 10 }, { "pktsRcvd", 11 }, { "padBytesSnt", 0 }, { "l7BytesSnt", 1231 },
           { "l7BytesRcvd", 92 }, { "minL7PktSz", 0 }, { "maxL7PktSz", 950 }, { "avgL7PktSz", 123.1 },
           { "stdL7PktSz", 276.3836 }, { "minIAT", 9e-06 }, { "maxIAT", 21.78333 }, { "avgIAT", 2.490991 },
           { "stdIAT", 6.820973 }, { "pktps", 0.4460518 }, { "bytps", 54.90898 }, { "pktAsm", -0.04761905 },
           { "bytAsm", 0.8609222 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3: n = 1 — every IAT statistic 0, no duration so no rates, standard deviations 0. */
START_TEST(single_packet_direction)
{
    plugin_harness *h = started("basicStats", 0);
    const int64_t times[] = { 5 * SEC };
    static const uint32_t sizes[] = { 42 };
    rt_flow *a = run_direction(h, times, sizes, 1);
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "pktsSnt", 1 }, { "l7BytesSnt", 42 }, { "minL7PktSz", 42 }, { "maxL7PktSz", 42 },
           { "avgL7PktSz", 42 }, { "stdL7PktSz", 0 }, { "minIAT", 0 }, { "maxIAT", 0 }, { "avgIAT", 0 },
           { "stdIAT", 0 }, { "pktps", 0 }, { "bytps", 0 }, { "pktAsm", 1 }, { "bytAsm", 1 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3: n = 2 — one gap: min = max = avg = the gap, stdIAT 0. */
START_TEST(two_packets_have_one_gap)
{
    plugin_harness *h = started("basicStats", 0);
    const int64_t times[] = { 5 * SEC, 5 * SEC + 250000 };
    static const uint32_t sizes[] = { 10, 30 };
    rt_flow *a = run_direction(h, times, sizes, 2);
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "minIAT", 0.00025 }, { "maxIAT", 0.00025 }, { "avgIAT", 0.00025 }, { "stdIAT", 0 },
           { "avgL7PktSz", 20 }, { "stdL7PktSz", 10 }, { "pktps", 8000 }, { "bytps", 160000 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3 pktAsm: σ = −1 only for a direction without partner that carries bit 0. bytAsm has no
 * sign rule. A B direction with a partner uses σ = +1. */
START_TEST(lone_reply_has_negative_packet_asymmetry)
{
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    udp_packet(&p, 0, SEC, 12);
    rt_flow *lone = plugin_harness_flow(h, &p.pkt, NULL);
    lone->status |= RT_STAT_REPLY; /* the core's reply heuristic: source port 53 < 1024 */
    plugin_harness_packet(h, lone, &p.pkt);
    plugin_harness_end(h, lone, NULL);
    EXPECT(h, 0, { "pktsRcvd", 0 }, { "l7BytesRcvd", 0 }, { "pktAsm", -1 }, { "bytAsm", 1 });

    /* A pair: A sends 1 packet of 10 bytes, B 3 packets of 10 bytes. */
    run_pair(h, 2 * SEC, 10, 3 * SEC, 1, 10);
    EXPECT(h, 1, { "pktsRcvd", 3 }, { "l7BytesRcvd", 30 }, { "pktAsm", -0.5 }, { "bytAsm", -0.5 });
    EXPECT(h, 2, { "pktsRcvd", 1 }, { "l7BytesRcvd", 10 }, { "pktAsm", 0.5 }, { "bytAsm", 0.5 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3 bytAsm: 0 when neither direction carries payload. */
START_TEST(byte_asymmetry_without_payload_is_zero)
{
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    udp_packet(&p, 1, SEC, 0);
    rt_flow *a = feed(h, &p, NULL, NULL);
    udp_packet(&p, 0, 2 * SEC, 0);
    rt_flow *b = feed(h, &p, NULL, a);
    plugin_harness_end(h, a, b);
    for (unsigned r = 0; r < 2; r++)
        EXPECT(h, r, { "bytAsm", 0 }, { "pktAsm", 0 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3 padBytesSnt: the sum of the packets' link-layer padding; L7 sizes exclude it. */
START_TEST(padding_is_summed_apart_from_payload)
{
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    static const uint32_t pads[] = { 6, 0, 10 };
    rt_flow *a = NULL;
    for (unsigned i = 0; i < 3; i++) {
        plugin_harness_ip_packet(&p, "10.1.1.1", 0, "10.1.1.2", 0, 1, (int64_t)(i + 1) * SEC);
        p.pkt.l7_len = 4;
        p.pkt.pad_bytes = pads[i];
        p.pkt.wirelen += pads[i];
        a = feed(h, &p, a, NULL);
    }
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "padBytesSnt", 16 }, { "l7BytesSnt", 12 }, { "maxL7PktSz", 4 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3: a non-IP flow counts its layer-2 payloads; its padding is always 0. */
START_TEST(non_ip_flow)
{
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    rt_flow *a = NULL;
    for (int i = 0; i < 2; i++) {
        plugin_harness_arp_packet(&p, "00:08:74:38:01:b4", "ff:ff:ff:ff:ff:ff", (1 + 2 * i) * SEC);
        p.pkt.pad_bytes = 18; /* what a decoder might report: never counted for non-IP flows */
        a = feed(h, &p, a, NULL);
    }
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "pktsSnt", 2 }, { "padBytesSnt", 0 }, { "l7BytesSnt", 56 }, { "minL7PktSz", 28 },
           { "maxL7PktSz", 28 }, { "avgIAT", 2 }, { "pktps", 1 }, { "bytps", 28 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3: sizes above 65535 print as 65535 in minL7PktSz/maxL7PktSz; the sums keep them whole. */
START_TEST(payload_sizes_above_65535_are_capped)
{
    plugin_harness *h = started("basicStats", 0);
    const int64_t times[] = { SEC, 2 * SEC };
    static const uint32_t sizes[] = { 70000, 100 };
    rt_flow *a = run_direction(h, times, sizes, 2);
    static const uint32_t big[] = { 65536, 4000000000u };
    rt_flow *c = run_direction(h, times, big, 2);
    plugin_harness_end(h, a, NULL);
    plugin_harness_end(h, c, NULL);
    EXPECT(h, 0, { "minL7PktSz", 100 }, { "maxL7PktSz", 65535 }, { "l7BytesSnt", 70100 }, { "avgL7PktSz", 35050 },
           { "stdL7PktSz", 34950 });
    EXPECT(h, 1, { "minL7PktSz", 65535 }, { "maxL7PktSz", 65535 }, { "l7BytesSnt", 4000065536.0 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3: a later fragment contributes its data length (rt_packet.l7_len) like any packet. */
START_TEST(later_fragment_counts_its_data)
{
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    udp_packet(&p, 1, SEC, 1472);
    rt_flow *a = feed(h, &p, NULL, NULL);
    udp_packet(&p, 1, SEC + 1000, 528);
    plugin_harness_later_fragment(&p);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "pktsSnt", 2 }, { "l7BytesSnt", 2000 }, { "minL7PktSz", 528 }, { "maxL7PktSz", 1472 });
    plugin_harness_free(h);
}
END_TEST

/* §8.3 gaps are tᵢ₊₁ − tᵢ as captured: timestamps going backwards give a negative gap, and
 * avgIAT stays (tₙ − t₁)/(n − 1). t = 10, 9, 12 s: gaps −1 and 3. */
START_TEST(timestamps_going_backwards)
{
    plugin_harness *h = started("basicStats", 0);
    const int64_t times[] = { 10 * SEC, 9 * SEC, 12 * SEC };
    static const uint32_t sizes[] = { 1, 1, 1 };
    rt_flow *a = run_direction(h, times, sizes, 3);
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "minIAT", -1 }, { "maxIAT", 3 }, { "avgIAT", 1 }, { "stdIAT", 2 }, { "pktps", 1.5 });
    plugin_harness_free(h);
}
END_TEST

/* Ten million packets: payloads alternate 4000000000 and 4000000002 bytes (mean 4000000001,
 * standard deviation exactly 1), gaps alternate 1 s − 1 ns and 1 s + 1 ns with a last gap of
 * exactly 1 s (mean 1 s, variance (n − 2)/(n − 1) ns²). Sums of squares in doubles would lose
 * every digit of both standard deviations here. */
START_TEST(ten_million_packets_lose_no_precision)
{
    enum { N = 10000000 };
    plugin_harness *h = started("basicStats", 0);
    harness_packet p;
    int64_t t = 1700000000 * SEC;
    udp_packet(&p, 1, t, 4000000000u);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    for (uint32_t i = 0; i < N; i++) {
        p.pkt.time = t;
        p.pkt.l7_len = 4000000000u + 2 * (i & 1);
        plugin_harness_packet(h, a, &p.pkt);
        t += i == N - 2 ? SEC : (i & 1) ? SEC + 1 : SEC - 1;
    }
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "l7BytesSnt"), (uint64_t)N * 4000000001u); /* > 2^53 */
    EXPECT(h, 0, { "pktsSnt", N }, { "avgL7PktSz", 4000000001.0 }, { "stdL7PktSz", 1 }, { "minIAT", 0.999999999 },
           { "maxIAT", 1.000000001 }, { "avgIAT", 1 }, { "stdIAT", sqrt((double)(N - 2) / (N - 1)) * 1e-9 },
           { "pktps", (double)N / (N - 1) });
    plugin_harness_free(h);
}
END_TEST

/* Gaps of ±2^62 ns (timestamps jumping between 1970 and 2116): their squares overflow 128 bits
 * after 16 gaps; the sum of squares must carry into its third word. 21 packets, 20 gaps. */
START_TEST(huge_gaps_carry_beyond_128_bits)
{
    plugin_harness *h = started("basicStats", 0);
    int64_t times[21];
    uint32_t sizes[21];
    for (unsigned i = 0; i < 21; i++) {
        times[i] = (i & 1) ? INT64_C(1) << 62 : 0;
        sizes[i] = 0;
    }
    rt_flow *a = run_direction(h, times, sizes, 21);
    plugin_harness_end(h, a, NULL);
    double g = ldexp(1, 62) / 1e9;
    EXPECT(h, 0, { "minIAT", -g }, { "maxIAT", g }, { "avgIAT", 0 }, { "stdIAT", g });
    plugin_harness_free(h);
}
END_TEST

/* The other tests run without packet rows (no -s); with them the flow values are the same and
 * the packet rows hold no basicStats column. */
START_TEST(statistics_with_packet_rows)
{
    plugin_harness *h = started("basicStats", 1);
    const int64_t times[] = { 0, SEC / 10, 4 * SEC / 10 };
    static const uint32_t sizes[] = { 0, 100, 50 };
    rt_flow *a = run_direction(h, times, sizes, 3);
    ck_assert_uint_eq(plugin_harness_rows(h, RT_STREAM_PACKETS), 3);
    plugin_harness_end(h, a, NULL);
    EXPECT(h, 0, { "stdL7PktSz", 40.82483 }, { "stdIAT", 0.1 });
    plugin_harness_free(h);
}
END_TEST

/* §10: totals and the leading directions; nothing when no direction ended. */
START_TEST(report_lines)
{
    plugin_harness *h = started("basicStats", 0);
    ck_assert_str_eq(plugin_harness_report(h), "");
    run_pair(h, SEC, 100, 2 * SEC, 500000, 10);
    ck_assert_str_eq(plugin_harness_report(h),
                     "basicStats: directions: 2 (single-packet: 1)\n"
                     "basicStats: L7 bytes: 130 in 4 packets (32.5 per packet)\n"
                     "basicStats: most packets: flowInd 1 dir B, 3 packets\n"
                     "basicStats: most L7 bytes: flowInd 1 dir A, 100 bytes\n"
                     "basicStats: longest: flowInd 1 dir B, 0.001000 s\n");
    plugin_harness_free(h);
}
END_TEST

/* §10 with core.timePrecision=ns: the duration has 9 fraction digits; without payload or
 * duration those lines are left out. */
START_TEST(report_lines_in_nanoseconds_and_without_bytes)
{
    plugin_harness *h = plugin_harness_new("basicStats");
    plugin_harness_option(h, "core.timePrecision=ns");
    ck_assert_int_eq(plugin_harness_start(h, 0), 0);
    harness_packet p;
    udp_packet(&p, 1, SEC, 0);
    rt_flow *a = feed(h, &p, NULL, NULL);
    plugin_harness_end(h, a, NULL);
    ck_assert_str_eq(plugin_harness_report(h),
                     "basicStats: directions: 1 (single-packet: 1)\n"
                     "basicStats: L7 bytes: 0 in 1 packets (0.0 per packet)\n"
                     "basicStats: most packets: flowInd 1 dir A, 1 packets\n");
    udp_packet(&p, 1, 5 * SEC, 0);
    rt_flow *c = feed(h, &p, NULL, NULL);
    p.pkt.time = 5 * SEC + 123456789;
    plugin_harness_packet(h, c, &p.pkt);
    plugin_harness_end(h, c, NULL);
    ck_assert_ptr_nonnull(strstr(plugin_harness_report(h), "basicStats: longest: flowInd 2 dir A, 0.123456789 s\n"));
    plugin_harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("basicStats");
    TCase *tc = tcase_create("basicStats");
    tcase_set_timeout(tc, 120); /* ten million packets under the sanitizers */
    tcase_add_test(tc, columns_have_the_declared_names_types_and_order);
    tcase_add_test(tc, worked_example_of_8_3);
    tcase_add_test(tc, flow_35_of_8_6);
    tcase_add_test(tc, single_packet_direction);
    tcase_add_test(tc, two_packets_have_one_gap);
    tcase_add_test(tc, lone_reply_has_negative_packet_asymmetry);
    tcase_add_test(tc, byte_asymmetry_without_payload_is_zero);
    tcase_add_test(tc, padding_is_summed_apart_from_payload);
    tcase_add_test(tc, non_ip_flow);
    tcase_add_test(tc, payload_sizes_above_65535_are_capped);
    tcase_add_test(tc, later_fragment_counts_its_data);
    tcase_add_test(tc, timestamps_going_backwards);
    tcase_add_test(tc, ten_million_packets_lose_no_precision);
    tcase_add_test(tc, huge_gaps_carry_beyond_128_bits);
    tcase_add_test(tc, statistics_with_packet_rows);
    tcase_add_test(tc, report_lines);
    tcase_add_test(tc, report_lines_in_nanoseconds_and_without_bytes);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
