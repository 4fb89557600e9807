/* test_tcpWin.c — the tcpWin plugin against T2-COMPAT §7.3, §8.5, §10 and Table 1 of §7.5:
 * window sizes, the cumulative per-direction count below tcpWin.threshold, SYN/RST counted,
 * empty fields for everything without a TCP window, flow values and the report lines. The
 * plugin module is loaded from the build tree and run through the plugin harness. */
#include <check.h>
#include <string.h>

#include "plugin_harness.h"
#include "unit_run.h"

#define PKT RT_STREAM_PACKETS
#define FLOW RT_STREAM_FLOWS
#define SEC PLUGIN_HARNESS_SEC

static plugin_harness *started(const char *option)
{
    plugin_harness *h = plugin_harness_new("tcpWin");
    if (option)
        plugin_harness_option(h, option);
    ck_assert_msg(plugin_harness_start(h, 1) == 0, "start: %s", plugin_harness_error(h));
    return h;
}

/* A TCP packet of the connection 193.86.108.236:1485 <-> 138.212.187.181:58401 (Table 1). */
static void tcp_packet(harness_packet *p, int from_a, uint16_t window, int64_t t)
{
    if (from_a)
        plugin_harness_ip_packet(p, "193.86.108.236", 1485, "138.212.187.181", 58401, 6, t);
    else
        plugin_harness_ip_packet(p, "138.212.187.181", 58401, "193.86.108.236", 1485, 6, t);
    plugin_harness_tcp_flags(p, 0x10);
    plugin_harness_tcp_window(p, window);
}

START_TEST(columns_have_the_declared_names_and_types)
{
    plugin_harness *h = started(NULL);
    const rt_schema *ps = plugin_harness_schema(h, PKT), *fs = plugin_harness_schema(h, FLOW);
    static const struct { rt_stream stream; const char *name, *code; } expected[] = {
        { PKT, "winSize", "U16" }, { PKT, "winThPktCnt", "U32" },
        { FLOW, "tcpWinStat", "H8" }, { FLOW, "tcpWinThCnt", "U32" },
    };
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const rt_schema *s = expected[i].stream == PKT ? ps : fs;
        unsigned n = plugin_harness_column_number(h, expected[i].stream, expected[i].name);
        ck_assert_msg(n > 0, "%s missing", expected[i].name);
        char code[32];
        rt_column_type_code(s->columns[n - 1].column, code, sizeof code);
        ck_assert_str_eq(code, expected[i].code);
        ck_assert_str_eq(s->columns[n - 1].owner, "tcpWin");
    }
    /* Packet columns between the core's flowInd and l7Content, in declared order. */
    ck_assert_uint_eq(plugin_harness_column_number(h, PKT, "winSize"), 3);
    ck_assert_uint_eq(plugin_harness_column_number(h, PKT, "winThPktCnt"), 4);
    ck_assert_uint_eq(plugin_harness_column_number(h, PKT, "l7Content"), 5);
    plugin_harness_free(h);
}
END_TEST

/* Table 1: A windows 5840, 2920, 0, 1460, 8760 give winThPktCnt 0, 0, 1, 1, 1; B keeps 0. */
START_TEST(table1_counts_are_cumulative_per_direction)
{
    plugin_harness *h = started(NULL);
    static const struct { int from_a; uint16_t window; uint32_t count; } rows[] = {
        { 0, 5840, 0 }, { 1, 5840, 0 }, { 1, 2920, 0 }, { 1, 0, 1 }, { 1, 1460, 1 },
        { 0, 5840, 0 }, { 1, 8760, 1 }, { 0, 5840, 0 }, { 0, 5840, 0 },
    };
    harness_packet p;
    rt_flow *a = NULL, *b = NULL;
    for (unsigned i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tcp_packet(&p, rows[i].from_a, rows[i].window, (int64_t)(i + 1) * SEC);
        rt_flow **f = rows[i].from_a ? &a : &b;
        if (!*f)
            *f = plugin_harness_flow(h, &p.pkt, rows[i].from_a ? b : a);
        plugin_harness_packet(h, *f, &p.pkt);
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "winSize"), rows[i].window);
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "winThPktCnt"), rows[i].count);
    }
    plugin_harness_end(h, a, b);
    ck_assert_str_eq(plugin_harness_text(h, FLOW, 0, "tcpWinStat", 0), "0x01");
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "tcpWinThCnt"), 1);
    ck_assert_str_eq(plugin_harness_text(h, FLOW, 1, "tcpWinStat", 0), "0x00");
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 1, "tcpWinThCnt"), 0);
    plugin_harness_free(h);
}
END_TEST

START_TEST(threshold_option_moves_the_limit)
{
    plugin_harness *h = started("tcpWin.threshold=100");
    static const uint16_t windows[] = { 100, 99, 65535, 0, 100 };
    static const uint32_t counts[] = { 0, 1, 1, 2, 2 };
    harness_packet p;
    rt_flow *a = NULL;
    for (unsigned i = 0; i < 5; i++) {
        tcp_packet(&p, 1, windows[i], (int64_t)i * SEC);
        if (!a)
            a = plugin_harness_flow(h, &p.pkt, NULL);
        plugin_harness_packet(h, a, &p.pkt);
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "winThPktCnt"), counts[i]);
    }
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "tcpWinStat"), 0x01);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "tcpWinThCnt"), 2);
    plugin_harness_free(h);
}
END_TEST

START_TEST(threshold_zero_counts_nothing)
{
    plugin_harness *h = started("tcpWin.threshold=0");
    harness_packet p;
    tcp_packet(&p, 1, 0, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "winThPktCnt"), 0);
    plugin_harness_free(h);
}
END_TEST

START_TEST(threshold_out_of_range_is_refused)
{
    plugin_harness *h = plugin_harness_new("tcpWin");
    plugin_harness_option(h, "tcpWin.threshold=65537");
    ck_assert_int_eq(plugin_harness_start(h, 1), -1);
    ck_assert_ptr_nonnull(strstr(plugin_harness_error(h), "tcpWin.threshold"));
    plugin_harness_free(h);
}
END_TEST

/* §7.3: every TCP packet counts, SYN and RST included. */
START_TEST(syn_and_rst_with_zero_window_count)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    tcp_packet(&p, 1, 0, SEC);
    plugin_harness_tcp_flags(&p, 0x02); /* SYN */
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    tcp_packet(&p, 1, 0, 2 * SEC);
    plugin_harness_tcp_flags(&p, 0x04); /* RST */
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "winThPktCnt"), 1);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 1, "winThPktCnt"), 2);
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "tcpWinThCnt"), 2);
    plugin_harness_free(h);
}
END_TEST

/* Asserts that packet row `row` has both tcpWin fields empty. */
static void assert_empty(plugin_harness *h, unsigned row)
{
    ck_assert_uint_eq(plugin_harness_count(h, PKT, row, "winSize"), RT_ABSENT);
    ck_assert_uint_eq(plugin_harness_count(h, PKT, row, "winThPktCnt"), RT_ABSENT);
}

/* §7.3, §8.5: UDP, ICMP and ARP have no window: empty fields, flow 0x00 and 0. */
START_TEST(non_tcp_packets_are_empty_and_flows_zero)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "10.0.0.1", 5353, "10.0.0.2", 53, 17, SEC);
    rt_flow *udp = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, udp, &p.pkt);
    plugin_harness_ip_packet(&p, "10.0.0.1", 0, "10.0.0.2", 0, 1, SEC);
    rt_flow *icmp = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, icmp, &p.pkt);
    plugin_harness_arp_packet(&p, "00:08:74:38:01:b4", "ff:ff:ff:ff:ff:ff", SEC);
    rt_flow *arp = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, arp, &p.pkt);
    for (unsigned i = 0; i < 3; i++)
        assert_empty(h, i);
    plugin_harness_end(h, udp, NULL);
    plugin_harness_end(h, icmp, NULL);
    plugin_harness_end(h, arp, NULL);
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_str_eq(plugin_harness_text(h, FLOW, i, "tcpWinStat", 0), "0x00");
        ck_assert_uint_eq(plugin_harness_u(h, FLOW, i, "tcpWinThCnt"), 0);
    }
    plugin_harness_free(h);
}
END_TEST

/* §3.4/§7.3: a later fragment of a TCP datagram has no TCP header: empty and not counted. */
START_TEST(later_fragment_is_empty_and_not_counted)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    tcp_packet(&p, 1, 0, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    tcp_packet(&p, 1, 0, 2 * SEC);
    plugin_harness_later_fragment(&p);
    plugin_harness_packet(h, a, &p.pkt);
    tcp_packet(&p, 1, 0, 3 * SEC);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "winThPktCnt"), 1);
    assert_empty(h, 1);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 2, "winThPktCnt"), 2);
    plugin_harness_free(h);
}
END_TEST

/* A TCP header cut by the capture before the window field: empty, not counted. */
START_TEST(window_not_captured_is_empty)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    tcp_packet(&p, 1, 0, SEC);
    p.pkt.l4_caplen = 15; /* the window's second byte is missing */
    p.pkt.caplen -= 5;
    p.pkt.flags &= ~(uint32_t)RT_PKT_L4_COMPLETE;
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    assert_empty(h, 0);
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "tcpWinThCnt"), 0);
    plugin_harness_free(h);
}
END_TEST

/* Without packet rows (no -s) the counts still reach the flow row. */
START_TEST(counts_without_packet_rows)
{
    plugin_harness *h = plugin_harness_new("tcpWin");
    ck_assert_int_eq(plugin_harness_start(h, 0), 0);
    harness_packet p;
    tcp_packet(&p, 1, 0, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_rows(h, PKT), 0);
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "tcpWinThCnt"), 2);
    plugin_harness_free(h);
}
END_TEST

/* §10: the report gives the directions and packets below the threshold. */
START_TEST(report_counts_directions_and_packets)
{
    plugin_harness *h = started("tcpWin.threshold=10");
    harness_packet p;
    tcp_packet(&p, 1, 5, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_packet(h, a, &p.pkt);
    tcp_packet(&p, 0, 9, 2 * SEC);
    rt_flow *b = plugin_harness_flow(h, &p.pkt, a);
    plugin_harness_packet(h, b, &p.pkt);
    tcp_packet(&p, 0, 10, 3 * SEC);
    plugin_harness_packet(h, b, &p.pkt);
    plugin_harness_ip_packet(&p, "10.0.0.9", 1000, "10.0.0.8", 2000, 6, 4 * SEC);
    plugin_harness_tcp_window(&p, 64000);
    rt_flow *c = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, c, &p.pkt);
    plugin_harness_end(h, a, b);
    plugin_harness_end(h, c, NULL);
    ck_assert_str_eq(plugin_harness_report(h),
                     "tcpWin: directions with a TCP window below 10: 2\n"
                     "tcpWin: packets with a TCP window below 10: 3\n");
    plugin_harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tcpWin");
    TCase *tc = tcase_create("tcpWin");
    tcase_add_test(tc, columns_have_the_declared_names_and_types);
    tcase_add_test(tc, table1_counts_are_cumulative_per_direction);
    tcase_add_test(tc, threshold_option_moves_the_limit);
    tcase_add_test(tc, threshold_zero_counts_nothing);
    tcase_add_test(tc, threshold_out_of_range_is_refused);
    tcase_add_test(tc, syn_and_rst_with_zero_window_count);
    tcase_add_test(tc, non_tcp_packets_are_empty_and_flows_zero);
    tcase_add_test(tc, later_fragment_is_empty_and_not_counted);
    tcase_add_test(tc, window_not_captured_is_empty);
    tcase_add_test(tc, counts_without_packet_rows);
    tcase_add_test(tc, report_counts_directions_and_packets);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
