/* sample_part_ip.c — sample part: the IP layer: IPv4 fragments (a large ping, complete; a DNS
 * response whose first fragment was lost; a datagram whose last fragment never came; a datagram
 * whose middle fragment was lost), an IPv6 DNS response in two fragments, an IPv6 datagram behind
 * hop-by-hop, routing and destination-options headers, IPsec AH (IPv4 and IPv6) and ESP (IPv4 and
 * IPv6), and VRRP, an IP protocol rowtap does not decode. */
#include <string.h>

#include "gen_csum.h"
#include "gen_dns.h"
#include "sample_part.h"

#define FRAGMENT_DATA 1480 /* bytes of IP payload per fragment on a 1500-byte MTU */

/* The transport datagram (header and data) a conversation's side would send: built as a whole
 * frame so that its checksum covers everything, then cut out after the IP header. The IP
 * identification the frame took is returned in *id. */
static size_t datagram(sample_conv *conv, int side, int icmp, uint16_t sport, uint16_t dport,
                       uint32_t icmp_rest, const uint8_t *data, size_t len, uint8_t *out,
                       uint16_t *id)
{
    *id = conv->ip_id[side];
    frame_builder *fb = sample_conv_frame(conv, side);
    unsigned ip_layer = fb->n_layers - 1;
    if (icmp && conv->v6)
        fb_icmpv6(fb, icmp == 1 ? 128 : 129, 0, icmp_rest);
    else if (icmp)
        fb_icmp(fb, icmp == 1 ? 8 : 0, 0, icmp_rest);
    else
        fb_udp(fb, sport, dport);
    fb_payload(fb, data, len);
    fb_finish(fb);
    const fb_layer *ip = &fb->layers[ip_layer];
    size_t n = fb->content_end - ip->off - ip->len;
    memcpy(out, fb->data + ip->off + ip->len, n);
    return n;
}

/* Writes the fragments of a datagram whose bit is set in `send` (bit 0: the first fragment). */
static void fragments(sample_conv *conv, int side, uint8_t proto, uint16_t id, const uint8_t *bytes,
                      size_t len, unsigned send, int64_t delta_us)
{
    unsigned index = 0;
    for (size_t off = 0; off < len; off += FRAGMENT_DATA, index++) {
        size_t n = len - off < FRAGMENT_DATA ? len - off : FRAGMENT_DATA;
        int more = off + n < len;
        if (!(send >> index & 1))
            continue;
        frame_builder *fb = sample_ctx_frame(conv->ctx);
        conv->path->open(fb, conv->path, side);
        if (conv->v6) {
            fb_ipv6_opts o = { .src = conv->ip[side], .dst = conv->ip[!side],
                               .hop_limit = conv->ttl[side], .next = FB_AUTO };
            fb_ipv6_ex(fb, &o);
            fb_ipv6_frag(fb, 0x5e3a0000u | id, (uint16_t)off, more, proto);
        } else {
            fb_ipv4_opts o = { .src = conv->ip[side], .dst = conv->ip[!side], .ttl = conv->ttl[side],
                               .id = id, .more_fragments = more, .frag_offset = (uint16_t)off,
                               .proto = proto };
            fb_ipv4_ex(fb, &o);
        }
        fb_payload(fb, bytes + off, n);
        if (side == 1 && conv->path->pad)
            fb_pad_to(fb, 60);
        sample_ctx_write(conv->ctx, delta_us);
        delta_us = 12;
    }
}

/* A TXT query and its large answer, of which the fragments in `send` are captured. */
static void large_txt_lookup(sample_ctx *c, const char *client, const char *server, uint16_t port,
                             const char *name, const char *const *records, unsigned n_records,
                             unsigned send)
{
    static uint8_t msg[4000], bytes[4100];
    uint16_t dns_id = (uint16_t)(port * 40503u);
    gen_dns m;
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_laptop, client, server);
    gen_dns_start(&m, msg, sizeof msg, dns_id, GEN_DNS_QUERY);
    gen_dns_question(&m, name, GEN_DNS_TXT);
    gen_dns_edns(&m, 4096);
    sample_conv_udp(&conv, 0, port, 53, msg, gen_dns_end(&m), 300000);
    gen_dns_start(&m, msg, sizeof msg, dns_id, GEN_DNS_RESPONSE);
    gen_dns_question(&m, name, GEN_DNS_TXT);
    for (unsigned r = 0; r < n_records; r++)
        gen_dns_txt(&m, GEN_DNS_ANSWER, NULL, 3600, records[r]);
    gen_dns_edns(&m, 4096);
    uint16_t id;
    size_t len = gen_dns_end(&m);
    size_t n = datagram(&conv, 1, 0, 53, port, 0, msg, len, bytes, &id);
    fragments(&conv, 1, 17, id, bytes, n, send, 18000);
}

static void fragmented_ping(sample_ctx *c, const char *target, uint16_t ident, unsigned send_reply)
{
    static uint8_t body[2972], bytes[3100];
    for (size_t i = 0; i < sizeof body; i++)
        body[i] = (uint8_t)(0x10 + i % 48);
    sample_conv conv;
    sample_conv_init(&conv, c, &sample_part_laptop, LAPTOP_IP, target);
    uint16_t id;
    uint32_t rest = (uint32_t)ident << 16 | 1;
    size_t n = datagram(&conv, 0, 1, 0, 0, rest, body, sizeof body, bytes, &id);
    fragments(&conv, 0, 1, id, bytes, n, 7, 300000);
    n = datagram(&conv, 1, 2, 0, 0, rest, body, sizeof body, bytes, &id);
    fragments(&conv, 1, 1, id, bytes, n, send_reply, 26000);
}

static void ipv4_fragments(sample_ctx *c)
{
    /* Complete both ways. */
    fragmented_ping(c, "81.2.69.160", 0x2a01, 7);
    /* The reply's middle fragment is lost. */
    fragmented_ping(c, "2.125.160.216", 0x2a02, 5);

    /* A DNS answer too large for one packet; its first fragment is lost. */
    static char dkim[3][981];
    const char *records[3];
    for (int r = 0; r < 3; r++) {
        memcpy(dkim[r], "v=DKIM1; k=rsa; p=", 18);
        for (int i = 18; i < 980; i++)
            dkim[r][i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7 + r * 13) % 64];
        dkim[r][980] = 0;
        records[r] = dkim[r];
    }
    large_txt_lookup(c, LAPTOP_IP, "8.8.4.4", 40600, "keys.example.org", records, 3, 6);

    /* A datagram whose last fragment never arrives. */
    static uint8_t block[4000], bytes[4100];
    uint16_t id;
    sample_conv conv;
    for (size_t i = 0; i < sizeof block; i++)
        block[i] = (uint8_t)(i * 31 + 7);
    sample_conv_init(&conv, c, &sample_part_desktop, DESKTOP_IP, PRINTER_IP);
    size_t n = datagram(&conv, 0, 0, 40100, 40200, 0, block, sizeof block, bytes, &id);
    fragments(&conv, 0, 17, id, bytes, n, 3, 300000);
}

static void ipv6_fragments(sample_ctx *c)
{
    static const char spf[] = "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/24 ip6:2001:db8::/32 ";
    static char text[1000];
    size_t at = 0;
    while (at + sizeof spf < 900) {
        memcpy(text + at, spf, sizeof spf - 1);
        at += sizeof spf - 1;
    }
    memcpy(text + at, "-all", 5);
    const char *records[2] = { text, text };
    large_txt_lookup(c, LAPTOP_IP6, "2001:4860:4860::8888", 53000, "example.org", records, 2, 3);
}

/* Hop-by-hop options, a routing header (type 0, no segment left) and destination options in
 * front of UDP. */
static void ipv6_extension_headers(sample_ctx *c)
{
    static const sample_path lab = { .open = sample_path_ethernet,
                                     .mac = { "52:54:00:12:34:01", "52:54:00:12:34:02" } };
    static const char text[] = "probe with extension headers";
    for (int i = 0; i < 2; i++) {
        frame_builder *fb = sample_ctx_frame(c);
        lab.open(fb, &lab, 0);
        fb_ipv6(fb, "fd12:3456:789a:1::10", "fd12:3456:789a:2::20");
        fb_ipv6_ext(fb, 0, 8, FB_AUTO);
        fb_ipv6_ext(fb, 43, 24, FB_AUTO);
        fb_ipv6_ext(fb, 60, 8, FB_AUTO);
        fb_udp(fb, 33000, 33001);
        fb_payload(fb, text, sizeof text - 1);
        sample_ctx_write(c, i ? 1000000 : 300000);
    }
}

static void ipsec(sample_ctx *c)
{
    static const sample_path lab = { .open = sample_path_ethernet,
                                     .mac = { "52:54:00:12:34:01", "52:54:00:12:34:02" } };
    static const sample_path vpn = { .open = sample_path_ethernet,
                                     .mac = { "52:54:00:ab:00:01", "52:54:00:ab:00:02" } };
    uint8_t body[120];
    /* AH in transport mode over IPv4 (a ping) and IPv6 (a UDP datagram). */
    for (int side = 0; side < 2; side++) {
        frame_builder *fb = sample_ctx_frame(c);
        lab.open(fb, &lab, side);
        fb_ipv4_opts o = { .src = side ? "10.20.30.2" : "10.20.30.1",
                           .dst = side ? "10.20.30.1" : "10.20.30.2", .ttl = 64,
                           .id = (uint16_t)(0x3301 + side), .proto = FB_AUTO };
        fb_ipv4_ex(fb, &o);
        int ah = fb_ah(fb, side ? 0x0000d002u : 0x0000d001u, 1, 12, FB_AUTO);
        fb_poke(fb, ah, 12, 32, 0x8c2e11f0u ^ (uint32_t)side);
        fb_poke(fb, ah, 16, 32, 0x5a7b9c3du);
        fb_poke(fb, ah, 20, 32, 0x0e1f2a3bu);
        fb_icmp(fb, side ? 0 : 8, 0, 0x4401u << 16 | 1);
        memset(body, 0x61, 32);
        fb_payload(fb, body, 32);
        sample_ctx_write(c, side ? 700 : 300000);
    }
    {
        frame_builder *fb = sample_ctx_frame(c);
        lab.open(fb, &lab, 0);
        fb_ipv6(fb, "fd12:3456:789a:1::10", "fd12:3456:789a:2::20");
        int ah = fb_ah(fb, 0x0000d101u, 7, 12, FB_AUTO);
        fb_poke(fb, ah, 12, 32, 0x13579bdfu);
        fb_udp(fb, 33002, 514);
        static const char line[] = "<14>Jun  3 09:31:40 labhost app: authenticated datagram";
        fb_payload(fb, line, sizeof line - 1);
        sample_ctx_write(c, 200000);
    }
    /* ESP between two VPN gateways, both ways, IPv4 and IPv6. */
    static const char *const v4[2] = { "198.51.100.10", "203.0.113.20" };
    static const char *const v6[2] = { "2001:db8:10::1", "2001:db8:20::1" };
    for (int family = 0; family < 2; family++) {
        for (uint32_t seq = 1; seq <= 2; seq++) {
            for (int side = 0; side < 2; side++) {
                frame_builder *fb = sample_ctx_frame(c);
                vpn.open(fb, &vpn, side);
                if (family)
                    fb_ipv6(fb, v6[side], v6[!side]);
                else
                    fb_ipv4(fb, v4[side], v4[!side]);
                fb_esp(fb, (side ? 0xc0ffee02u : 0x0badf00du) + 0x100u * (uint32_t)family, seq);
                for (size_t i = 0; i < sizeof body; i++)
                    body[i] = (uint8_t)(i * 73 + seq * 17 + (uint32_t)side * 101 + (uint32_t)family);
                fb_payload(fb, body, sizeof body - 8 * seq);
                sample_ctx_write(c, side ? 4200 : 200000);
            }
        }
    }
}

/* VRRPv2 advertisements of the LAN's backup router: IP protocol 112. */
static void vrrp(sample_ctx *c)
{
    static const sample_path path = { .open = sample_path_ethernet,
                                      .mac = { "00:00:5e:00:01:33", "01:00:5e:00:00:12" } };
    uint8_t msg[20] = { 0x21, 51, 100, 1, 0, 1, 0, 0, 192, 168, 1, 254 };
    uint16_t sum = gen_csum_fold(gen_csum_add(0, msg, sizeof msg));
    gen_csum_put16(msg + 6, sum);
    for (int i = 0; i < 2; i++) {
        frame_builder *fb = sample_ctx_frame(c);
        path.open(fb, &path, 0);
        fb_ipv4_opts o = { .src = "192.168.1.2", .dst = "224.0.0.18", .ttl = 255,
                           .tos = 0xc0, .proto = 112 };
        fb_ipv4_ex(fb, &o);
        fb_payload(fb, msg, sizeof msg);
        fb_pad_to(fb, 60);
        sample_ctx_write(c, i ? 1000000 : 300000);
    }
}

void sample_part_ip(sample_ctx *c)
{
    ipv4_fragments(c);
    ipv6_fragments(c);
    ipv6_extension_headers(c);
    ipsec(c);
    vrrp(c);
}
