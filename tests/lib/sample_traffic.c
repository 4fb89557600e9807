/* sample_traffic.c — the sample frames and the mixed exchange of sample_traffic.h. */
#include <stdio.h>
#include <stdlib.h>

#include "sample_traffic.h"

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

static const char *const mac_a = "02:00:00:00:00:01", *const mac_b = "02:00:00:00:00:02";

static uint32_t sample_finish(frame_builder *fb, const char *what, unsigned i)
{
    uint32_t len = fb_finish(fb);
    if (!len) {
        fprintf(stderr, "sample_traffic: %s %u cannot be built\n", what, i);
        exit(99);
    }
    return len;
}

/* ---- sample frames ---- */

static void frame_qinq_tcp(frame_builder *fb)
{
    static const uint8_t options[] = { 2, 4, 5, 0xb4, 1, 3, 3, 7 };
    fb_tcp_opts o = { .src_port = 40000, .dst_port = 80, .seq = 1, .flags = TCP_SYN, .window = 1024,
                      .options = options, .options_len = sizeof options };
    fb_eth(fb, mac_b, mac_a, FB_AUTO);
    fb_vlan(fb, 0x88a8, 10, 0, FB_AUTO);
    fb_vlan(fb, 0x8100, 20, 3, FB_AUTO);
    fb_ipv4(fb, "10.1.0.1", "10.1.0.2");
    fb_tcp_ex(fb, &o);
    fb_payload_str(fb, "hello");
}

static void frame_ipv6_extensions(frame_builder *fb)
{
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv6(fb, "2001:db8::10", "2001:db8::20");
    fb_ipv6_ext(fb, 0, 8, FB_AUTO);
    fb_ipv6_ext(fb, 43, 24, FB_AUTO);
    fb_ipv6_frag(fb, 9, 0, 1, FB_AUTO);
    fb_ah(fb, 0x100, 1, 12, FB_AUTO);
    fb_ipv6_ext(fb, 60, 8, FB_AUTO);
    fb_sctp(fb, 5000, 5001, 0xabcdef);
    fb_payload_fill(fb, 0x11, 20);
}

static void frame_mpls_pppoe(frame_builder *fb)
{
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_mpls(fb, 100, 0, 64, 0, 0);
    fb_mpls(fb, 200, 0, 64, FB_AUTO, 0);
    fb_pw_control_word(fb);
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_pppoe_session(fb, 7);
    fb_ppp(fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv4(fb, "10.2.0.1", "239.255.255.250");
    fb_udp(fb, 40000, 1900);
    fb_payload_str(fb, "M-SEARCH * HTTP/1.1\r\n");
}

static void frame_llc_snap_arp(frame_builder *fb)
{
    fb_eth_8023(fb, NULL, NULL);
    fb_llc(fb, 0xaa, 0xaa, 0x03);
    fb_snap(fb, 0, FB_AUTO);
    fb_arp(fb, 0x0806, 1, mac_a, "10.3.0.1", NULL, "10.3.0.2");
}

static void frame_pptp_gre(frame_builder *fb)
{
    fb_gre_opts o = { .version = 1, .protocol = FB_AUTO, .has_sequence = 1, .has_ack = 1, .call_id = 5 };
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv4(fb, "10.4.0.1", "10.4.0.2");
    fb_gre_ex(fb, &o);
    fb_ppp(fb, FB_PPP_HDLC, FB_AUTO);
    fb_ipv6(fb, "fe80::1", "ff02::1");
    fb_icmpv6(fb, 128, 0, 0x00010001);
}

static void frame_vxlan_ip_in_ip(frame_builder *fb)
{
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv4(fb, "10.5.0.1", "10.5.0.2");
    fb_udp(fb, 50000, 4789);
    fb_vxlan(fb, 42);
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv6(fb, "2001:db8::5", "2001:db8::6");
    fb_ipv4(fb, "10.5.1.1", "224.0.0.1");
    fb_igmp(fb, 0x16, 0, "239.1.1.1");
}

static void frame_gtp_geneve(frame_builder *fb)
{
    fb_sll2(fb, 0, 1, 3, mac_a, FB_AUTO);
    fb_ipv4(fb, "10.6.0.1", "10.6.0.2");
    fb_udp(fb, 2152, 2152);
    fb_gtpu(fb, 0xff, 77, 1);
    fb_ipv4(fb, "10.6.1.1", "10.6.1.2");
    fb_udp(fb, 40000, 6081);
    fb_geneve(fb, 9, 1, FB_AUTO);
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv4(fb, "10.6.2.1", "10.6.2.2");
    fb_udplite(fb, 1, 2, 8);
    fb_payload_str(fb, "lite");
}

static void frame_teredo_esp(frame_builder *fb)
{
    fb_sll(fb, 0, 1, mac_a, FB_AUTO);
    fb_ipv4(fb, "10.7.0.1", "10.7.0.2");
    fb_udp(fb, 3544, 40000);
    fb_teredo_auth(fb, 1, 2);
    fb_teredo_origin(fb, 4000, "192.0.2.7");
    fb_ipv6(fb, "2001::7", "2001::8");
    fb_esp(fb, 0x200, 3);
    fb_payload_fill(fb, 0x22, 16);
}

static void frame_null_later_fragment(frame_builder *fb)
{
    fb_null(fb, FB_AUTO, 1);
    fb_ipv6(fb, "::1", "::2");
    fb_ipv6_frag(fb, 3, 1280, 0, 17);
    fb_payload_fill(fb, 0x33, 24);
}

static void frame_ppp_ipip(frame_builder *fb)
{
    fb_ppp(fb, 0, FB_AUTO);
    fb_ipv4(fb, "10.8.0.1", "10.8.0.2");
    fb_ipv4(fb, "10.8.1.1", "10.8.1.2");
    fb_icmp(fb, 8, 0, 0x00070001);
    fb_payload_str(fb, "ping");
}

static void frame_raw_tcp(frame_builder *fb)
{
    fb_raw(fb, 101);
    fb_ipv4(fb, "10.9.0.1", "10.9.0.2");
    fb_tcp(fb, 443, 40000, 7, 8, TCP_SYN | TCP_ACK, 65535);
}

static void frame_raw6_udp(frame_builder *fb)
{
    fb_raw(fb, 229);
    fb_ipv6(fb, "2001:db8::9", "2001:db8::a");
    fb_udp(fb, 123, 123);
    fb_payload_fill(fb, 0x44, 48);
}

static void frame_ipv4_options_dns(frame_builder *fb)
{
    static const uint8_t options[] = { 0x94, 4, 0, 0 }; /* router alert */
    fb_ipv4_opts o = { .src = "10.10.0.1", .dst = "10.10.0.2", .ttl = 1, .id = 0x1234, .proto = FB_AUTO,
                       .options = options, .options_len = sizeof options };
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv4_ex(fb, &o);
    fb_udp(fb, 40000, 53);
    fb_payload_str(fb, "\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x01" "a\0\0\x01\0\x01");
}

static void frame_pppoe_discovery(frame_builder *fb)
{
    fb_eth(fb, "ff:ff:ff:ff:ff:ff", mac_a, FB_AUTO);
    fb_pppoe_discovery(fb, 0x09, 0);
    fb_payload_str(fb, "\x01\x01\x00\x00");
}

static void frame_gre_key_ethernet(frame_builder *fb)
{
    fb_gre_opts o = { .version = 0, .protocol = FB_AUTO, .has_checksum = 1, .has_key = 1, .has_sequence = 1,
                      .key = 11, .sequence = 12 };
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_ipv4(fb, "10.11.0.1", "10.11.0.2");
    fb_gre_ex(fb, &o);
    fb_eth(fb, NULL, NULL, FB_AUTO);
    fb_vlan(fb, 0, 30, 0, FB_AUTO);
    fb_arp(fb, 0x8035, 3, mac_b, "0.0.0.0", mac_b, "0.0.0.0");
}

static void (*const sample_builders[])(frame_builder *) = {
    frame_qinq_tcp, frame_ipv6_extensions, frame_mpls_pppoe, frame_llc_snap_arp, frame_pptp_gre,
    frame_vxlan_ip_in_ip, frame_gtp_geneve, frame_teredo_esp, frame_null_later_fragment, frame_ppp_ipip,
    frame_raw_tcp, frame_raw6_udp, frame_ipv4_options_dns, frame_pppoe_discovery, frame_gre_key_ethernet,
};

unsigned sample_frame_count(void)
{
    return sizeof sample_builders / sizeof sample_builders[0];
}

uint32_t sample_frame(frame_builder *fb, unsigned i)
{
    fb_init(fb);
    sample_builders[i](fb);
    return sample_finish(fb, "sample frame", i);
}

/* ---- the mixed exchange ---- */

/* A TCP packet of the exchange: direction (1 = from the server), flags, sequence numbers, payload. */
typedef struct sample_tcp {
    int from_server;
    uint8_t flags;
    uint32_t seq, ack;
    const char *payload;
} sample_tcp;

static const sample_tcp exchange_tcp[] = {
    { 0, TCP_SYN, 1000, 0, "" },
    { 1, TCP_SYN | TCP_ACK, 5000, 1001, "" },
    { 0, TCP_ACK, 1001, 5001, "" },
    { 0, TCP_PSH | TCP_ACK, 1001, 5001, "GET / HTTP/1.1\r\nHost: a\r\n\r\n" },
    { 1, TCP_PSH | TCP_ACK, 5001, 1028, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi" },
    { 0, TCP_FIN | TCP_ACK, 1028, 5041, "" },
    { 1, TCP_FIN | TCP_ACK, 5041, 1029, "" },
    { 0, TCP_ACK, 1029, 5042, "" },
};

#define EXCHANGE_TCP (sizeof exchange_tcp / sizeof exchange_tcp[0])

/* The two directions of the non-TCP conversations: packet i and i + 1 answer each other. */
static void exchange_other(frame_builder *fb, unsigned i)
{
    int reply = i % 2 && i != 13; /* the two fragments go the same way */
    const char *src_mac = reply ? mac_b : mac_a, *dst_mac = i == 16 ? "ff:ff:ff:ff:ff:ff" : reply ? mac_a : mac_b;
    fb_eth(fb, dst_mac, src_mac, FB_AUTO);
    switch (i) {
    case 8: case 9:
        fb_ipv4(fb, reply ? "10.0.0.3" : "10.0.0.1", reply ? "10.0.0.1" : "10.0.0.3");
        fb_udp(fb, reply ? 53 : 5353, reply ? 5353 : 53);
        fb_payload_str(fb, reply ? "answer" : "query");
        break;
    case 10: case 11:
        fb_ipv4(fb, reply ? "10.0.0.4" : "10.0.0.1", reply ? "10.0.0.1" : "10.0.0.4");
        fb_icmp(fb, reply ? 0 : 8, 0, 0x00420001);
        fb_payload_str(fb, "abcdefgh");
        break;
    case 12: {
        fb_ipv4_opts o = { .src = "10.0.0.5", .dst = "10.0.0.6", .ttl = 64, .id = 77, .more_fragments = 1,
                           .proto = FB_AUTO };
        fb_ipv4_ex(fb, &o);
        int udp = fb_udp(fb, 41000, 2000);
        fb_payload_fill(fb, 0x55, 64);
        fb_lie(fb, udp, FB_LENGTH, 8 + 64 + 40);
        break;
    }
    case 13: {
        fb_ipv4_opts o = { .src = "10.0.0.5", .dst = "10.0.0.6", .ttl = 64, .id = 77, .frag_offset = 72,
                           .proto = 17 };
        fb_ipv4_ex(fb, &o);
        fb_payload_fill(fb, 0x56, 40);
        break;
    }
    case 14: case 15:
        fb_ipv6(fb, reply ? "2001:db8::2" : "2001:db8::1", reply ? "2001:db8::1" : "2001:db8::2");
        if (!reply)
            fb_ipv6_ext(fb, 0, 8, FB_AUTO);
        fb_tcp(fb, reply ? 443 : 40001, reply ? 40001 : 443, reply ? 9000 : 3000, reply ? 3001 : 0,
               reply ? TCP_SYN | TCP_ACK : TCP_SYN, 65535);
        break;
    case 16: case 17:
        fb_arp(fb, 0x0806, reply ? 2 : 1, reply ? mac_b : mac_a, reply ? "10.0.0.2" : "10.0.0.1",
               reply ? mac_a : "00:00:00:00:00:00", reply ? "10.0.0.1" : "10.0.0.2");
        break;
    default:
        fb_vlan(fb, 0, 100, 0, FB_AUTO);
        fb_ipv4(fb, reply ? "192.168.1.2" : "192.168.1.1", reply ? "192.168.1.1" : "192.168.1.2");
        fb_udp(fb, reply ? 7000 : 6000, reply ? 6000 : 7000);
        fb_payload_str(fb, "vlan");
        break;
    }
}

uint32_t sample_exchange_packet(frame_builder *fb, unsigned i)
{
    fb_init(fb);
    if (i < EXCHANGE_TCP) {
        const sample_tcp *p = &exchange_tcp[i];
        fb_eth(fb, p->from_server ? mac_a : mac_b, p->from_server ? mac_b : mac_a, FB_AUTO);
        fb_ipv4(fb, p->from_server ? "10.0.0.2" : "10.0.0.1", p->from_server ? "10.0.0.1" : "10.0.0.2");
        fb_tcp(fb, p->from_server ? 80 : 40000, p->from_server ? 40000 : 80, p->seq, p->ack, p->flags,
               p->from_server ? 28960 : 64240);
        fb_payload_str(fb, p->payload);
    } else {
        exchange_other(fb, i);
    }
    fb_pad_to(fb, 60);
    return sample_finish(fb, "exchange packet", i);
}

void sample_exchange_write(pcap_writer *w, uint32_t iface, unsigned first, unsigned last, int64_t shift_ns)
{
    static frame_builder fb;
    for (unsigned i = first; i <= last && i < SAMPLE_EXCHANGE_PACKETS; i++) {
        uint32_t len = sample_exchange_packet(&fb, i);
        pcap_writer_packet(w, iface, SAMPLE_EXCHANGE_START_NS + (int64_t)i * SAMPLE_EXCHANGE_STEP_NS + shift_ns,
                           fb.data, len, len);
    }
}
