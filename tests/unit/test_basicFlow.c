/* test_basicFlow.c — the basicFlow plugin against T2-COMPAT §6, §7.1, §7.2, §7.4, §8.1, §8.2:
 * every packet and flow column for IPv4, IPv6, ICMP, ARP, VLAN-tagged and fragmented traffic,
 * the hdrDesc and MAC limits, the pktTrip option, and geolocation with databases written by
 * tests/tools/make-test-mmdb. Expected values come from the specification (Table 2 of §7.5 for
 * times and addresses) or from the hand-made packets. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"
#include "plugin_harness.h"
#include "unit_run.h"

#define PKT RT_STREAM_PACKETS
#define FLOW RT_STREAM_FLOWS
#define SEC PLUGIN_HARNESS_SEC
#define US 1000LL

/* A time of Table 2: 1258594162 s + us microseconds. */
#define T2(s, us) ((1258594000LL + (s)) * SEC + (us) * US)

static plugin_harness *started(const char *option)
{
    plugin_harness *h = plugin_harness_new("basicFlow");
    if (option)
        plugin_harness_option(h, option);
    ck_assert_msg(plugin_harness_start(h, 1) == 0, "start: %s", plugin_harness_error(h));
    return h;
}

/* The value of a column as text, and a shorter name for it. */
static const char *txt(plugin_harness *h, rt_stream s, unsigned row, const char *col)
{
    return plugin_harness_text(h, s, row, col, 0);
}

static uint32_t count(plugin_harness *h, rt_stream s, unsigned row, const char *col)
{
    return plugin_harness_count(h, s, row, col);
}

/* ---- schema ---- */

typedef struct expected_column {
    const char *name;
    const char *code;
    rt_type type;
} expected_column;

static void assert_schema(plugin_harness *h, rt_stream stream, const expected_column *cols, unsigned n)
{
    const rt_schema *s = plugin_harness_schema(h, stream);
    ck_assert_uint_eq(s->n_columns, n);
    for (unsigned i = 0; i < n; i++) {
        char code[32];
        rt_column_type_code(s->columns[i].column, code, sizeof code);
        ck_assert_str_eq(s->columns[i].column->name, cols[i].name);
        ck_assert_msg(strcmp(code, cols[i].code) == 0, "%s: %s, expected %s", cols[i].name, code, cols[i].code);
        ck_assert_msg(s->columns[i].column->type == cols[i].type, "%s has the wrong catalog type", cols[i].name);
    }
}

/* §7.1 columns 1-21 and 24 (core and basicFlow). */
static const expected_column packet_columns[] = {
    { "pktNo", "U64", RT_U64 }, { "flowInd", "U64", RT_U64 }, { "flowStat", "H64", RT_H64 },
    { "time", "U64.U32", RT_TS }, { "pktIAT", "U64.U32", RT_DUR }, { "flowDuration", "U64.U32", RT_DUR },
    { "numHdrs", "U16", RT_U16 }, { "hdrDesc", "SC", RT_SC }, { "ethVlanID", "U16:R", RT_U16 },
    { "srcMac", "MAC", RT_MAC }, { "dstMac", "MAC", RT_MAC }, { "ethType", "H16", RT_H16 },
    { "srcIP", "IPX", RT_IPX }, { "srcIPCC", "SC", RT_SC }, { "srcIPWho", "S", RT_S }, { "srcPort", "U16", RT_U16 },
    { "dstIP", "IPX", RT_IPX }, { "dstIPCC", "SC", RT_SC }, { "dstIPWho", "S", RT_S }, { "dstPort", "U16", RT_U16 },
    { "l4Proto", "U8", RT_U8 }, { "l7Content", "BIN", RT_BIN },
};

/* §8.1 columns 1-22. */
static const expected_column flow_columns[] = {
    { "dir", "C", RT_C }, { "flowInd", "U64", RT_U64 }, { "flowStat", "H64", RT_H64 },
    { "timeFirst", "U64.U32", RT_TS }, { "timeLast", "U64.U32", RT_TS }, { "duration", "U64.U32", RT_DUR },
    { "numHdrDesc", "U8", RT_U8 }, { "numHdrs", "U16:R", RT_U16 }, { "hdrDesc", "SC:R", RT_SC },
    { "srcMac", "MAC:R", RT_MAC }, { "dstMac", "MAC:R", RT_MAC }, { "ethType", "H16", RT_H16 },
    { "ethVlanID", "U16:R", RT_U16 },
    { "srcIP", "IPX", RT_IPX }, { "srcIPCC", "SC", RT_SC }, { "srcIPWho", "S", RT_S }, { "srcPort", "U16", RT_U16 },
    { "dstIP", "IPX", RT_IPX }, { "dstIPCC", "SC", RT_SC }, { "dstIPWho", "S", RT_S }, { "dstPort", "U16", RT_U16 },
    { "l4Proto", "U8", RT_U8 },
};

START_TEST(schemas_follow_sections_7_1_and_8_1)
{
    plugin_harness *h = started(NULL);
    assert_schema(h, PKT, packet_columns, sizeof packet_columns / sizeof packet_columns[0]);
    assert_schema(h, FLOW, flow_columns, sizeof flow_columns / sizeof flow_columns[0]);
    plugin_harness_free(h);
}
END_TEST

START_TEST(pkttrip_option_adds_the_column_after_pktIAT)
{
    plugin_harness *h = started("basicFlow.pktTrip=true");
    const rt_schema *s = plugin_harness_schema(h, PKT);
    unsigned iat = plugin_harness_column_number(h, PKT, "pktIAT");
    ck_assert_uint_eq(plugin_harness_column_number(h, PKT, "pktTrip"), iat + 1);
    ck_assert_uint_eq(plugin_harness_column_number(h, PKT, "flowDuration"), iat + 2);
    ck_assert_int_eq(s->columns[iat].column->type, RT_DUR);
    ck_assert_uint_eq(s->n_columns, sizeof packet_columns / sizeof packet_columns[0] + 1);
    plugin_harness_free(h);
}
END_TEST

/* ---- the FTP control connection of Table 2 (first five rows) ---- */

static const char client_mac[] = "00:08:74:38:01:b4", server_mac[] = "00:19:e3:e7:5d:23";

static void table2_packet(harness_packet *p, int from_client, int64_t t)
{
    if (from_client) {
        plugin_harness_ip_packet(p, "192.168.1.105", 49329, "143.166.11.10", 21, 6, t);
        plugin_harness_macs(p, client_mac, server_mac);
    } else {
        plugin_harness_ip_packet(p, "143.166.11.10", 21, "192.168.1.105", 49329, 6, t);
        plugin_harness_macs(p, server_mac, client_mac);
    }
}

/* Rows 1266-1270 of Table 2: A, B, A, B, A. */
static const struct { int from_client; int64_t time; int64_t iat, duration, trip; } table2[] = {
    { 1, T2(162, 928342), 0, 0, 0 },
    { 0, T2(163, 8594), 0, 0, 80252 * US },
    { 1, T2(163, 9292), 80950 * US, 80950 * US, 698 * US },
    { 0, T2(163, 87792), 79198 * US, 79198 * US, 78500 * US },
    { 1, T2(163, 88491), 79199 * US, 160149 * US, 699 * US },
};

/* Feeds the five rows; returns the A and B directions. */
static void run_table2(plugin_harness *h, rt_flow **a, rt_flow **b)
{
    harness_packet p;
    *a = *b = NULL;
    for (unsigned i = 0; i < 5; i++) {
        table2_packet(&p, table2[i].from_client, table2[i].time);
        rt_flow **f = table2[i].from_client ? a : b;
        if (!*f)
            *f = plugin_harness_flow(h, &p.pkt, table2[i].from_client ? *b : *a);
        plugin_harness_packet(h, *f, &p.pkt);
    }
}

START_TEST(table2_packet_rows)
{
    plugin_harness *h = started(NULL);
    rt_flow *a, *b;
    run_table2(h, &a, &b);
    for (unsigned i = 0; i < 5; i++) {
        int c = table2[i].from_client;
        ck_assert_str_eq(txt(h, PKT, i, "flowStat"), c ? "0x0000000000004000" : "0x0000000000004001");
        ck_assert_int_eq(plugin_harness_i(h, PKT, i, "time"), table2[i].time);
        ck_assert_int_eq(plugin_harness_i(h, PKT, i, "pktIAT"), table2[i].iat);
        ck_assert_int_eq(plugin_harness_i(h, PKT, i, "flowDuration"), table2[i].duration);
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "numHdrs"), 3);
        ck_assert_str_eq(txt(h, PKT, i, "hdrDesc"), "eth:ipv4:tcp");
        ck_assert_uint_eq(count(h, PKT, i, "ethVlanID"), 0);
        ck_assert_str_eq(txt(h, PKT, i, "srcMac"), c ? client_mac : server_mac);
        ck_assert_str_eq(txt(h, PKT, i, "dstMac"), c ? server_mac : client_mac);
        ck_assert_str_eq(txt(h, PKT, i, "ethType"), "0x0800");
        ck_assert_str_eq(txt(h, PKT, i, "srcIP"), c ? "192.168.1.105" : "143.166.11.10");
        ck_assert_str_eq(txt(h, PKT, i, "srcIPCC"), c ? "02" : "-");
        ck_assert_str_eq(txt(h, PKT, i, "srcIPWho"), c ? "private_reserved" : "-");
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "srcPort"), c ? 49329 : 21);
        ck_assert_str_eq(txt(h, PKT, i, "dstIP"), c ? "143.166.11.10" : "192.168.1.105");
        ck_assert_str_eq(txt(h, PKT, i, "dstIPCC"), c ? "-" : "02");
        ck_assert_str_eq(txt(h, PKT, i, "dstIPWho"), c ? "-" : "private_reserved");
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "dstPort"), c ? 21 : 49329);
        ck_assert_uint_eq(plugin_harness_u(h, PKT, i, "l4Proto"), 6);
    }
    plugin_harness_free(h);
}
END_TEST

START_TEST(table2_pkttrip_values)
{
    plugin_harness *h = started("basicFlow.pktTrip=true");
    rt_flow *a, *b;
    run_table2(h, &a, &b);
    for (unsigned i = 0; i < 5; i++) {
        ck_assert_int_eq(plugin_harness_i(h, PKT, i, "pktTrip"), table2[i].trip);
        ck_assert_int_eq(plugin_harness_i(h, PKT, i, "pktIAT"), table2[i].iat);
        ck_assert_int_eq(plugin_harness_i(h, PKT, i, "flowDuration"), table2[i].duration);
    }
    plugin_harness_free(h);
}
END_TEST

START_TEST(table2_flow_rows)
{
    plugin_harness *h = started(NULL);
    rt_flow *a, *b;
    run_table2(h, &a, &b);
    plugin_harness_end(h, a, b);
    static const struct { const char *stat, *src, *cc, *who, *mac_src, *mac_dst; unsigned sport, dport;
                          int64_t first, last, duration; } want[] = {
        { "0x0000000000004000", "192.168.1.105", "02", "private_reserved", client_mac, server_mac, 49329, 21,
          T2(162, 928342), T2(163, 88491), 160149 * US },
        { "0x0000000000004001", "143.166.11.10", "-", "-", server_mac, client_mac, 21, 49329,
          T2(163, 8594), T2(163, 87792), 79198 * US },
    };
    for (unsigned r = 0; r < 2; r++) {
        ck_assert_str_eq(txt(h, FLOW, r, "dir"), r ? "B" : "A");
        ck_assert_uint_eq(plugin_harness_u(h, FLOW, r, "flowInd"), 1);
        ck_assert_str_eq(txt(h, FLOW, r, "flowStat"), want[r].stat);
        ck_assert_int_eq(plugin_harness_i(h, FLOW, r, "timeFirst"), want[r].first);
        ck_assert_int_eq(plugin_harness_i(h, FLOW, r, "timeLast"), want[r].last);
        ck_assert_int_eq(plugin_harness_i(h, FLOW, r, "duration"), want[r].duration);
        ck_assert_uint_eq(plugin_harness_u(h, FLOW, r, "numHdrDesc"), 1);
        ck_assert_uint_eq(count(h, FLOW, r, "numHdrs"), 1);
        ck_assert_uint_eq(plugin_harness_value(h, FLOW, r, "numHdrs", 0).n.u, 3);
        ck_assert_uint_eq(count(h, FLOW, r, "hdrDesc"), 1);
        ck_assert_str_eq(txt(h, FLOW, r, "hdrDesc"), "eth:ipv4:tcp");
        ck_assert_uint_eq(count(h, FLOW, r, "srcMac"), 1);
        ck_assert_str_eq(txt(h, FLOW, r, "srcMac"), want[r].mac_src);
        ck_assert_uint_eq(count(h, FLOW, r, "dstMac"), 1);
        ck_assert_str_eq(txt(h, FLOW, r, "dstMac"), want[r].mac_dst);
        ck_assert_str_eq(txt(h, FLOW, r, "ethType"), "0x0800");
        ck_assert_uint_eq(count(h, FLOW, r, "ethVlanID"), 0);
        ck_assert_str_eq(txt(h, FLOW, r, "srcIP"), want[r].src);
        ck_assert_str_eq(txt(h, FLOW, r, "srcIPCC"), want[r].cc);
        ck_assert_str_eq(txt(h, FLOW, r, "srcIPWho"), want[r].who);
        ck_assert_uint_eq(plugin_harness_u(h, FLOW, r, "srcPort"), want[r].sport);
        ck_assert_str_eq(txt(h, FLOW, r, "dstIP"), want[1 - r].src);
        ck_assert_str_eq(txt(h, FLOW, r, "dstIPCC"), want[1 - r].cc);
        ck_assert_str_eq(txt(h, FLOW, r, "dstIPWho"), want[1 - r].who);
        ck_assert_uint_eq(plugin_harness_u(h, FLOW, r, "dstPort"), want[r].dport);
        ck_assert_uint_eq(plugin_harness_u(h, FLOW, r, "l4Proto"), 6);
    }
    plugin_harness_free(h);
}
END_TEST

/* Without packet rows the flow row still sees every packet's hdrDesc and MACs. */
START_TEST(flow_rows_without_packet_rows)
{
    plugin_harness *h = plugin_harness_new("basicFlow");
    ck_assert_int_eq(plugin_harness_start(h, 0), 0);
    harness_packet p;
    table2_packet(&p, 1, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    table2_packet(&p, 1, 2 * SEC);
    plugin_harness_macs(&p, "00:00:00:00:00:0a", server_mac);
    plugin_harness_hdrdesc(&p.pkt, "eth:ipv4:ah:tcp", 4);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_rows(h, PKT), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "numHdrDesc"), 2);
    ck_assert_str_eq(plugin_harness_text(h, FLOW, 0, "hdrDesc", 1), "eth:ipv4:ah:tcp");
    ck_assert_uint_eq(count(h, FLOW, 0, "srcMac"), 2);
    ck_assert_int_eq(plugin_harness_i(h, FLOW, 0, "duration"), SEC);
    plugin_harness_free(h);
}
END_TEST

/* ---- other packet kinds ---- */

START_TEST(ipv6_udp_rows)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "fe80::1", 546, "2001:db8::2", 547, 17, 5 * SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_str_eq(txt(h, PKT, 0, "flowStat"), "0x0000000000008000");
    ck_assert_str_eq(txt(h, PKT, 0, "hdrDesc"), "eth:ipv6:udp");
    ck_assert_str_eq(txt(h, PKT, 0, "ethType"), "0x86dd");
    ck_assert_str_eq(txt(h, PKT, 0, "srcIP"), "fe80::1");
    ck_assert_str_eq(txt(h, PKT, 0, "srcIPCC"), "04");
    ck_assert_str_eq(txt(h, PKT, 0, "srcIPWho"), "link_local");
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "srcPort"), 546);
    ck_assert_str_eq(txt(h, PKT, 0, "dstIP"), "2001:db8::2");
    ck_assert_str_eq(txt(h, PKT, 0, "dstIPCC"), "27");
    ck_assert_str_eq(txt(h, PKT, 0, "dstIPWho"), "documentation");
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "dstPort"), 547);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "l4Proto"), 17);
    plugin_harness_end(h, a, NULL);
    ck_assert_str_eq(txt(h, FLOW, 0, "srcIP"), "fe80::1");
    ck_assert_str_eq(txt(h, FLOW, 0, "dstIPWho"), "documentation");
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "dstPort"), 547);
    ck_assert_str_eq(txt(h, FLOW, 0, "ethType"), "0x86dd");
    plugin_harness_free(h);
}
END_TEST

/* §7.4: ICMP has no ports: empty in the packet row, 0 in the flow row. */
START_TEST(icmp_ports_empty_in_packets_zero_in_flows)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "10.1.2.3", 0, "10.3.2.1", 0, 1, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "numHdrs"), 3);
    ck_assert_str_eq(txt(h, PKT, 0, "hdrDesc"), "eth:ipv4:icmp");
    ck_assert_uint_eq(count(h, PKT, 0, "srcPort"), RT_ABSENT);
    ck_assert_uint_eq(count(h, PKT, 0, "dstPort"), RT_ABSENT);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "l4Proto"), 1);
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "srcPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "dstPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "l4Proto"), 1);
    plugin_harness_free(h);
}
END_TEST

/* §7.4 ARP example and §6.3/§8.2 non-IP flow values. */
START_TEST(arp_request_rows)
{
    static const char *const ip_columns[] = { "srcIP", "srcIPCC", "srcIPWho", "srcPort", "dstIP",
                                              "dstIPCC", "dstIPWho", "dstPort", "l4Proto" };
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_arp_packet(&p, "00:08:74:38:01:b4", "ff:ff:ff:ff:ff:ff", 7 * SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_str_eq(txt(h, PKT, 0, "flowStat"), "0x0000000000000044");
    ck_assert_int_eq(plugin_harness_i(h, PKT, 0, "pktIAT"), 0);
    ck_assert_int_eq(plugin_harness_i(h, PKT, 0, "flowDuration"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "numHdrs"), 2);
    ck_assert_str_eq(txt(h, PKT, 0, "hdrDesc"), "eth:arp");
    ck_assert_uint_eq(count(h, PKT, 0, "ethVlanID"), 0);
    ck_assert_str_eq(txt(h, PKT, 0, "srcMac"), "00:08:74:38:01:b4");
    ck_assert_str_eq(txt(h, PKT, 0, "dstMac"), "ff:ff:ff:ff:ff:ff");
    ck_assert_str_eq(txt(h, PKT, 0, "ethType"), "0x0806");
    for (unsigned i = 0; i < sizeof ip_columns / sizeof ip_columns[0]; i++)
        ck_assert_msg(count(h, PKT, 0, ip_columns[i]) == RT_ABSENT, "%s is not empty", ip_columns[i]);
    ck_assert_uint_eq(plugin_harness_value(h, PKT, 0, "l7Content", 0).len, 28);

    plugin_harness_end(h, a, NULL);
    ck_assert_str_eq(txt(h, FLOW, 0, "flowStat"), "0x0000000000000044");
    ck_assert_str_eq(txt(h, FLOW, 0, "ethType"), "0x0806");
    ck_assert_str_eq(txt(h, FLOW, 0, "srcIP"), "-");
    ck_assert_str_eq(txt(h, FLOW, 0, "dstIP"), "-");
    ck_assert_str_eq(txt(h, FLOW, 0, "srcIPCC"), "-");
    ck_assert_str_eq(txt(h, FLOW, 0, "srcIPWho"), "-");
    ck_assert_str_eq(txt(h, FLOW, 0, "dstIPCC"), "-");
    ck_assert_str_eq(txt(h, FLOW, 0, "dstIPWho"), "-");
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "srcPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "dstPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "l4Proto"), 0);
    ck_assert_str_eq(txt(h, FLOW, 0, "srcMac"), "00:08:74:38:01:b4");
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "numHdrDesc"), 1);
    ck_assert_str_eq(txt(h, FLOW, 0, "hdrDesc"), "eth:arp");
    plugin_harness_free(h);
}
END_TEST

/* Packet rows list each packet's own VLAN IDs (§12), at most 3; the flow row those of its first
 * packet (§8.2). */
START_TEST(vlan_ids_per_packet_and_first_packet_per_flow)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    static const uint16_t first[] = { 20, 100 }, second[] = { 30, 100 }, deep[] = { 7, 8, 9, 100 };
    plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, SEC);
    plugin_harness_vlans(&p, first, 2);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, 2 * SEC);
    plugin_harness_vlans(&p, second, 2);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, 3 * SEC);
    plugin_harness_vlans(&p, deep, 4);
    plugin_harness_packet(h, a, &p.pkt);

    ck_assert_uint_eq(count(h, PKT, 0, "ethVlanID"), 2);
    ck_assert_uint_eq(plugin_harness_value(h, PKT, 0, "ethVlanID", 0).n.u, 20);
    ck_assert_uint_eq(plugin_harness_value(h, PKT, 0, "ethVlanID", 1).n.u, 100);
    ck_assert_str_eq(txt(h, PKT, 0, "hdrDesc"), "eth:vlan{2}:ipv4:tcp");
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "numHdrs"), 5);
    ck_assert_str_eq(txt(h, PKT, 0, "flowStat"), "0x0000000000004100");
    ck_assert_uint_eq(plugin_harness_value(h, PKT, 1, "ethVlanID", 0).n.u, 30);
    ck_assert_uint_eq(count(h, PKT, 2, "ethVlanID"), 3);
    ck_assert_uint_eq(plugin_harness_value(h, PKT, 2, "ethVlanID", 2).n.u, 9);

    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(count(h, FLOW, 0, "ethVlanID"), 2);
    ck_assert_uint_eq(plugin_harness_value(h, FLOW, 0, "ethVlanID", 0).n.u, 20);
    ck_assert_uint_eq(plugin_harness_value(h, FLOW, 0, "ethVlanID", 1).n.u, 100);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "numHdrDesc"), 2);
    plugin_harness_free(h);
}
END_TEST

/* §3.4: a later fragment prints ports 0 (not empty) and the first fragment's hdrDesc; the flow
 * keeps the ports of its key. */
START_TEST(later_fragment_ports_are_zero)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "10.0.0.1", 5000, "10.0.0.2", 53, 17, SEC);
    p.pkt.flags |= RT_PKT_FRAGMENT;
    p.pkt.status |= RT_STAT_FRAGMENT;
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_ip_packet(&p, "10.0.0.1", 5000, "10.0.0.2", 53, 17, 2 * SEC);
    plugin_harness_later_fragment(&p);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "srcPort"), 5000);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 1, "srcPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 1, "dstPort"), 0);
    ck_assert_str_eq(txt(h, PKT, 1, "hdrDesc"), "eth:ipv4:udp");
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 1, "numHdrs"), 3);
    ck_assert_str_eq(txt(h, PKT, 1, "flowStat"), "0x0000081000004000");
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "srcPort"), 5000);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "dstPort"), 53);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "numHdrDesc"), 1);
    plugin_harness_free(h);
}
END_TEST

/* §3.4: a later fragment whose first fragment was not seen makes a flow keyed with ports 0. */
START_TEST(lone_later_fragment_flow_has_ports_zero)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "10.0.0.1", 5000, "10.0.0.2", 53, 17, SEC);
    plugin_harness_later_fragment(&p);
    p.pkt.status |= RT_STAT_FRAG_FIRST_MISSING;
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(plugin_harness_u(h, PKT, 0, "srcPort"), 0);
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "srcPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "dstPort"), 0);
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "l4Proto"), 17);
    plugin_harness_free(h);
}
END_TEST

/* §8.2: four distinct hdrDesc are kept; a fifth sets bit 48 from that packet on; a packet that
 * repeats a stored one never sets it. */
START_TEST(fifth_distinct_hdrdesc_sets_bit_48)
{
    static const char *const stacks[] = { "eth:ipv4:tcp", "eth:vlan:ipv4:tcp", "eth:ipv4:ah:tcp",
                                          "eth:mpls:ipv4:tcp", "eth:ipv4:tcp", "eth:mpls{2}:ipv4:tcp",
                                          "eth:ipv4:ah:tcp" };
    static const uint16_t hdrs[] = { 3, 4, 4, 4, 3, 5, 4 };
    plugin_harness *h = started(NULL);
    harness_packet p;
    rt_flow *a = NULL;
    for (unsigned i = 0; i < 7; i++) {
        plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, (int64_t)(i + 1) * SEC);
        plugin_harness_hdrdesc(&p.pkt, stacks[i], hdrs[i]);
        if (!a)
            a = plugin_harness_flow(h, &p.pkt, NULL);
        plugin_harness_packet(h, a, &p.pkt);
        uint64_t stat = plugin_harness_u(h, PKT, i, "flowStat");
        ck_assert_msg(((stat & RT_STAT_HDRDESC_LIMIT) != 0) == (i >= 5), "row %u: flowStat %llx", i,
                      (unsigned long long)stat);
    }
    plugin_harness_end(h, a, NULL);
    ck_assert_str_eq(txt(h, FLOW, 0, "flowStat"), "0x0001000000004000");
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "numHdrDesc"), 4);
    ck_assert_uint_eq(count(h, FLOW, 0, "hdrDesc"), 4);
    ck_assert_uint_eq(count(h, FLOW, 0, "numHdrs"), 4);
    for (unsigned i = 0; i < 4; i++) {
        ck_assert_str_eq(plugin_harness_text(h, FLOW, 0, "hdrDesc", i), stacks[i]);
        ck_assert_uint_eq(plugin_harness_value(h, FLOW, 0, "numHdrs", i).n.u, hdrs[i]);
    }
    plugin_harness_free(h);
}
END_TEST

/* §8.2: at most three distinct MACs each, in first-seen order. */
START_TEST(four_macs_list_three)
{
    static const char *const src[] = { "02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0a",
                                       "02:00:00:00:00:0c", "02:00:00:00:00:0d" };
    static const char *const dst[] = { "02:00:00:00:00:1a", "02:00:00:00:00:1a", "02:00:00:00:00:1b",
                                       "02:00:00:00:00:1c", "02:00:00:00:00:1d" };
    plugin_harness *h = started(NULL);
    harness_packet p;
    rt_flow *a = NULL;
    for (unsigned i = 0; i < 5; i++) {
        plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, (int64_t)(i + 1) * SEC);
        plugin_harness_macs(&p, src[i], dst[i]);
        if (!a)
            a = plugin_harness_flow(h, &p.pkt, NULL);
        plugin_harness_packet(h, a, &p.pkt);
        ck_assert_str_eq(txt(h, PKT, i, "srcMac"), src[i]);
    }
    plugin_harness_end(h, a, NULL);
    static const char *const want_src[] = { "02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c" };
    static const char *const want_dst[] = { "02:00:00:00:00:1a", "02:00:00:00:00:1b", "02:00:00:00:00:1c" };
    ck_assert_uint_eq(count(h, FLOW, 0, "srcMac"), 3);
    ck_assert_uint_eq(count(h, FLOW, 0, "dstMac"), 3);
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_str_eq(plugin_harness_text(h, FLOW, 0, "srcMac", i), want_src[i]);
        ck_assert_str_eq(plugin_harness_text(h, FLOW, 0, "dstMac", i), want_dst[i]);
    }
    ck_assert_uint_eq(plugin_harness_u(h, FLOW, 0, "flowStat") & RT_STAT_HDRDESC_LIMIT, 0);
    plugin_harness_free(h);
}
END_TEST

/* §3.3: without an Ethernet header the MAC fields are empty (packet) or have no repetition (flow). */
START_TEST(no_ethernet_header_no_macs)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, SEC);
    p.pkt.src_mac = p.pkt.dst_mac = NULL;
    p.pkt.status |= RT_STAT_NO_ETHERNET;
    plugin_harness_hdrdesc(&p.pkt, "raw:ipv4:tcp", 3);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_uint_eq(count(h, PKT, 0, "srcMac"), RT_ABSENT);
    ck_assert_uint_eq(count(h, PKT, 0, "dstMac"), RT_ABSENT);
    ck_assert_str_eq(txt(h, PKT, 0, "flowStat"), "0x0000000000004002");
    plugin_harness_end(h, a, NULL);
    ck_assert_uint_eq(count(h, FLOW, 0, "srcMac"), 0);
    ck_assert_uint_eq(count(h, FLOW, 0, "dstMac"), 0);
    plugin_harness_free(h);
}
END_TEST

/* §2.7: capture time going backwards gives a negative pktIAT and bit 51. */
START_TEST(time_going_backwards_gives_negative_iat)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, 10 * SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_ip_packet(&p, "10.0.0.1", 1024, "10.0.0.2", 80, 6, 10 * SEC - 120 * US);
    plugin_harness_packet(h, a, &p.pkt);
    ck_assert_int_eq(plugin_harness_i(h, PKT, 1, "pktIAT"), -120 * US);
    ck_assert_int_eq(plugin_harness_i(h, PKT, 1, "flowDuration"), -120 * US);
    ck_assert_str_eq(txt(h, PKT, 1, "flowStat"), "0x0008000000004000");
    plugin_harness_free(h);
}
END_TEST

/* ---- geolocation with generated databases ---- */

static char db_dir[] = "/tmp/test_basicFlow.XXXXXX";
static char tutorial_db[4200], custom_db[4200];

/* Networks of the custom database: network, country, registered country, organisation. */
static const char custom_entries[] =
    "45.0.0.0/8\t-\tDE\tG\xc3\xbcnter \xc3\x9cLTRA GmbH\n"
    "46.0.0.0/8\tFR\t-\t-\n"
    "47.0.0.0/8\t-\t-\tOnly An Org\n"
    "10.0.0.0/8\tXX\t-\tPrivate Net\n"
    "2a00:1450::/32\tIE\t-\tSome IPv6 Org\n";

/* Writes the two databases with tests/tools/make-test-mmdb (once, before the tests fork). */
static void make_databases(void)
{
    const char *top = getenv("top_srcdir");
    char entries[4200], command[13000];
    if (!mkdtemp(db_dir)) {
        perror("mkdtemp");
        exit(1);
    }
    snprintf(tutorial_db, sizeof tutorial_db, "%s/tutorial.mmdb", db_dir);
    snprintf(custom_db, sizeof custom_db, "%s/custom.mmdb", db_dir);
    snprintf(entries, sizeof entries, "%s/custom.txt", db_dir);
    FILE *f = fopen(entries, "w");
    if (!f || fputs(custom_entries, f) < 0 || fclose(f) != 0) {
        perror(entries);
        exit(1);
    }
    snprintf(command, sizeof command, "'%s/tests/tools/make-test-mmdb' '%s' && '%s/tests/tools/make-test-mmdb' '%s' '%s'",
             top ? top : ".", tutorial_db, top ? top : ".", custom_db, entries);
    if (system(command) != 0) {
        fprintf(stderr, "test_basicFlow: make-test-mmdb failed: %s\n", command);
        exit(1);
    }
}

static void remove_databases(void)
{
    char path[4200];
    static const char *const files[] = { "tutorial.mmdb", "custom.mmdb", "custom.txt" };
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", db_dir, files[i]);
        unlink(path);
    }
    rmdir(db_dir);
}

/* Asserts the four geolocation columns of packet row 0 and flow row 0. */
static void assert_geo(plugin_harness *h, const char *src_cc, const char *src_who, const char *dst_cc,
                       const char *dst_who)
{
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        ck_assert_str_eq(txt(h, (rt_stream)s, 0, "srcIPCC"), src_cc);
        ck_assert_str_eq(txt(h, (rt_stream)s, 0, "srcIPWho"), src_who);
        ck_assert_str_eq(txt(h, (rt_stream)s, 0, "dstIPCC"), dst_cc);
        ck_assert_str_eq(txt(h, (rt_stream)s, 0, "dstIPWho"), dst_who);
    }
}

#ifdef HAVE_MAXMINDDB

/* Starts basicFlow with both options naming `db`, runs one A packet src -> dst. */
static plugin_harness *geo_run(const char *db, const char *src, const char *dst)
{
    char country[4300], asn[4300];
    snprintf(country, sizeof country, "basicFlow.countryDb=%s", db);
    snprintf(asn, sizeof asn, "basicFlow.asnDb=%s", db);
    plugin_harness *h = plugin_harness_new("basicFlow");
    plugin_harness_option(h, country);
    plugin_harness_option(h, asn);
    ck_assert_msg(plugin_harness_start(h, 1) == 0, "start: %s", plugin_harness_error(h));
    harness_packet p;
    plugin_harness_ip_packet(&p, src, 1024, dst, 80, 6, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_end(h, a, NULL);
    return h;
}

/* Geolocation cases (§6, §7.5): database, addresses, and the expected code and organisation of
 * each end. */
static const struct geo_case {
    int custom;               /* 0: the tutorial database, 1: the custom one */
    const char *src, *dst;
    const char *src_cc, *src_who, *dst_cc, *dst_who;
} geo_cases[] = {
    /* Table 2 and §8.6: 143.166.11.10 -> us, arin; 192.168.1.105 stays 02/private_reserved. */
    { 0, "192.168.1.105", "143.166.11.10", "02", "private_reserved", "us", "arin" },
    /* Table 1. */
    { 0, "138.212.187.181", "193.86.108.236", "jp", "asahi kasei corporation", "cz", "vienna point a.s." },
    /* §6.2: registered_country when country is missing; ASCII letters lower-cased, other bytes kept. */
    { 1, "45.1.2.3", "46.1.2.3", "de", "g\xc3\xbcnter \xc3\x9cltra gmbh", "fr", "-" },
    /* §6.2: a missing value or an unknown address gives '-'. */
    { 1, "47.0.0.1", "8.8.8.8", "-", "only an org", "-", "-" },
    /* §6.1: the special-range table wins over any database (the custom one maps 10.0.0.0/8). */
    { 1, "10.9.9.9", "47.0.0.1", "02", "private_reserved", "-", "only an org" },
    /* IPv6 networks. */
    { 1, "fe80::1", "2a00:1450::5", "04", "link_local", "ie", "some ipv6 org" },
};

START_TEST(databases_give_codes_and_organisations)
{
    const struct geo_case *c = &geo_cases[_i];
    plugin_harness *h = geo_run(c->custom ? custom_db : tutorial_db, c->src, c->dst);
    assert_geo(h, c->src_cc, c->src_who, c->dst_cc, c->dst_who);
    plugin_harness_free(h);
}
END_TEST

#else

/* Without libmaxminddb a database option stops the run at start with a clear message. */
START_TEST(database_option_without_libmaxminddb_is_an_error)
{
    char option[4300];
    snprintf(option, sizeof option, "basicFlow.countryDb=%s", tutorial_db);
    const char *err = plugin_harness_start_refused("basicFlow", option);
    ck_assert_msg(strstr(err, "without libmaxminddb") && strstr(err, "basicFlow.countryDb"), "message: %s", err);
}
END_TEST

#endif

/* Without databases every public address is '-' and '-' (§6.2). */
START_TEST(no_database_gives_dashes)
{
    plugin_harness *h = plugin_harness_new("basicFlow");
    ck_assert_int_eq(plugin_harness_start(h, 1), 0);
    harness_packet p;
    plugin_harness_ip_packet(&p, "143.166.11.10", 21, "127.0.0.1", 49329, 6, SEC);
    rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);
    plugin_harness_packet(h, a, &p.pkt);
    plugin_harness_end(h, a, NULL);
    assert_geo(h, "-", "-", "01", "loopback");
    plugin_harness_free(h);
}
END_TEST

int main(void)
{
    make_databases();
    Suite *s = suite_create("basicFlow");
    TCase *tc = tcase_create("columns");
    tcase_add_test(tc, schemas_follow_sections_7_1_and_8_1);
    tcase_add_test(tc, pkttrip_option_adds_the_column_after_pktIAT);
    tcase_add_test(tc, table2_packet_rows);
    tcase_add_test(tc, table2_pkttrip_values);
    tcase_add_test(tc, table2_flow_rows);
    tcase_add_test(tc, flow_rows_without_packet_rows);
    tcase_add_test(tc, ipv6_udp_rows);
    tcase_add_test(tc, icmp_ports_empty_in_packets_zero_in_flows);
    tcase_add_test(tc, arp_request_rows);
    tcase_add_test(tc, vlan_ids_per_packet_and_first_packet_per_flow);
    tcase_add_test(tc, later_fragment_ports_are_zero);
    tcase_add_test(tc, lone_later_fragment_flow_has_ports_zero);
    tcase_add_test(tc, fifth_distinct_hdrdesc_sets_bit_48);
    tcase_add_test(tc, four_macs_list_three);
    tcase_add_test(tc, no_ethernet_header_no_macs);
    tcase_add_test(tc, time_going_backwards_gives_negative_iat);
    suite_add_tcase(s, tc);
    TCase *geo = tcase_create("geolocation");
    tcase_add_test(geo, no_database_gives_dashes);
#ifdef HAVE_MAXMINDDB
    tcase_add_loop_test(geo, databases_give_codes_and_organisations, 0, sizeof geo_cases / sizeof geo_cases[0]);
#else
    tcase_add_test(geo, database_option_without_libmaxminddb_is_an_error);
#endif
    suite_add_tcase(s, geo);
    int status = unit_run(s);
    remove_databases();
    return status;
}
