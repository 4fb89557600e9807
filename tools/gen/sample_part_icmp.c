/* sample_part_icmp.c — sample part: ICMP and ICMPv6 and IGMP: pings over IPv4 and IPv6 (also to a
 * NAT64 address), a ping with the record-route IPv4 option, a traceroute probe answered by port
 * unreachable, an echo reply without its request, IPv6 neighbour discovery (router advertisement,
 * duplicate address detection from ::, solicitation and advertisement), an MLDv2 report behind a
 * hop-by-hop router-alert option, and IGMP with the router-alert IPv4 option. */
#include <string.h>

#include "sample_part.h"

#define ALL_NODES_MAC "33:33:00:00:00:01"

static void pings(sample_ctx *c)
{
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, "8.8.8.8");
    for (uint16_t seq = 1; seq <= 3; seq++)
        sample_conv_ping(&conv, 0x1c2b, seq, seq == 1 ? 1000 : 1000000, 17800);
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP6, "2001:4860:4860::8888");
    for (uint16_t seq = 1; seq <= 2; seq++)
        sample_conv_ping(&conv, 0x1c31, seq, seq == 1 ? 200000 : 1000000, 18100);
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP6, "64:ff9b::5db8:d822");
    sample_conv_ping(&conv, 0x1c35, 1, 200000, 31000);
}

/* ping -R: the record-route option with nine empty slots; the reply comes back filled in. */
static void record_route(sample_ctx *c)
{
    uint8_t rr[40] = { 7, 39, 4 };
    uint8_t body[56];
    for (int i = 0; i < 56; i++)
        body[i] = (uint8_t)(0x10 + i);
    for (int side = 0; side < 2; side++) {
        frame_builder *fb = sample_ctx_frame(c);
        sample_part_laptop.open(fb, &sample_part_laptop, side);
        if (side) { /* the routers on the way wrote their addresses */
            static const uint8_t hops[4][4] = {
                { 192, 168, 1, 1 }, { 100, 64, 0, 1 }, { 81, 2, 69, 1 }, { 81, 2, 69, 160 }
            };
            for (int h = 0; h < 4; h++)
                memcpy(rr + 3 + 4 * h, hops[h], 4);
            rr[2] = 4 + 16;
        }
        fb_ipv4_opts o = { .src = side ? "81.2.69.160" : LAPTOP_IP, .dst = side ? LAPTOP_IP : "81.2.69.160",
                           .ttl = (uint8_t)(side ? 60 : 64), .id = (uint16_t)(0x4d10 + side),
                           .proto = FB_AUTO, .options = rr, .options_len = 40 };
        fb_ipv4_ex(fb, &o);
        fb_icmp(fb, side ? 0 : 8, 0, 0x1c40u << 16 | 1);
        fb_payload(fb, body, sizeof body);
        if (side)
            fb_pad_to(fb, 60);
        sample_ctx_write(c, side ? 24500 : 400000);
    }
}

/* A traceroute probe to a closed port and the ICMP port unreachable quoting it. */
static void unreachable(sample_ctx *c)
{
    uint8_t probe[32];
    memset(probe, 0x40, sizeof probe);
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, LAN_ROUTER_IP);
    conv.ttl[0] = 1;
    sample_conv_udp(&conv, 0, 50500, 33434, probe, sizeof probe, 300000);
    /* The quoted datagram: the probe's IPv4 header and the first 8 bytes of its UDP datagram,
     * as the builder left them in the probe's frame (the router decremented the TTL to 0). */
    uint8_t quote[28];
    memcpy(quote, c->fb->data + c->fb->layers[1].off, sizeof quote);
    quote[8] = 0;
    uint32_t sum = (uint32_t)quote[10] << 8 | quote[11];
    sum += 0x0100; /* RFC 1624: the checksum follows the TTL decrement */
    sum = (sum & 0xffff) + (sum >> 16);
    quote[10] = (uint8_t)(sum >> 8);
    quote[11] = (uint8_t)sum;
    sample_conv_icmp(&conv, 1, 3, 3, 0, quote, sizeof quote, 900);
}

static void lone_echo_reply(sample_ctx *c)
{
    uint8_t body[32];
    memcpy(body, "abcdefghijklmnopqrstuvwabcdefghi", 32);
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, "203.0.113.9");
    sample_conv_icmp(&conv, 1, 0, 0, 0x0001u << 16 | 0x0057, body, sizeof body, 300000);
}

/* ICMPv6 option: source or target link-layer address. */
static size_t lladdr_option(uint8_t *out, uint8_t type, const uint8_t mac[6])
{
    out[0] = type;
    out[1] = 1;
    memcpy(out + 2, mac, 6);
    return 8;
}

static void neighbour_discovery(sample_ctx *c)
{
    static const sample_path ra_path = { .open = sample_path_ethernet,
                                         .mac = { LAN_ROUTER_MAC, ALL_NODES_MAC } };
    static const sample_path dad_path = { .open = sample_path_ethernet,
                                          .mac = { LAPTOP_MAC, "33:33:ff:6f:1e:a4" } };
    static const sample_path ns_path = { .open = sample_path_ethernet,
                                         .mac = { LAPTOP_MAC, "33:33:ff:12:6e:01" } };
    static const uint8_t router_mac[6] = { 0xc8, 0x3a, 0x35, 0x12, 0x6e, 0x01 };
    static const uint8_t laptop_mac[6] = { 0x3c, 0x52, 0x82, 0x6f, 0x1e, 0xa4 };
    uint8_t body[64];
    sample_conv conv;

    /* Router advertisement: hop limit 64, router lifetime 1800 s, source link-layer address and
     * the prefix 2001:db8:1::/64. */
    sample_conv_init(&conv, c, &ra_path, LAN_ROUTER_LL, "ff02::1");
    conv.ttl[0] = 255;
    memset(body, 0, sizeof body);
    size_t n = 8; /* reachable time and retransmission timer: unspecified */
    n += lladdr_option(body + n, 1, router_mac);
    static const uint8_t prefix[32] = { 3, 4, 64, 0xc0, 0, 0x27, 0x8d, 0, 0, 0x09, 0x3a, 0x80, 0,
                                        0, 0, 0, 0x20, 0x01, 0x0d, 0xb8, 0, 1 };
    memcpy(body + n, prefix, sizeof prefix);
    n += sizeof prefix;
    sample_conv_icmp(&conv, 0, 134, 0, 64u << 24 | 1800, body, n, 300000);

    /* Duplicate address detection: a solicitation from the unspecified address. */
    static const uint8_t target[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x3e, 0x52, 0x82, 0xff,
                                        0xfe, 0x6f, 0x1e, 0xa4 };
    sample_conv_init(&conv, c, &dad_path, "::", "ff02::1:ff6f:1ea4");
    conv.ttl[0] = 255;
    sample_conv_icmp(&conv, 0, 135, 0, 0, target, sizeof target, 2000);

    /* The laptop resolves the router's link-layer address. */
    static const uint8_t router_ll[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0xca, 0x3a, 0x35, 0xff,
                                           0xfe, 0x12, 0x6e, 0x01 };
    memcpy(body, router_ll, 16);
    n = 16 + lladdr_option(body + 16, 1, laptop_mac);
    sample_conv_init(&conv, c, &ns_path, LAPTOP_LL, "ff02::1:ff12:6e01");
    conv.ttl[0] = 255;
    sample_conv_icmp(&conv, 0, 135, 0, 0, body, n, 1000000);
    n = 16 + lladdr_option(body + 16, 2, router_mac);
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_LL, LAN_ROUTER_LL);
    conv.ttl[1] = 255;
    sample_conv_icmp(&conv, 1, 136, 0, 0xe0000000u, body, n, 700);
}

/* MLDv2 report (ICMPv6 143) behind a hop-by-hop header holding the router-alert option. */
static void mld_report(sample_ctx *c)
{
    static const sample_path mld_path = { .open = sample_path_ethernet,
                                          .mac = { LAPTOP_MAC, "33:33:00:00:00:16" } };
    static const uint8_t record[20] = { 4, 0, 0, 0, 0xff, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0xfb };
    frame_builder *fb = sample_ctx_frame(c);
    mld_path.open(fb, &mld_path, 0);
    fb_ipv6_opts o = { .src = LAPTOP_LL, .dst = "ff02::16", .hop_limit = 1, .next = FB_AUTO };
    fb_ipv6_ex(fb, &o);
    int hbh = fb_ipv6_ext(fb, 0, 8, FB_AUTO);
    fb_poke(fb, hbh, 2, 32, 0x05020000u); /* router alert: MLD */
    fb_poke(fb, hbh, 6, 16, 0x0100);      /* PadN of 2 bytes */
    fb_icmpv6(fb, 143, 0, 1);             /* one multicast address record */
    fb_payload(fb, record, sizeof record);
    sample_ctx_write(c, 500000);
}

static void igmp(sample_ctx *c)
{
    static const uint8_t router_alert[4] = { 0x94, 0x04, 0, 0 };
    static const sample_path query_path = { .open = sample_path_ethernet,
                                            .mac = { LAN_ROUTER_MAC, "01:00:5e:00:00:01" } };
    static const sample_path report_path = { .open = sample_path_ethernet,
                                             .mac = { PRINTER_MAC, "01:00:5e:7f:ff:fa" } };
    struct { const sample_path *path; const char *src, *dst, *group; uint8_t type, max; } m[2] = {
        { &query_path, LAN_ROUTER_IP, "224.0.0.1", "0.0.0.0", 0x11, 100 },
        { &report_path, PRINTER_IP, "239.255.255.250", "239.255.255.250", 0x16, 0 },
    };
    for (int i = 0; i < 2; i++) {
        frame_builder *fb = sample_ctx_frame(c);
        m[i].path->open(fb, m[i].path, 0);
        fb_ipv4_opts o = { .src = m[i].src, .dst = m[i].dst, .ttl = 1, .tos = 0xc0,
                           .proto = FB_AUTO, .options = router_alert, .options_len = 4 };
        fb_ipv4_ex(fb, &o);
        fb_igmp(fb, m[i].type, m[i].max, m[i].group);
        fb_pad_to(fb, 60);
        sample_ctx_write(c, i ? 3100000 : 400000);
    }
}

void sample_part_icmp(sample_ctx *c)
{
    pings(c);
    record_route(c);
    unreachable(c);
    lone_echo_reply(c);
    neighbour_discovery(c);
    mld_report(c);
    igmp(c);
}
