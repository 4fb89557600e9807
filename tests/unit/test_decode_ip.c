/* test_decode_ip.c — the decoder on IP and transport headers: IPv4 options, IHL, length fields
 * (0, too large, shorter than the header), truncated captures, padding, IPv6 extension header
 * chains and their limit, AH/ESP, fragments of both versions, every transport header, the minimal
 * header checks, lying TCP data offsets and UDP lengths, unknown protocols and the ssdp marker.
 * Expected values follow T2-COMPAT §3.2-§3.7, §5, §7.4 and §8.3. */
#include "decode_check.h"

static const uint8_t four_option_bytes[] = { 0x94, 0x04, 0x00, 0x00 }; /* router alert */

START_TEST(ipv4_options)
{
    fb_ipv4_opts o = { .src = "10.0.0.1", .dst = "10.0.0.2", .ttl = 1, .proto = FB_AUTO,
                       .options = four_option_bytes, .options_len = 4 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_udp(&fb, 1000, 2000);
    fb_payload_str(&fb, "hello");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->l3_hdr_len, 24);
    ck_assert_uint_eq(pkt->ip_len, 37);
    ck_assert_ptr_eq(pkt->l4, fb.data + 14 + 24);
    ck_assert_uint_eq(pkt->src_port, 1000);
    ck_payload(pkt, 5, 5, "hello");
}
END_TEST

/* §3.7: IHL below 5 (bit 46) and fewer than 20 captured bytes (bit 34) give no flow. */
START_TEST(ipv4_no_flow_cases)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    int ip = fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1, 2);
    fb_lie(&fb, ip, FB_HEADER_LENGTH, 4);
    ck_no_flow(decode_built(0), RT_STAT_IHL_SHORT);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1, 2);
    ck_no_flow(decode_built(14 + 19), RT_STAT_IP_SHORT);
    ck_assert_uint_eq(decoder_stats(dec)->no_flow, 2);
}
END_TEST

/* §3.7: the ethertype names a version the header does not have (bit 16). */
START_TEST(ip_version_mismatch)
{
    fb_eth(&fb, NULL, NULL, 0x0800);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    ck_no_flow(decode_built(0), RT_STAT_IPVER_MISMATCH);
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, 0x86dd);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_payload_fill(&fb, 0, 40);
    ck_no_flow(decode_built(0), RT_STAT_IPVER_MISMATCH);
}
END_TEST

/* §3.4/§3.6: total length 0 or larger than the frame: bit 47, the wire length is used. */
START_TEST(ipv4_total_length_unusable)
{
    static const uint32_t lies[] = { 0, 1000, 65535 };
    for (unsigned i = 0; i < 3; i++) {
        fb_init(&fb);
        fb_eth(&fb, NULL, NULL, FB_AUTO);
        int ip = fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
        fb_udp(&fb, 1000, 2000);
        fb_payload_fill(&fb, 'x', 10);
        fb_pad_to(&fb, 60);
        fb_lie(&fb, ip, FB_LENGTH, lies[i]);
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4 | RT_STAT_IP_LEN_BAD);
        ck_assert_uint_eq(pkt->ip_len, 0);
        /* the datagram reaches to the end of the frame: padding counts as payload here */
        ck_payload(pkt, 60 - 42, 60 - 42, fb.data + 42);
        ck_assert_uint_eq(pkt->pad_bytes, 0);
    }
}
END_TEST

/* A total length below the header length: bits 34 and 43, no transport, no payload. */
START_TEST(ipv4_total_length_below_header)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    int ip = fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_udp(&fb, 1000, 2000);
    fb_lie(&fb, ip, FB_LENGTH, 12);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4", 2, RT_STAT_IPV4 | RT_STAT_IP_SHORT | RT_STAT_DECODE_STOPPED);
    ck_address(pkt->src_ip, "10.0.0.1");
    ck_assert_uint_eq(pkt->l4_proto, 17);
    ck_assert_ptr_null(pkt->l4);
    ck_payload(pkt, 0, 0, NULL);
}
END_TEST

/* §8.3: padding = wire length - (link-layer headers + IP length), excluded from the payload. */
START_TEST(ethernet_padding)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp(&fb, 1000, 80, 0, 0, 0x10, 100);
    fb_payload_str(&fb, "ab");
    fb_pad_to(&fb, 60);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->ip_len, 42);
    ck_assert_uint_eq(pkt->pad_bytes, 60 - 14 - 42);
    ck_payload(pkt, 2, 2, "ab");
    ck_assert_uint_eq(decoder_stats(dec)->pad_bytes, 4);
}
END_TEST

/* §3.4, Table 1: a capture cut inside the payload sets only bit 33. */
START_TEST(truncated_in_payload)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "138.212.187.181", "193.86.108.236");
    fb_tcp(&fb, 58401, 1485, 0, 0, 0x10, 5840);
    fb_payload_fill(&fb, 'p', 1000);
    const rt_packet *pkt = decode_built(60);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4 | RT_STAT_TRUNCATED);
    ck_assert_uint_eq(pkt->src_port, 58401);
    ck_assert_uint_eq(pkt->flags, RT_PKT_HAS_PORTS | RT_PKT_L4_COMPLETE);
    ck_payload(pkt, 1000, 6, "pppppp");

    pkt = decode_built(54);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4 | RT_STAT_TRUNCATED);
    ck_payload(pkt, 1000, 0, NULL);
}
END_TEST

/* A capture cut inside the transport header: bits 33, 35, 43; ports 0 when unreadable. */
START_TEST(truncated_in_transport_header)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp(&fb, 1234, 80, 0, 0, 0x10, 100);
    fb_payload_fill(&fb, 'p', 10);
    uint64_t cut = RT_STAT_IPV4 | RT_STAT_TRUNCATED | RT_STAT_L4_SHORT | RT_STAT_DECODE_STOPPED;
    const rt_packet *pkt = decode_built(34 + 10);
    ck_stack(pkt, "eth:ipv4:tcp", 3, cut);
    ck_assert_uint_eq(pkt->src_port, 1234);
    ck_assert_uint_eq(pkt->dst_port, 80);
    ck_assert_uint_eq(pkt->flags, RT_PKT_HAS_PORTS);
    ck_assert_uint_eq(pkt->l4_caplen, 10);
    ck_payload(pkt, 0, 0, NULL);

    pkt = decode_built(34 + 3);
    ck_stack(pkt, "eth:ipv4:tcp", 3, cut);
    ck_assert_uint_eq(pkt->src_port, 0);
    ck_assert_uint_eq(pkt->dst_port, 0);

    pkt = decode_built(34);
    ck_stack(pkt, "eth:ipv4:tcp", 3, cut);
    ck_assert_ptr_null(pkt->l4);
    ck_assert_uint_eq(pkt->l4_caplen, 0);
}
END_TEST

/* The declared length leaves less than the transport header: bits 35 and 43 (no bit 33). */
START_TEST(declared_length_too_short_for_transport)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    int ip = fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp(&fb, 1234, 80, 0, 0, 0x10, 100);
    fb_lie(&fb, ip, FB_LENGTH, 30);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4 | RT_STAT_L4_SHORT | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->src_port, 1234);
    ck_assert_uint_eq(pkt->pad_bytes, 54 - 14 - 30);
    ck_payload(pkt, 0, 0, NULL);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    ip = fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_icmp(&fb, 8, 0, 0);
    fb_lie(&fb, ip, FB_LENGTH, 24);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:icmp", 3, RT_STAT_IPV4 | RT_STAT_L4_SHORT | RT_STAT_DECODE_STOPPED);
}
END_TEST

/* TCP data offsets: below 5 (malformed), beyond the declared datagram, options cut. */
START_TEST(tcp_data_offset)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    int tcp = fb_tcp(&fb, 1234, 80, 0, 0, 0x10, 100);
    fb_payload_fill(&fb, 'p', 8);
    fb_lie(&fb, tcp, FB_HEADER_LENGTH, 4);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4 | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->dst_port, 80);
    ck_payload(pkt, 0, 0, NULL);

    fb.n_lies = 0;
    fb_lie(&fb, tcp, FB_HEADER_LENGTH, 15); /* 60 bytes > 28 declared */
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4 | RT_STAT_L4_SHORT | RT_STAT_DECODE_STOPPED);
    ck_payload(pkt, 0, 0, NULL);

    static const uint8_t options[] = { 2, 4, 5, 0xb4, 1, 3, 3, 8, 4, 2, 1, 1 };
    fb_tcp_opts o = { .src_port = 1234, .dst_port = 80, .flags = 0x02, .window = 64240,
                      .options = options, .options_len = sizeof options };
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_tcp_ex(&fb, &o);
    fb_payload_fill(&fb, 'p', 8);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4);
    ck_payload(pkt, 8, 8, "pppppppp");
    /* 20 of the 32 header bytes captured: no bit 35, but the header is incomplete (43) */
    pkt = decode_built(34 + 24);
    ck_stack(pkt, "eth:ipv4:tcp", 3, RT_STAT_IPV4 | RT_STAT_TRUNCATED | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->flags, RT_PKT_HAS_PORTS | RT_PKT_L4_COMPLETE);
    ck_payload(pkt, 8, 0, NULL);
}
END_TEST

/* The UDP length field does not matter: the payload length comes from the IP length (§3.6). */
START_TEST(udp_length_ignored)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    int udp = fb_udp(&fb, 1000, 53);
    fb_payload_fill(&fb, 'q', 10);
    fb_lie(&fb, udp, FB_LENGTH, 500);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4);
    ck_payload(pkt, 10, 10, "qqqqqqqqqq");
    fb.n_lies = 0;
    fb_lie(&fb, udp, FB_LENGTH, 3);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4);
    ck_payload(pkt, 10, 10, "qqqqqqqqqq");
}
END_TEST

START_TEST(ipv6_payload_length_unusable)
{
    static const uint32_t lies[] = { 0, 200 };
    for (unsigned i = 0; i < 2; i++) {
        fb_init(&fb);
        fb_eth(&fb, NULL, NULL, FB_AUTO);
        int ip = fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
        fb_udp(&fb, 1000, 2000);
        fb_payload_fill(&fb, 'x', 10);
        fb_lie(&fb, ip, FB_LENGTH, lies[i]);
        const rt_packet *pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv6:udp", 3, RT_STAT_IPV6 | RT_STAT_IP_LEN_BAD);
        ck_assert_uint_eq(pkt->ip_len, 0);
        ck_payload(pkt, 10, 10, "xxxxxxxxxx");
    }
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udp(&fb, 1000, 2000);
    ck_no_flow(decode_built(14 + 39), RT_STAT_IP_SHORT);
}
END_TEST

START_TEST(ipv6_extension_chain)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_ext(&fb, 0, 8, FB_AUTO);
    fb_ipv6_ext(&fb, 60, 16, FB_AUTO);
    fb_ipv6_ext(&fb, 43, 24, FB_AUTO);
    fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_udp(&fb, 1000, 2000);
    fb_payload_str(&fb, "data");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ipv6.hopopts:ipv6.dstopts:ipv6.routing:ipv6.dstopts:udp", 7,
             RT_STAT_IPV6);
    ck_assert_uint_eq(pkt->l3_hdr_len, 40 + 8 + 16 + 24 + 8);
    ck_assert_uint_eq(pkt->ip_len, 40 + 56 + 12);
    ck_assert_ptr_eq(pkt->ip6_hbh, fb.data + 54);
    ck_assert_ptr_eq(pkt->ip6_dstopts, fb.data + 62);
    ck_assert_uint_eq(pkt->l4_proto, 17);
    ck_assert_uint_eq(pkt->dst_port, 2000);
    ck_payload(pkt, 4, 4, "data");
}
END_TEST

/* §3.4: at most 5 extension headers are walked; a sixth stops decoding (bit 43). */
START_TEST(ipv6_extension_limit)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    for (int i = 0; i < 5; i++)
        fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_udp(&fb, 1000, 2000);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ipv6.dstopts{5}:udp", 8, RT_STAT_IPV6);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_ext(&fb, 0, 8, FB_AUTO);
    for (int i = 0; i < 5; i++)
        fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_udp(&fb, 1000, 2000);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ipv6.hopopts:ipv6.dstopts{4}", 7,
             RT_STAT_IPV6 | RT_STAT_DECODE_STOPPED);
    ck_assert_ptr_null(pkt->l4);
    ck_assert_uint_eq(pkt->l4_proto, 60);
    ck_assert_uint_eq(pkt->l3_hdr_len, 80);
    ck_payload(pkt, 16, 16, fb.data + 14 + 80); /* the sixth header and the UDP header */

    /* AH is walked like an extension header and counts among the five */
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    for (int i = 0; i < 4; i++)
        fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_ah(&fb, 1, 1, 4, FB_AUTO);
    fb_ipv6_ext(&fb, 60, 8, FB_AUTO);
    fb_udp(&fb, 1000, 2000);
    ck_stack(decode_built(0), "eth:ipv6:ipv6.dstopts{4}:ah", 7,
             RT_STAT_IPV6 | RT_STAT_IPSEC_AH | RT_STAT_DECODE_STOPPED);
}
END_TEST

/* Extension header lengths beyond the capture or the declared payload: decoding stops (43). */
START_TEST(ipv6_extension_lengths)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    int ext = fb_ipv6_ext(&fb, 0, 8, FB_AUTO);
    fb_udp(&fb, 1000, 2000);
    fb_lie(&fb, ext, FB_HEADER_LENGTH, 10); /* 88 bytes, 16 declared */
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ipv6.hopopts", 3, RT_STAT_IPV6 | RT_STAT_DECODE_STOPPED);
    ck_assert_ptr_null(pkt->ip6_hbh);
    ck_payload(pkt, 0, 0, NULL);

    fb.n_lies = 0;
    pkt = decode_built(14 + 40 + 4);
    ck_stack(pkt, "eth:ipv6:ipv6.hopopts", 3,
             RT_STAT_IPV6 | RT_STAT_TRUNCATED | RT_STAT_DECODE_STOPPED);
}
END_TEST

START_TEST(ipsec_ah_and_esp)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ah(&fb, 0x100, 1, 12, FB_AUTO);
    fb_tcp(&fb, 1000, 22, 0, 0, 0x10, 100);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ah:tcp", 4, RT_STAT_IPV6 | RT_STAT_IPSEC_AH);
    ck_assert_uint_eq(pkt->l3_hdr_len, 64);
    ck_assert_uint_eq(pkt->l4_proto, 6);
    ck_assert_uint_eq(pkt->dst_port, 22);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_ah(&fb, 0x100, 1, 12, FB_AUTO);
    fb_udp(&fb, 500, 500);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:ah:udp", 4, RT_STAT_IPV4 | RT_STAT_IPSEC_AH);
    ck_assert_uint_eq(pkt->l3_hdr_len, 20);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_esp(&fb, 0x1234, 7);
    fb_payload_fill(&fb, 0xee, 16);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:esp", 3, RT_STAT_IPV4 | RT_STAT_IPSEC_ESP);
    ck_assert_ptr_null(pkt->l4);
    ck_assert_uint_eq(pkt->flags & RT_PKT_HAS_PORTS, 0);
    ck_assert_uint_eq(pkt->l4_proto, 50);
    ck_payload(pkt, 24, 24, fb.data + 34); /* from the ESP header on (§3.6) */

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_esp(&fb, 0x1234, 7);
    ck_stack(decode_built(0), "eth:ipv6:esp", 3, RT_STAT_IPV6 | RT_STAT_IPSEC_ESP);
}
END_TEST

/* §3.4: the first fragment is decoded normally; a later one shows the same tokens, ports 0. */
START_TEST(ipv4_fragments)
{
    fb_ipv4_opts o = { .src = "10.0.0.1", .dst = "10.0.0.2", .ttl = 64, .id = 0x4242,
                       .more_fragments = 1, .proto = FB_AUTO };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_udp(&fb, 5353, 53);
    fb_payload_fill(&fb, 'a', 24);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4 | RT_STAT_FRAGMENT);
    ck_assert_uint_eq(pkt->flags, RT_PKT_FRAGMENT | RT_PKT_HAS_PORTS | RT_PKT_L4_COMPLETE);
    ck_assert_uint_eq(pkt->src_port, 5353);
    ck_assert_uint_eq(out.frag_id, 0x4242);
    ck_assert_uint_eq(out.frag_offset, 0);
    ck_assert_int_eq(out.frag_more, 1);
    ck_assert_uint_eq(out.frag_ip_version, 4);
    ck_assert_uint_eq(out.frag_proto, 17);
    ck_address(out.frag_src, "10.0.0.1");
    ck_address(out.frag_dst, "10.0.0.2");

    for (int more = 1; more >= 0; more--) {
        o.more_fragments = more;
        o.frag_offset = 32;
        o.proto = 17;
        fb_init(&fb);
        fb_eth(&fb, NULL, NULL, FB_AUTO);
        fb_ipv4_ex(&fb, &o);
        fb_payload_fill(&fb, 'b', 20);
        pkt = decode_built(0);
        ck_stack(pkt, "eth:ipv4:udp", 3, RT_STAT_IPV4 | RT_STAT_FRAGMENT | RT_STAT_DECODE_STOPPED);
        ck_assert_uint_eq(pkt->flags, RT_PKT_FRAGMENT | RT_PKT_LATER_FRAGMENT | RT_PKT_HAS_PORTS);
        ck_assert_uint_eq(pkt->src_port, 0);
        ck_assert_uint_eq(pkt->dst_port, 0);
        ck_assert_ptr_null(pkt->l4);
        ck_assert_uint_eq(pkt->l4_proto, 17);
        ck_assert_uint_eq(out.frag_offset, 32);
        ck_assert_int_eq(out.frag_more, more);
        ck_payload(pkt, 20, 20, "bbbbbbbbbbbbbbbbbbbb");
    }
    ck_assert_uint_eq(decoder_stats(dec)->ipv4_fragments, 3);
}
END_TEST

START_TEST(ipv6_fragments)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_frag(&fb, 0xdeadbeef, 0, 1, FB_AUTO);
    fb_udp(&fb, 5353, 53);
    fb_payload_fill(&fb, 'a', 24);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ipv6.fraghdr:udp", 4, RT_STAT_IPV6 | RT_STAT_FRAGMENT);
    ck_assert_uint_eq(out.frag_id, 0xdeadbeef);
    ck_assert_uint_eq(out.frag_ip_version, 6);
    ck_assert_uint_eq(out.frag_proto, 17);
    ck_assert_uint_eq(pkt->l3_hdr_len, 48);
    ck_assert_uint_eq(pkt->dst_port, 53);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_frag(&fb, 0xdeadbeef, 1232, 0, 17);
    fb_payload_fill(&fb, 'b', 30);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:ipv6.fraghdr:udp", 4,
             RT_STAT_IPV6 | RT_STAT_FRAGMENT | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->flags, RT_PKT_FRAGMENT | RT_PKT_LATER_FRAGMENT | RT_PKT_HAS_PORTS);
    ck_assert_uint_eq(out.frag_offset, 1232);
    ck_assert_int_eq(out.frag_more, 0);
    ck_assert_uint_eq(pkt->l3_hdr_len, 48);
    ck_payload(pkt, 30, 30, fb.data + 14 + 48);

    /* offset 0 without more fragments (an atomic fragment) is not a fragment */
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_ipv6_frag(&fb, 1, 0, 0, FB_AUTO);
    fb_udp(&fb, 5353, 53);
    ck_stack(decode_built(0), "eth:ipv6:ipv6.fraghdr:udp", 4, RT_STAT_IPV6);
    ck_assert_uint_eq(decoder_stats(dec)->ipv6_fragments, 2);
}
END_TEST

/* §7.4: an ICMP packet has no ports; its payload follows the 8-byte header. */
START_TEST(icmp_igmp_icmpv6)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_icmp(&fb, 8, 0, 0x12340001);
    fb_payload_str(&fb, "ping");
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:icmp", 3, RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->flags, RT_PKT_L4_COMPLETE);
    ck_assert_uint_eq(pkt->l4_proto, 1);
    ck_payload(pkt, 4, 4, "ping");

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "224.0.0.22");
    fb_igmp(&fb, 0x16, 0, "239.1.1.1");
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:igmp", 3, RT_STAT_IPV4);
    ck_assert_uint_eq(pkt->l4_proto, 2);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "fe80::1", "ff02::1");
    fb_icmpv6(&fb, 135, 0, 0);
    fb_payload_fill(&fb, 0, 16);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:icmpv6", 3, RT_STAT_IPV6);
    ck_payload(pkt, 16, 16, fb.data + 62);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_icmp(&fb, 8, 0, 0);
    pkt = decode_built(34 + 7);
    ck_stack(pkt, "eth:ipv4:icmp", 3,
             RT_STAT_IPV4 | RT_STAT_TRUNCATED | RT_STAT_L4_SHORT | RT_STAT_DECODE_STOPPED);
}
END_TEST

START_TEST(sctp_and_udplite)
{
    static const uint8_t chunk[] = { 1, 0, 0, 20, 0, 0, 0, 1, 0, 0, 0x10, 0, 0, 1, 0, 1, 0, 0, 0, 1 };
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_sctp(&fb, 2905, 2905, 0);
    fb_payload(&fb, chunk, sizeof chunk);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:sctp", 3, RT_STAT_IPV4 | RT_STAT_SCTP);
    ck_assert_uint_eq(pkt->flags, RT_PKT_HAS_PORTS | RT_PKT_L4_COMPLETE);
    ck_assert_uint_eq(pkt->src_port, 2905);
    ck_payload(pkt, sizeof chunk, sizeof chunk, chunk);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_udplite(&fb, 4000, 4001, 8);
    fb_payload_str(&fb, "lite");
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6:udplite", 3, RT_STAT_IPV6);
    ck_assert_uint_eq(pkt->l4_proto, 136);
    ck_assert_uint_eq(pkt->dst_port, 4001);
    ck_payload(pkt, 4, 4, "lite");
}
END_TEST

/* §3.2: UNK(<decimal>) for an IP protocol; numbers of IPv6 extension headers are unknown after
 * IPv4; no next header (59) ends an IPv6 stack without a token. */
START_TEST(unknown_ip_protocols)
{
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4(&fb, "10.0.0.1", "10.0.0.2");
    fb_payload_fill(&fb, 0x55, 12);
    const rt_packet *pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv4:UNK(253)", 3, RT_STAT_IPV4 | RT_STAT_DECODE_STOPPED);
    ck_assert_uint_eq(pkt->l4_proto, 253);
    ck_assert_ptr_null(pkt->l4);
    ck_payload(pkt, 12, 12, fb.data + 34);

    fb_ipv4_opts o = { .src = "10.0.0.1", .dst = "10.0.0.2", .ttl = 1, .proto = 0 };
    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(&fb, &o);
    fb_payload_fill(&fb, 0, 8);
    ck_stack(decode_built(0), "eth:ipv4:UNK(0)", 3, RT_STAT_IPV4 | RT_STAT_DECODE_STOPPED);

    fb_init(&fb);
    fb_eth(&fb, NULL, NULL, FB_AUTO);
    fb_ipv6(&fb, "2001:db8::1", "2001:db8::2");
    fb_payload_fill(&fb, 0x77, 4);
    pkt = decode_built(0);
    ck_stack(pkt, "eth:ipv6", 2, RT_STAT_IPV6);
    ck_assert_uint_eq(pkt->l4_proto, 59);
    ck_payload(pkt, 4, 4, "wwww");
}
END_TEST

/* §3.2: the ssdp marker (TCP or UDP, one port 1900, the other above 1024) sets bit 25. It is
 * a marker, not a header: numHdrs does not count it. */
START_TEST(ssdp_marker)
{
    static const struct { int udp; uint16_t a, b; int marked; } cases[] = {
        { 1, 50000, 1900, 1 }, { 1, 1900, 1025, 1 }, { 0, 1900, 2000, 1 },
        { 1, 1900, 1024, 0 },  { 1, 1000, 1900, 0 }, { 1, 1901, 5000, 0 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fb_init(&fb);
        fb_eth(&fb, NULL, NULL, FB_AUTO);
        fb_ipv4(&fb, "192.168.1.2", "239.255.255.250");
        if (cases[i].udp)
            fb_udp(&fb, cases[i].a, cases[i].b);
        else
            fb_tcp(&fb, cases[i].a, cases[i].b, 0, 0, 0x02, 100);
        const char *base = cases[i].udp ? "eth:ipv4:udp" : "eth:ipv4:tcp";
        char expected[32];
        snprintf(expected, sizeof expected, "%s%s", base, cases[i].marked ? ":ssdp" : "");
        ck_stack(decode_built(0), expected, 3,
                 RT_STAT_IPV4 | (cases[i].marked ? RT_STAT_SSDP : 0));
    }
}
END_TEST

DECODE_TEST_MAIN("decode_ip", ipv4_options, ipv4_no_flow_cases, ip_version_mismatch,
                 ipv4_total_length_unusable, ipv4_total_length_below_header, ethernet_padding,
                 truncated_in_payload, truncated_in_transport_header,
                 declared_length_too_short_for_transport, tcp_data_offset, udp_length_ignored,
                 ipv6_payload_length_unusable, ipv6_extension_chain, ipv6_extension_limit,
                 ipv6_extension_lengths, ipsec_ah_and_esp, ipv4_fragments, ipv6_fragments,
                 icmp_igmp_icmpv6, sctp_and_udplite, unknown_ip_protocols, ssdp_marker)
