/* test_decode_hdrdesc.c — hdrDesc and numHdrs (T2-COMPAT §3.2): collapsing of consecutive tokens
 * into token{n}, the 127-character limit ending in "..." with bit 48, the UNK formats, interning
 * (rt_hdrdesc_string, shared by decoders), and the decoder's end-of-run counters. */
#include <stdio.h>

#include "decode_check.h"
#include "rowtap/plugin.h"

/* Builds Ethernet, then n IP headers alternating IPv4 and IPv6, then UDP; returns the full
 * hdrDesc those headers spell (uncut), written by hand from the token names of §3.2. */
static const char *nested_ip(int n, char *full, size_t size)
{
    size_t len = (size_t)snprintf(full, size, "eth");
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < n; i++) {
        if (i % 2)
            fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
        else
            fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
        len += (size_t)snprintf(full + len, size - len, i % 2 ? ":ipv6" : ":ipv4");
    }
    fb_udp(&fb, 1, 2);
    snprintf(full + len, size - len, ":udp");
    return full;
}

/* 24 alternating IP headers spell exactly 127 characters: no cut. */
START_TEST(limit_exactly_127)
{
    char full[1024];
    nested_ip(24, full, sizeof full);
    ck_assert_uint_eq(strlen(full), 127);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, full, 26, RT_STAT_IPV6 | RT_STAT_IP_IN_IP);
}
END_TEST

/* 25 spell 132 characters: cut to 124 + "..." (127), bit 48; numHdrs counts every header. */
START_TEST(limit_cut)
{
    char full[1024], expected[128];
    nested_ip(25, full, sizeof full);
    ck_assert_uint_eq(strlen(full), 132);
    snprintf(expected, sizeof expected, "%.124s...", full);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, expected, 27, RT_STAT_IPV4 | RT_STAT_IP_IN_IP | RT_STAT_HDRDESC_LIMIT);
    ck_assert_uint_eq(pkt->hdrdesc_len, 127);

    nested_ip(200, full, sizeof full);
    pkt = decode_built(0);
    ck_stack(pkt, expected, 202, RT_STAT_IPV6 | RT_STAT_IP_IN_IP | RT_STAT_HDRDESC_LIMIT);
}
END_TEST

START_TEST(collapse_long_runs)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    for (int i = 0; i < 12; i++)
        fb_vlan(&fb, 0x8100, (uint16_t)(i + 1), 0, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1, 2);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:vlan{12}:ipv4:udp", 15, RT_STAT_VLAN | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->vlan_depth, 12);
    ck_assert_uint_eq(out.inner_vlan, 12);
}
END_TEST

/* §3.2: UNK(<decimal>) for IP protocols, UNK(0x<4 hex>) for ethertypes and PPP protocols,
 * UNK(0x<2 hex>) for LLC SAPs; each counts as one header. */
START_TEST(unknown_formats)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_payload_fill(&fb, 0, 4);
    ck_stack(decode_built(0), "eth:ipv4:UNK(253)", 3, RT_STAT_IPV4 | RT_STAT_DECODE_STOPPED);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, 0x88b5);
    ck_stack(decode_built(0), "eth:UNK(0x88b5)", 2, RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);

    fb_init(&fb);
    fb_eth_8023(&fb, NULL, NULL);
    fb_llc(&fb, 0x06, 0x06, 0x03);
    ck_stack(decode_built(0), "eth:llc:UNK(0x06)", 3, RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_pppoe_session(&fb, 1);
    fb_ppp(&fb, 0, 0x0031);
    ck_stack(decode_built(0), "eth:pppoes:ppp:UNK(0x0031)", 4,
             RT_STAT_PPPOE_SESSION | RT_STAT_L2_FLOW | RT_STAT_DECODE_STOPPED);
}
END_TEST

/* Equal stacks share one interned string; the table is shared by decoders and lives until the
 * last one is freed. */
START_TEST(interning)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp(&fb, 1, 2, 0, 0, 0, 0);
    const rt_packet *pkt = decode_built(0);
    uint32_t tcp_id = pkt->hdrdesc_id;
    const char *tcp_text = pkt->hdrdesc;
    ck_assert_uint_ne(tcp_id, 0);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.9.9.9", "10.8.8.8");
    fb_udp(&fb, 1, 2);
    pkt = decode_built(0);
    uint32_t udp_id = pkt->hdrdesc_id;
    ck_assert_uint_ne(udp_id, tcp_id);

    uint16_t len = 0;
    ck_assert_str_eq(rt_hdrdesc_string(tcp_id, &len), "eth:ipv4:tcp");
    ck_assert_uint_eq(len, 12);
    ck_assert_ptr_eq(rt_hdrdesc_string(tcp_id, NULL), tcp_text);
    ck_assert_str_eq(rt_hdrdesc_string(udp_id, &len), "eth:ipv4:udp");
    ck_assert_ptr_null(rt_hdrdesc_string(0, &len));
    ck_assert_uint_eq(len, 0);
    ck_assert_ptr_null(rt_hdrdesc_string(udp_id + 1000, NULL));

    decoder *second = decoder_new();
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.7.7.7", "10.6.6.6");
    fb_tcp(&fb, 5, 6, 0, 0, 0, 0);
    fb_finish(&fb);
    capture_frame frame;
    fb_capture(&fb, 0, &frame);
    decoded_packet other;
    decoder_decode(second, &frame, 2, 0, &other);
    ck_assert_uint_eq(other.pkt.hdrdesc_id, tcp_id);
    ck_assert_ptr_eq(other.pkt.hdrdesc, tcp_text);
    decoder_free(second);
    ck_assert_str_eq(rt_hdrdesc_string(tcp_id, NULL), "eth:ipv4:tcp");
}
END_TEST

/* Decodes the frame in fb once more (used to feed the counters). */
static void decode_again(void)
{
    decode_built(0);
}

START_TEST(counters)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_arp(&fb, 0x0806, 1, NULL, "10.0.0.1", NULL, "10.0.0.2");
    fb_pad_to(&fb, 60);
    decode_again(); /* 60 bytes, 2 headers */

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_vlan(&fb, 0x88a8, 1, 0, FB_AUTO);
    fb_vlan(&fb, 0x8100, 2, 0, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp(&fb, 1, 2, 0, 0, 0x10, 1);
    fb_payload_fill(&fb, 0, 6);
    decode_again(); /* 14 + 8 + 46 = 68 bytes, 5 headers */

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_mpls(&fb, 1, 0, 1, FB_AUTO, 0);
    fb_mpls(&fb, 2, 0, 1, FB_AUTO, 0);
    fb_mpls(&fb, 3, 0, 1, FB_AUTO, 0);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udp(&fb, 1, 2);
    decode_again(); /* 14 + 12 + 48 = 74 bytes, 6 headers */

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_gre(&fb, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.3", "10.0.0.4");
    fb_icmp(&fb, 8, 0, 0);
    decode_again(); /* 14 + 20 + 4 + 28 = 66 bytes, 5 headers */

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_sctp(&fb, 1, 2, 3);
    decode_built(30); /* captured 30 of 46: no flow (IP header cut) */

    const decode_stats *s = decoder_stats(dec);
    ck_assert_uint_eq(s->packets, 5);
    ck_assert_uint_eq(s->no_flow, 1);
    ck_assert_uint_eq(s->captured_bytes, 60 + 68 + 74 + 66 + 30);
    ck_assert_uint_eq(s->wire_bytes, 60 + 68 + 74 + 66 + 46);
    ck_assert_uint_eq(s->non_ip, 1);
    ck_assert_uint_eq(s->ipv4, 2);
    ck_assert_uint_eq(s->ipv6, 1);
    ck_assert_uint_eq(s->arp, 1);
    ck_assert_uint_eq(s->tcp, 1);
    ck_assert_uint_eq(s->tcp_bytes, 68);
    ck_assert_uint_eq(s->udp, 1);
    ck_assert_uint_eq(s->udp_bytes, 74);
    ck_assert_uint_eq(s->icmp, 1);
    ck_assert_uint_eq(s->gre, 1);
    ck_assert_uint_eq(s->sctp, 0);
    ck_assert_uint_eq(s->hdrs_sum, 2 + 5 + 6 + 5);
    ck_assert_uint_eq(s->hdrs_min, 2);
    ck_assert_uint_eq(s->hdrs_max, 6);
    ck_assert_uint_eq(s->vlan_max, 2);
    ck_assert_uint_eq(s->mpls_max, 3);
}
END_TEST

DECODE_TEST_MAIN("decode_hdrdesc", limit_exactly_127, limit_cut, collapse_long_runs,
                 unknown_formats, interning, counters)
