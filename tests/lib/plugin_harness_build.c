/* plugin_harness_build.c — further packet builders for plugin tests (see plugin_harness_build.h).
 * The layout of a built frame: Ethernet (14 bytes), the IP header with its options or extension
 * headers (l3_hdr_len), the transport header, the captured payload. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "plugin_harness_build.h"

enum { ETH_LEN = 14, PROTO_ICMP = 1, PROTO_TCP = 6, PROTO_UDP = 17, PROTO_ICMPV6 = 58, PROTO_UDPLITE = 136 };

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, (uint16_t)(v >> 16));
    put16(p + 2, (uint16_t)v);
}

/* Writable pointers into the frame. */
static uint8_t *ip_header(harness_packet *p)
{
    ck_assert_msg(p->pkt.ip_version, "plugin_harness_build: not an IP packet");
    return p->frame + ETH_LEN;
}

static uint8_t *transport(harness_packet *p)
{
    return ip_header(p) + p->pkt.l3_hdr_len;
}

/* Length of the transport header the packet has (0 without one). */
static unsigned transport_header_len(harness_packet *p)
{
    if (!p->pkt.l4)
        return 0;
    if (p->pkt.l4_proto == PROTO_TCP)
        return (unsigned)(transport(p)[12] >> 4) * 4;
    return p->pkt.l4_caplen - p->pkt.l7_caplen;
}

/* Recomputes every length and pointer from the layout: l3_hdr_len, a transport header of
 * `l4_len` bytes, `payload` bytes of payload of which `captured` are in the frame. */
static void layout(harness_packet *p, unsigned l4_len, unsigned payload, unsigned captured)
{
    rt_packet *k = &p->pkt;
    uint8_t *ip = ip_header(p);
    unsigned head = ETH_LEN + k->l3_hdr_len + l4_len;
    ck_assert_msg(head + captured <= sizeof p->frame, "plugin_harness_build: %u bytes do not fit the frame",
                  head + captured);
    k->ip_len = k->l3_hdr_len + l4_len + payload;
    if (k->ip_version == 4)
        put16(ip + 2, (uint16_t)k->ip_len);
    else
        put16(ip + 4, (uint16_t)(k->ip_len - 40));
    k->caplen = head + captured;
    k->wirelen = head + payload;
    k->l7_len = payload;
    k->l7_caplen = captured;
    k->l7 = captured ? p->frame + head : NULL;
    if (l4_len) {
        k->l4 = transport(p);
        k->l4_caplen = l4_len + captured;
        if (k->l4_proto == PROTO_UDP || k->l4_proto == PROTO_UDPLITE)
            put16(transport(p) + 4, (uint16_t)(l4_len + payload));
    }
}

/* Inserts `len` bytes at frame offset `at`, moving the captured rest of the frame behind them. */
static void open_gap(harness_packet *p, unsigned at, unsigned len)
{
    ck_assert_msg(p->pkt.caplen + len <= sizeof p->frame, "plugin_harness_build: the frame is full");
    memmove(p->frame + at + len, p->frame + at, p->pkt.caplen - at);
    memset(p->frame + at, 0, len);
}

void plugin_harness_build_tcp(harness_packet *p, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t window)
{
    ck_assert_msg(p->pkt.l4 && p->pkt.l4_proto == PROTO_TCP, "plugin_harness_build: no TCP header");
    uint8_t *tcp = transport(p);
    put32(tcp + 4, seq);
    put32(tcp + 8, ack);
    tcp[13] = flags;
    put16(tcp + 14, window);
}

void plugin_harness_build_tcp_options(harness_packet *p, const uint8_t *options, unsigned len)
{
    ck_assert_msg(p->pkt.l4 && p->pkt.l4_proto == PROTO_TCP, "plugin_harness_build: no TCP header");
    ck_assert_msg(len % 4 == 0 && len <= 40, "plugin_harness_build: TCP options of %u bytes", len);
    unsigned old = transport_header_len(p) - 20, payload = p->pkt.l7_len, captured = p->pkt.l7_caplen;
    unsigned at = (unsigned)(transport(p) - p->frame) + 20;
    memmove(p->frame + at, p->frame + at + old, p->pkt.caplen - at - old);
    p->pkt.caplen -= old;
    open_gap(p, at, len);
    memcpy(p->frame + at, options, len);
    transport(p)[12] = (uint8_t)((5 + len / 4) << 4);
    layout(p, 20 + len, payload, captured);
}

void plugin_harness_build_tcp_data_offset(harness_packet *p, uint8_t words)
{
    ck_assert_msg(p->pkt.l4 && p->pkt.l4_proto == PROTO_TCP, "plugin_harness_build: no TCP header");
    transport(p)[12] = (uint8_t)(words << 4);
}

void plugin_harness_build_payload(harness_packet *p, unsigned len, unsigned captured)
{
    ck_assert_msg(captured <= len, "plugin_harness_build: %u of %u payload bytes captured", captured, len);
    unsigned l4_len = transport_header_len(p);
    uint8_t *payload = transport(p) + l4_len;
    ck_assert_msg(payload + captured <= p->frame + sizeof p->frame, "plugin_harness_build: payload too long");
    for (unsigned i = 0; i < captured; i++)
        payload[i] = (uint8_t)(0x41 + i % 26);
    layout(p, l4_len, len, captured);
}

void plugin_harness_build_ip(harness_packet *p, uint8_t ttl, uint8_t tos)
{
    uint8_t *ip = ip_header(p);
    if (p->pkt.ip_version == 4) {
        ip[8] = ttl;
        ip[1] = tos;
    } else {
        ip[7] = ttl;
        ip[0] = (uint8_t)(0x60 | tos >> 4);
        ip[1] = (uint8_t)((tos & 0x0f) << 4 | (ip[1] & 0x0f));
    }
}

void plugin_harness_build_ipv4_id(harness_packet *p, uint16_t id, uint16_t flags_offset)
{
    ck_assert_msg(p->pkt.ip_version == 4, "plugin_harness_build: not IPv4");
    put16(ip_header(p) + 4, id);
    put16(ip_header(p) + 6, flags_offset);
}

void plugin_harness_build_ipv4_options(harness_packet *p, const uint8_t *options, unsigned len)
{
    ck_assert_msg(p->pkt.ip_version == 4, "plugin_harness_build: not IPv4");
    ck_assert_msg(len % 4 == 0 && p->pkt.l3_hdr_len + len <= 60, "plugin_harness_build: IPv4 options of %u bytes",
                  len);
    unsigned l4_len = transport_header_len(p), payload = p->pkt.l7_len, captured = p->pkt.l7_caplen;
    unsigned at = ETH_LEN + p->pkt.l3_hdr_len;
    open_gap(p, at, len);
    memcpy(p->frame + at, options, len);
    p->pkt.l3_hdr_len = (uint16_t)(p->pkt.l3_hdr_len + len);
    ip_header(p)[0] = (uint8_t)(0x40 | p->pkt.l3_hdr_len / 4);
    layout(p, l4_len, payload, captured);
}

/* Length of the IPv6 extension header at x of the given type. */
static unsigned ext_len(uint8_t type, const uint8_t *x)
{
    return type == 44 ? 8 : ((unsigned)x[1] + 1) * 8;
}

static const char *ext_token(uint8_t type)
{
    switch (type) {
    case 0: return "ipv6.hopopts";
    case 43: return "ipv6.routing";
    case 44: return "ipv6.fraghdr";
    case 60: return "ipv6.dstopts";
    default: ck_abort_msg("plugin_harness_build: extension header %u is not supported", type); return NULL;
    }
}

void plugin_harness_build_ipv6_ext(harness_packet *p, uint8_t type, const uint8_t *body, unsigned body_len)
{
    rt_packet *k = &p->pkt;
    ck_assert_msg(k->ip_version == 6, "plugin_harness_build: not IPv6");
    unsigned len = 2 + body_len;
    ck_assert_msg(len % 8 == 0 && (type != 44 || len == 8), "plugin_harness_build: extension header of %u bytes",
                  len);
    const char *token = ext_token(type);
    unsigned l4_len = transport_header_len(p), payload = k->l7_len, captured = k->l7_caplen;
    uint8_t *ip = ip_header(p), *next = ip + 6;
    for (unsigned off = 40; off < k->l3_hdr_len;) {
        uint8_t *x = ip + off; /* a header of type *next, whose next-header byte is x[0] */
        off += ext_len(*next, x);
        next = x;
    }
    unsigned at = ETH_LEN + k->l3_hdr_len;
    open_gap(p, at, len);
    uint8_t *x = p->frame + at;
    x[0] = *next;
    x[1] = type == 44 ? 0 : (uint8_t)(len / 8 - 1);
    memcpy(x + 2, body, body_len);
    *next = type;
    if (type == 0 && !k->ip6_hbh)
        k->ip6_hbh = x;
    if (type == 60 && !k->ip6_dstopts)
        k->ip6_dstopts = x;
    k->l3_hdr_len = (uint16_t)(k->l3_hdr_len + len);
    layout(p, l4_len, payload, captured);

    /* hdrDesc: the token goes before the transport token (the last one) when there is one. */
    char desc[160];
    const char *last = strrchr(k->hdrdesc, ':');
    if (l4_len && last)
        snprintf(desc, sizeof desc, "%.*s:%s%s", (int)(last - k->hdrdesc), k->hdrdesc, token, last);
    else
        snprintf(desc, sizeof desc, "%s:%s", k->hdrdesc, token);
    plugin_harness_hdrdesc(k, desc, (uint16_t)(k->num_hdrs + 1));
}

/* RFC 1071 sum of len bytes, folded to 16 bits. */
static uint32_t sum16(uint32_t sum, const uint8_t *d, unsigned len)
{
    for (unsigned i = 0; i < len; i += 2)
        sum += (uint32_t)d[i] << 8 | (i + 1 < len ? d[i + 1] : 0);
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return sum;
}

void plugin_harness_build_checksums(harness_packet *p)
{
    rt_packet *k = &p->pkt;
    uint8_t *ip = ip_header(p);
    if (k->ip_version == 4) {
        put16(ip + 10, 0);
        put16(ip + 10, (uint16_t)~sum16(0, ip, k->l3_hdr_len));
    }
    static const struct { uint8_t proto, offset, pseudo; } fields[] = {
        { PROTO_TCP, 16, 1 }, { PROTO_UDP, 6, 1 }, { PROTO_UDPLITE, 6, 1 }, { PROTO_ICMP, 2, 0 }, { PROTO_ICMPV6, 2, 1 },
    };
    unsigned length = k->ip_len - k->l3_hdr_len;
    for (size_t i = 0; k->l4 && i < sizeof fields / sizeof fields[0]; i++) {
        if (fields[i].proto != k->l4_proto)
            continue;
        if (k->l4_caplen < length)
            return;
        uint8_t *seg = transport(p);
        put16(seg + fields[i].offset, 0);
        uint32_t sum = 0;
        if (fields[i].pseudo) {
            unsigned addr = k->ip_version == 4 ? 4 : 16;
            sum = sum16(sum16(0, k->src_ip, addr), k->dst_ip, addr) + k->l4_proto + (length >> 16) + (length & 0xffff);
        }
        uint16_t csum = (uint16_t)~sum16(sum, seg, length);
        put16(seg + fields[i].offset, csum == 0 && k->l4_proto == PROTO_UDP ? 0xffff : csum);
    }
}
