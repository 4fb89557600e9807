/* test_decode_tunnel.c — the decoder on tunnels (T2-COMPAT §3.5): GRE with its optional fields,
 * PPP in GRE and PPTP's enhanced GRE, Ethernet over GRE, IP-in-IP in all four combinations,
 * VXLAN, GTP-U, Geneve and Teredo; the flow is keyed on the innermost IP header, each tunnel
 * sets its status bit; payloads that are not the port's tunnel stay UDP; fragmented outer
 * headers. */
#include "decode_check.h"

#define OUTER_A "198.51.100.1"
#define OUTER_B "198.51.100.2"
#define INNER_A "10.0.0.1"
#define INNER_B "10.0.0.2"

/* Outer Ethernet + IPv4 between OUTER_A and OUTER_B. */
static void outer_ipv4(void)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, OUTER_A, OUTER_B);
}

/* The flow is keyed on an inner TCP connection INNER_A:1234 -> INNER_B:80. */
static void ck_inner_tcp(const rt_packet *pkt)
{
    ck_assert_uint_eq(pkt->ip_version, 4);
    ck_address(pkt->src_ip, INNER_A);
    ck_address(pkt->dst_ip, INNER_B);
    ck_assert_uint_eq(pkt->src_port, 1234);
    ck_assert_uint_eq(pkt->dst_port, 80);
    ck_assert_uint_eq(pkt->l4_proto, 6);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
}

static void inner_tcp(void)
{
    fb_ipv4(&fb, INNER_A, INNER_B);
    fb_tcp(&fb, 1234, 80, 1, 1, 0x18, 512);
    fb_payload_str(&fb, "GET /");
}

START_TEST(gre_ipv4)
{
    outer_ipv4();
    fb_gre(&fb, FB_AUTO);
    inner_tcp();
    fb_pad(&fb, 6);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:gre:ipv4:tcp", 5, RT_STAT_GRE | RT_STAT_IPV4);
    ck_inner_tcp(pkt);
    ck_assert_ptr_eq(pkt->l3, fb.data + 14 + 20 + 4);
    ck_assert_uint_eq(pkt->ip_len, 45);
    ck_payload(pkt, 5, 5, "GET /");
    ck_assert_uint_eq(pkt->pad_bytes, 6); /* after the outer datagram */
    ck_assert_uint_eq(decoder_stats(dec)->gre, 1);
    ck_assert_uint_eq(decoder_stats(dec)->tcp, 1);
}
END_TEST

START_TEST(gre_optional_fields)
{
    fb_gre_opts o = { .protocol = FB_AUTO, .has_checksum = 1, .has_key = 1, .has_sequence = 1,
                      .key = 77, .sequence = 5 };
    outer_ipv4();
    fb_gre_ex(&fb, &o);
    inner_tcp();
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:gre:ipv4:tcp", 5, RT_STAT_GRE | RT_STAT_IPV4);
    ck_inner_tcp(pkt);
    ck_assert_ptr_eq(pkt->l3, fb.data + 14 + 20 + 16);
}
END_TEST

/* §3.5's example eth:ipv4:gre:ppp:ipv4:tcp: PPTP's enhanced GRE (version 1) with PPP, with and
 * without the address/control bytes; bits 12 (GRE) and 13 (PPP in GRE). */
START_TEST(gre_pptp_ppp)
{
    for (int hdlc = 0; hdlc < 2; hdlc++) {
        fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .call_id = 0x4000,
                          .has_sequence = 1, .sequence = 3, .has_ack = hdlc, .ack = 2 };
        fb_init(&fb);
        outer_ipv4();
        fb_gre_ex(&fb, &o);
        fb_ppp(&fb, hdlc ? FB_PPP_HDLC : 0, FB_AUTO);
        inner_tcp();
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv4:gre:ppp:ipv4:tcp", 6, RT_STAT_GRE | RT_STAT_PPP | RT_STAT_IPV4);
        ck_inner_tcp(pkt);
    }
}
END_TEST

/* A PPTP acknowledgement: GRE without payload ends decoding there, keyed on the outer header. */
START_TEST(gre_without_payload)
{
    fb_gre_opts o = { .version = 1, .protocol = 0x880b, .call_id = 1, .has_ack = 1, .ack = 9 };
    outer_ipv4();
    fb_gre_ex(&fb, &o);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:gre", 3, RT_STAT_GRE | RT_STAT_IPV4);
    ck_address(pkt->src_ip, OUTER_A);
    ck_assert_uint_eq(pkt->l4_proto, 47);
    ck_assert_uint_eq(pkt->flags & RT_PKT_HAS_PORTS, 0);
    ck_payload(pkt, 0, 0, NULL);
}
END_TEST

START_TEST(gre_ethernet)
{
    outer_ipv4();
    fb_gre(&fb, FB_AUTO);
    fb_eth(&fb, "00:00:5e:00:53:02", "00:00:5e:00:53:01", FB_AUTO);
    inner_tcp();
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:gre:eth:ipv4:tcp", 6, RT_STAT_GRE | RT_STAT_IPV4);
    ck_mac(pkt->src_mac, "00:00:5e:00:53:01");
    ck_inner_tcp(pkt);
}
END_TEST

/* A GRE protocol without a decoder (ERSPAN): UNK, still an IP flow on the outer header. */
START_TEST(gre_unknown_protocol)
{
    outer_ipv4();
    fb_gre(&fb, 0x88be);
    fb_payload_fill(&fb, 0, 8);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:gre:UNK(0x88be)", 4,
             RT_STAT_GRE | RT_STAT_IPV4 | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
    ck_address(pkt->dst_ip, OUTER_B);
}
END_TEST

/* RFC 1701 source routing: checksum/offset word, then SREs up to a null SRE. */
START_TEST(gre_source_routes)
{
    static const uint8_t gre[] = {
        0x40, 0x00, 0x08, 0x00, 0, 0, 0, 0,   /* routing present, IPv4; checksum and offset */
        0x08, 0x00, 0, 4, 192, 0, 2, 1,       /* an IPv4 SRE with one address */
        0, 0, 0, 0,                           /* the null SRE */
    };
    fb_ipv4_opts o = { .src = OUTER_A, .dst = OUTER_B, .ttl = 9, .proto = 47 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_payload(&fb, gre, sizeof gre);
    inner_tcp();
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:gre:ipv4:tcp", 5, RT_STAT_GRE | RT_STAT_IPV4);
    ck_inner_tcp(pkt);
    ck_assert_ptr_eq(pkt->l3, fb.data + 34 + sizeof gre);
}
END_TEST

/* GRE versions above 1 are not decoded: UNK(0x<protocol type>). */
START_TEST(gre_unknown_version)
{
    static const uint8_t gre[] = { 0x00, 0x02, 0x08, 0x00 };
    fb_ipv4_opts o = { .src = OUTER_A, .dst = OUTER_B, .ttl = 9, .proto = 47 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_payload(&fb, gre, sizeof gre);
    inner_tcp();
    ck_stack(decode_built(0), "eth:ipv4:gre:UNK(0x0800)", 4,
             RT_STAT_GRE | RT_STAT_IPV4 | RT_STAT_DECODE_STOPPED);
}
END_TEST

START_TEST(ip_in_ip)
{
    static const struct { int outer6, inner6; const char *desc; } cases[] = {
        { 0, 0, "eth:ipv4{2}:udp" }, { 0, 1, "eth:ipv4:ipv6:udp" },
        { 1, 0, "eth:ipv6:ipv4:udp" }, { 1, 1, "eth:ipv6{2}:udp" },
    };
    for (unsigned i = 0; i < 4; i++) {
        fb_init(&fb);
        fb_eth(&fb, NULL, NULL, FB_AUTO);
        if (cases[i].outer6)
            fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
        else
            fb_ipv4(&fb, OUTER_A, OUTER_B);
        if (cases[i].inner6)
            fb_ipv6(&fb, "2001:db8:1::1", "2001:db8:1::2");
        else
            fb_ipv4(&fb, INNER_A, INNER_B);
        fb_udp(&fb, 4000, 53);
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, cases[i].desc, 4,
                 RT_STAT_IP_IN_IP | (cases[i].inner6 ? RT_STAT_IPV6 : RT_STAT_IPV4));
        ck_address(pkt->src_ip, cases[i].inner6 ? "2001:db8:1::1" : INNER_A);
        ck_assert_uint_eq(pkt->eth_type, cases[i].inner6 ? 0x86dd : 0x0800);
        ck_assert_uint_eq(pkt->dst_port, 53);
    }
}
END_TEST

/* Protocol 4 carrying an IPv6 header, and an inner header cut by the capture: no flow. */
START_TEST(ip_in_ip_no_flow)
{
    fb_ipv4_opts o = { .src = OUTER_A, .dst = OUTER_B, .ttl = 9, .proto = 4 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    ck_no_flow(decode_built(0), RT_STAT_IPVER_MISMATCH);

    fb_init(&fb);
    outer_ipv4();
    inner_tcp();
    ck_no_flow(decode_built(34 + 19), RT_STAT_TRUNCATED | RT_STAT_IP_SHORT);
}
END_TEST

START_TEST(vxlan)
{
    outer_ipv4();
    fb_udp(&fb, 51000, 4789);
    fb_vxlan(&fb, 42);
    fb_eth(&fb, "00:00:5e:00:53:02", "00:00:5e:00:53:01", FB_AUTO);
    inner_tcp();
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp:vxlan:eth:ipv4:tcp", 7, RT_STAT_VXLAN | RT_STAT_IPV4);
    ck_mac(pkt->src_mac, "00:00:5e:00:53:01");
    ck_inner_tcp(pkt);
    ck_payload(pkt, 5, 5, "GET /");
}
END_TEST

/* VXLAN carrying ARP: the innermost IP header is the outer one, so the flow is the outer UDP flow
 * (ethType 0x0800) while the ARP bit and the inner MACs are set. */
START_TEST(vxlan_arp)
{
    outer_ipv4();
    fb_udp(&fb, 51000, 4789);
    fb_vxlan(&fb, 42);
    fb_eth(&fb, "ff:ff:ff:ff:ff:ff", "00:00:5e:00:53:01", FB_AUTO);
    fb_arp(&fb, 0x0806, 1, "00:00:5e:00:53:01", INNER_A, NULL, INNER_B);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp:vxlan:eth:arp", 6, RT_STAT_VXLAN | RT_STAT_IPV4 | RT_STAT_ARP);
    ck_assert_uint_eq(pkt->eth_type, 0x0800);
    ck_assert_uint_eq(pkt->dst_port, 4789);
    ck_mac(pkt->src_mac, "00:00:5e:00:53:01");
    ck_assert_uint_eq(pkt->l7_len, 28);
}
END_TEST

/* UDP on a tunnel port whose payload is not that tunnel stays plain UDP. */
START_TEST(tunnel_ports_without_tunnel)
{
    /* VXLAN without its flag, GTP version 7, Geneve version 3, Teredo without an IPv6 nibble */
    static const struct { uint16_t port; uint8_t fill; } cases[] = {
        { 4789, 0x00 }, { 2152, 0xff }, { 6081, 0xff }, { 3544, 0xff },
    };
    for (unsigned i = 0; i < 4; i++) {
        fb_init(&fb);
        outer_ipv4();
        fb_udp(&fb, 40000, cases[i].port);
        fb_payload_fill(&fb, cases[i].fill, 48);
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4);
        ck_assert_uint_eq(pkt->l7_len, 48);
    }
}
END_TEST

START_TEST(gtp_user_plane)
{
    for (uint8_t words = 0; words < 3; words += 2) {
        fb_init(&fb);
        outer_ipv4();
        fb_udp(&fb, 2152, 2152);
        fb_gtpu(&fb, 0xff, 0x1234, words);
        inner_tcp();
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv4:udp:gtp:ipv4:tcp", 6, RT_STAT_GTP | RT_STAT_IPV4);
        ck_inner_tcp(pkt);
        ck_assert_ptr_eq(pkt->l3, fb.data + 42 + (words ? 12 + 4 * words : 8));
    }
    fb_init(&fb);
    outer_ipv4();
    fb_udp(&fb, 2152, 2152);
    fb_gtpu(&fb, 0xff, 0x1234, 0);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_icmpv6(&fb, 128, 0, 1);
    ck_stack(decode_built(0), "eth:ipv4:udp:gtp:ipv6:icmpv6", 6, RT_STAT_GTP | RT_STAT_IPV6);
}
END_TEST

/* A GTP message other than a G-PDU (echo request) has no user packet; an extension header chain
 * cut by the capture stops decoding. */
START_TEST(gtp_other_messages)
{
    outer_ipv4();
    fb_udp(&fb, 2152, 2152);
    fb_gtpu(&fb, 1, 0, 0);
    fb_payload_fill(&fb, 0, 4);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp:gtp", 4, RT_STAT_GTP | RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->src_port, 2152);
    ck_payload(pkt, 4, 4, fb.data + 50);

    fb_init(&fb);
    outer_ipv4();
    fb_udp(&fb, 2152, 2152);
    fb_gtpu(&fb, 0xff, 0, 3);
    inner_tcp();
    pkt = decode_built(42 + 14);
    ck_stack(pkt, "eth:ipv4:udp:gtp", 4,
             RT_STAT_GTP | RT_STAT_IPV4 | RT_STAT_TRUNCATED | RT_STAT_DECODE_STOPPED);
}
END_TEST

START_TEST(geneve)
{
    outer_ipv4();
    fb_udp(&fb, 40000, 6081);
    fb_geneve(&fb, 7, 2, FB_AUTO);
    fb_eth(&fb, NULL, "00:00:5e:00:53:01", FB_AUTO);
    fb_ipv4(&fb, INNER_A, INNER_B);
    fb_icmp(&fb, 8, 0, 0);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp:geneve:eth:ipv4:icmp", 7, RT_STAT_GENEVE | RT_STAT_IPV4);
    ck_address(pkt->src_ip, INNER_A);
    ck_assert_uint_eq(pkt->l4_proto, 1);
    ck_mac(pkt->src_mac, "00:00:5e:00:53:01");

    fb_init(&fb);
    outer_ipv4();
    fb_udp(&fb, 40000, 6081);
    fb_geneve(&fb, 7, 0, FB_AUTO);
    inner_tcp();
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp:geneve:ipv4:tcp", 6, RT_STAT_GENEVE | RT_STAT_IPV4);
    ck_inner_tcp(pkt);
}
END_TEST

/* §3.5's example eth:ipv4:udp:teredo:ipv6:tcp, plain and with the authentication and origin
 * indication headers before the IPv6 packet. */
START_TEST(teredo)
{
    for (int variant = 0; variant < 4; variant++) {
        fb_init(&fb);
        outer_ipv4();
        fb_udp(&fb, 3544, 40000);
        if (variant & 1)
            fb_teredo_auth(&fb, 3, 5);
        if (variant & 2)
            fb_teredo_origin(&fb, 40000, "192.0.2.9");
        fb_ipv6(&fb, "2001:0:4136:e378::1", "2001:db8::2");
        fb_tcp(&fb, 1234, 80, 0, 0, 0x02, 100);
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv4:udp:teredo:ipv6:tcp", 6, RT_STAT_TEREDO | RT_STAT_IPV6);
        ck_address(pkt->src_ip, "2001:0:4136:e378::1");
        ck_assert_uint_eq(pkt->dst_port, 80);
        ck_assert_uint_eq(pkt->eth_type, 0x86dd);
    }
}
END_TEST

/* A first fragment of an outer datagram holds only the start of the inner one: no bit 47; the
 * fragment key is the outer header's. The later fragment stops at the outer UDP token. */
START_TEST(fragmented_tunnel)
{
    fb_ipv4_opts o = { .src = OUTER_A, .dst = OUTER_B, .ttl = 64, .id = 99,
                       .more_fragments = 1, .proto = FB_AUTO };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_udp(&fb, 2152, 2152);
    fb_gtpu(&fb, 0xff, 1, 0);
    int inner = fb_ipv4(&fb, INNER_A, INNER_B);
    fb_tcp(&fb, 1234, 80, 0, 0, 0x10, 100);
    fb_payload_fill(&fb, 'z', 100);
    fb_lie(&fb, inner, FB_LENGTH, 1400);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp:gtp:ipv4:tcp", 6, RT_STAT_GTP | RT_STAT_IPV4 | RT_STAT_FRAGMENT);
    ck_inner_tcp(pkt);
    ck_assert_uint_eq(pkt->ip_len, 1400);
    ck_payload(pkt, 100, 100, fb.data + fb.len - 100);
    ck_assert_uint_eq(out.frag_id, 99);
    ck_assert_uint_eq(out.frag_proto, 17);
    ck_address(out.frag_src, OUTER_A);
    ck_address(out.frag_dst, OUTER_B);

    o.more_fragments = 0;
    o.frag_offset = 1480;
    o.proto = 17;
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_payload_fill(&fb, 'z', 60);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4 | RT_STAT_FRAGMENT | RT_STAT_DECODE_STOPPED);
    ck_address(pkt->src_ip, OUTER_A);
    ck_address(out.frag_src, OUTER_A);
    ck_assert_uint_eq(out.frag_id, 99);
}
END_TEST

DECODE_TEST_MAIN("decode_tunnel", gre_ipv4, gre_optional_fields, gre_pptp_ppp,
                 gre_without_payload, gre_ethernet, gre_unknown_protocol, gre_source_routes,
                 gre_unknown_version, ip_in_ip,
                 ip_in_ip_no_flow, vxlan, vxlan_arp, tunnel_ports_without_tunnel, gtp_user_plane,
                 gtp_other_messages, geneve, teredo, fragmented_tunnel)
