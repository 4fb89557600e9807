/* frame_build.c — the test frame builder of frame_build.h: writes each header as it is added,
 * then fb_finish fills next-protocol fields, lengths and checksums innermost first and applies
 * the registered lies. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "frame_build.h"

#define DEFAULT_ETHERTYPE 0x88b5 /* IEEE local experimental */
#define DEFAULT_IPV4_PROTO 253   /* experimental */
#define DEFAULT_IPV6_NEXT 59     /* no next header */

typedef enum fb_space { SPACE_ETHERTYPE, SPACE_IPPROTO, SPACE_PPP, SPACE_AF } fb_space;

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v);
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

int fb_parse_mac(const char *text, uint8_t mac[6])
{
    unsigned b[6];
    char extra;
    if (sscanf(text, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5],
               &extra) != 6)
        return -1;
    for (int i = 0; i < 6; i++)
        mac[i] = (uint8_t)b[i];
    return 0;
}

int fb_parse_ipv4(const char *text, uint8_t address[4])
{
    return inet_pton(AF_INET, text, address) == 1 ? 0 : -1;
}

int fb_parse_ipv6(const char *text, uint8_t address[16])
{
    return inet_pton(AF_INET6, text, address) == 1 ? 0 : -1;
}

void fb_init(frame_builder *fb)
{
    fb->len = fb->content_end = 0;
    fb->padded = 0;
    fb->linktype = 1;
    fb->n_layers = fb->n_lies = 0;
    fb->error = 0;
}

void fb_set_linktype(frame_builder *fb, uint32_t linktype)
{
    fb->linktype = linktype;
}

static uint32_t first_layer_linktype(fb_kind kind)
{
    switch (kind) {
    case FB_K_ETH: case FB_K_ETH_8023: return 1;
    case FB_K_SLL: return 113;
    case FB_K_SLL2: return 276;
    case FB_K_NULL: return 0;
    case FB_K_PPP: return 9;
    default: return 101;
    }
}

/* Appends a zeroed header of len bytes; returns its layer index, or -1 (and sets error). */
static int add_layer(frame_builder *fb, fb_kind kind, uint32_t len, int next, uint32_t self)
{
    if (fb->error)
        return -1;
    if (fb->padded || fb->n_layers == FB_MAX_LAYERS || fb->len + len > FB_MAX_FRAME) {
        fb->error = 1;
        return -1;
    }
    if (fb->n_layers == 0)
        fb->linktype = first_layer_linktype(kind);
    fb->layers[fb->n_layers] = (fb_layer){ kind, fb->len, len, next, self };
    memset(fb->data + fb->len, 0, len);
    fb->len += len;
    fb->content_end = fb->len;
    return (int)fb->n_layers++;
}

static uint8_t *header_of(frame_builder *fb, int layer)
{
    return fb->data + fb->layers[layer].off;
}

/* Parses an address into dst, or leaves the default there (NULL text); errors set fb->error. */
static void parse_mac_or(frame_builder *fb, const char *text, uint8_t *dst, uint8_t last)
{
    static const uint8_t base[6] = { 0x02, 0, 0, 0, 0, 0 };
    memcpy(dst, base, 6);
    dst[5] = last;
    if (text && fb_parse_mac(text, dst) < 0)
        fb->error = 1;
}

static void parse_ip_or(frame_builder *fb, const char *text, uint8_t *dst, int family)
{
    if (text && (family == 4 ? fb_parse_ipv4(text, dst) : fb_parse_ipv6(text, dst)) < 0)
        fb->error = 1;
}

/* Writes a 16-bit next-protocol field now unless it is FB_AUTO. */
static void put_next16(uint8_t *p, int next)
{
    if (next != FB_AUTO)
        put16(p, (uint32_t)next);
}

int fb_eth(frame_builder *fb, const char *dst, const char *src, int ethertype)
{
    int i = add_layer(fb, FB_K_ETH, 14, ethertype, 0x6558);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    parse_mac_or(fb, dst, h, 2);
    parse_mac_or(fb, src, h + 6, 1);
    put_next16(h + 12, ethertype);
    return i;
}

int fb_eth_8023(frame_builder *fb, const char *dst, const char *src)
{
    int i = add_layer(fb, FB_K_ETH_8023, 14, 0, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    parse_mac_or(fb, dst, h, 2);
    parse_mac_or(fb, src, h + 6, 1);
    return i;
}

int fb_sll(frame_builder *fb, uint16_t packet_type, uint16_t arphrd, const char *mac, int protocol)
{
    int i = add_layer(fb, FB_K_SLL, 16, protocol, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put16(h, packet_type);
    put16(h + 2, arphrd);
    put16(h + 4, 6);
    parse_mac_or(fb, mac, h + 6, 1);
    put_next16(h + 14, protocol);
    return i;
}

int fb_sll2(frame_builder *fb, uint8_t packet_type, uint16_t arphrd, uint32_t ifindex,
            const char *mac, int protocol)
{
    int i = add_layer(fb, FB_K_SLL2, 20, protocol, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put_next16(h, protocol);
    put32(h + 4, ifindex);
    put16(h + 8, arphrd);
    h[10] = packet_type;
    h[11] = 6;
    parse_mac_or(fb, mac, h + 12, 1);
    return i;
}

/* Writes a null/loopback address family in the layer's byte order. */
static void put_af(uint8_t *h, uint32_t af, int big_endian)
{
    for (int b = 0; b < 4; b++)
        h[big_endian ? 3 - b : b] = (uint8_t)(af >> (8 * b));
}

int fb_null(frame_builder *fb, int af, int big_endian)
{
    int i = add_layer(fb, FB_K_NULL, 4, af, (uint32_t)big_endian);
    if (i >= 0 && af != FB_AUTO)
        put_af(header_of(fb, i), (uint32_t)af, big_endian);
    return i;
}

int fb_raw(frame_builder *fb, uint32_t linktype)
{
    int i = add_layer(fb, FB_K_RAW, 0, 0, 0);
    if (i == 0)
        fb->linktype = linktype;
    return i;
}

/* Offset of the PPP protocol field for these flags. */
static uint32_t ppp_protocol_offset(uint32_t flags)
{
    return flags & FB_PPP_HDLC ? 2 : 0;
}

static void put_ppp_protocol(uint8_t *h, uint32_t flags, uint32_t protocol)
{
    uint8_t *p = h + ppp_protocol_offset(flags);
    if (flags & FB_PPP_COMPRESSED)
        p[0] = (uint8_t)protocol;
    else
        put16(p, protocol);
}

int fb_ppp(frame_builder *fb, int flags, int protocol)
{
    uint32_t f = (uint32_t)flags;
    int i = add_layer(fb, FB_K_PPP, ppp_protocol_offset(f) + (f & FB_PPP_COMPRESSED ? 1 : 2),
                      protocol, f);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    if (f & FB_PPP_HDLC) {
        h[0] = 0xff;
        h[1] = 0x03;
    }
    if (protocol != FB_AUTO)
        put_ppp_protocol(h, f, (uint32_t)protocol);
    return i;
}

int fb_vlan(frame_builder *fb, uint16_t tpid, uint16_t vid, uint8_t priority, int ethertype)
{
    int i = add_layer(fb, FB_K_VLAN, 4, ethertype, tpid ? tpid : 0x8100);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put16(h, (uint32_t)(priority & 7) << 13 | (vid & 0x0fffu));
    put_next16(h + 2, ethertype);
    return i;
}

int fb_mpls(frame_builder *fb, uint32_t label, uint8_t tc, uint8_t ttl, int bottom, int multicast)
{
    int i = add_layer(fb, FB_K_MPLS, 4, bottom, multicast ? 0x8848 : 0x8847);
    if (i >= 0)
        put32(header_of(fb, i), (label & 0xfffffu) << 12 | (uint32_t)(tc & 7) << 9 |
                                    (bottom == 1 ? 1u << 8 : 0) | ttl);
    return i;
}

int fb_pw_control_word(frame_builder *fb)
{
    return add_layer(fb, FB_K_PW_CW, 4, 0, 0);
}

static int pppoe(frame_builder *fb, fb_kind kind, uint8_t code, uint16_t session)
{
    int i = add_layer(fb, kind, 6, 0, 0);
    if (i >= 0) {
        uint8_t *h = header_of(fb, i);
        h[0] = 0x11;
        h[1] = code;
        put16(h + 2, session);
    }
    return i;
}

int fb_pppoe_discovery(frame_builder *fb, uint8_t code, uint16_t session)
{
    return pppoe(fb, FB_K_PPPOE_D, code, session);
}

int fb_pppoe_session(frame_builder *fb, uint16_t session)
{
    return pppoe(fb, FB_K_PPPOE_S, 0, session);
}

int fb_llc(frame_builder *fb, uint8_t dsap, uint8_t ssap, uint8_t control)
{
    int i = add_layer(fb, FB_K_LLC, 3, 0, 0);
    if (i >= 0) {
        uint8_t *h = header_of(fb, i);
        h[0] = dsap;
        h[1] = ssap;
        h[2] = control;
    }
    return i;
}

int fb_snap(frame_builder *fb, uint32_t oui, int ethertype)
{
    int i = add_layer(fb, FB_K_SNAP, 5, ethertype, 0);
    if (i >= 0) {
        uint8_t *h = header_of(fb, i);
        h[0] = (uint8_t)(oui >> 16);
        h[1] = (uint8_t)(oui >> 8);
        h[2] = (uint8_t)oui;
        put_next16(h + 3, ethertype);
    }
    return i;
}

int fb_arp(frame_builder *fb, uint16_t ethertype, uint16_t operation, const char *sender_mac,
           const char *sender_ip, const char *target_mac, const char *target_ip)
{
    int i = add_layer(fb, FB_K_ARP, 28, 0, ethertype);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put16(h, 1);
    put16(h + 2, 0x0800);
    h[4] = 6;
    h[5] = 4;
    put16(h + 6, operation);
    parse_mac_or(fb, sender_mac, h + 8, 1);
    parse_ip_or(fb, sender_ip, h + 14, 4);
    memset(h + 18, 0, 6);
    if (target_mac)
        parse_mac_or(fb, target_mac, h + 18, 2);
    parse_ip_or(fb, target_ip, h + 24, 4);
    return i;
}

int fb_ipv4(frame_builder *fb, const char *src, const char *dst)
{
    fb_ipv4_opts o = { .src = src, .dst = dst, .ttl = 64, .proto = FB_AUTO };
    return fb_ipv4_ex(fb, &o);
}

int fb_ipv4_ex(frame_builder *fb, const fb_ipv4_opts *o)
{
    uint32_t options = (o->options_len + 3u) & ~3u;
    if (options > 40) {
        fb->error = 1;
        return -1;
    }
    int i = add_layer(fb, FB_K_IPV4, 20 + options, o->proto, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    h[0] = (uint8_t)(0x40 | (20 + options) / 4);
    h[1] = o->tos;
    put16(h + 4, o->id);
    put16(h + 6, (o->dont_fragment ? 0x4000u : 0) | (o->more_fragments ? 0x2000u : 0) |
                     ((o->frag_offset / 8u) & 0x1fffu));
    h[8] = o->ttl;
    if (o->proto != FB_AUTO)
        h[9] = (uint8_t)o->proto;
    parse_ip_or(fb, o->src, h + 12, 4);
    parse_ip_or(fb, o->dst, h + 16, 4);
    if (o->options_len)
        memcpy(h + 20, o->options, o->options_len);
    return i;
}

int fb_ipv6(frame_builder *fb, const char *src, const char *dst)
{
    fb_ipv6_opts o = { .src = src, .dst = dst, .hop_limit = 64, .next = FB_AUTO };
    return fb_ipv6_ex(fb, &o);
}

int fb_ipv6_ex(frame_builder *fb, const fb_ipv6_opts *o)
{
    int i = add_layer(fb, FB_K_IPV6, 40, o->next, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put32(h, 6u << 28 | (uint32_t)o->traffic_class << 20 | (o->flow_label & 0xfffffu));
    if (o->next != FB_AUTO)
        h[6] = (uint8_t)o->next;
    h[7] = o->hop_limit;
    parse_ip_or(fb, o->src, h + 8, 6);
    parse_ip_or(fb, o->dst, h + 24, 6);
    return i;
}

int fb_ipv6_ext(frame_builder *fb, uint8_t type, uint16_t len, int next)
{
    if (len < 8 || len % 8 || len > 2048 || (type != 0 && type != 43 && type != 60)) {
        fb->error = 1;
        return -1;
    }
    int i = add_layer(fb, FB_K_IPV6_EXT, len, next, type);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    if (next != FB_AUTO)
        h[0] = (uint8_t)next;
    h[1] = (uint8_t)(len / 8 - 1);
    if (type != 43) {
        h[2] = 1; /* PadN over the rest of the header */
        h[3] = (uint8_t)(len - 4);
    }
    return i;
}

int fb_ipv6_frag(frame_builder *fb, uint32_t id, uint16_t offset, int more, int next)
{
    int i = add_layer(fb, FB_K_IPV6_FRAG, 8, next, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    if (next != FB_AUTO)
        h[0] = (uint8_t)next;
    put16(h + 2, (offset & 0xfff8u) | (more ? 1u : 0));
    put32(h + 4, id);
    return i;
}

int fb_ah(frame_builder *fb, uint32_t spi, uint32_t sequence, uint8_t icv_len, int next)
{
    uint32_t len = 12u + icv_len;
    if (len % 4) {
        fb->error = 1;
        return -1;
    }
    int i = add_layer(fb, FB_K_AH, len, next, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    if (next != FB_AUTO)
        h[0] = (uint8_t)next;
    h[1] = (uint8_t)(len / 4 - 2);
    put32(h + 4, spi);
    put32(h + 8, sequence);
    return i;
}

int fb_esp(frame_builder *fb, uint32_t spi, uint32_t sequence)
{
    int i = add_layer(fb, FB_K_ESP, 8, 0, 0);
    if (i >= 0) {
        put32(header_of(fb, i), spi);
        put32(header_of(fb, i) + 4, sequence);
    }
    return i;
}

int fb_tcp(frame_builder *fb, uint16_t src_port, uint16_t dst_port, uint32_t seq, uint32_t ack,
           uint8_t flags, uint16_t window)
{
    fb_tcp_opts o = { .src_port = src_port, .dst_port = dst_port, .seq = seq, .ack = ack,
                      .flags = flags, .window = window };
    return fb_tcp_ex(fb, &o);
}

int fb_tcp_ex(frame_builder *fb, const fb_tcp_opts *o)
{
    uint32_t options = (o->options_len + 3u) & ~3u;
    if (options > 40) {
        fb->error = 1;
        return -1;
    }
    int i = add_layer(fb, FB_K_TCP, 20 + options, 0, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put16(h, o->src_port);
    put16(h + 2, o->dst_port);
    put32(h + 4, o->seq);
    put32(h + 8, o->ack);
    h[12] = (uint8_t)((20 + options) / 4 << 4);
    h[13] = o->flags;
    put16(h + 14, o->window);
    put16(h + 18, o->urgent);
    if (o->options_len)
        memcpy(h + 20, o->options, o->options_len);
    return i;
}

static int ports_header(frame_builder *fb, fb_kind kind, uint32_t len, uint16_t src_port,
                        uint16_t dst_port, uint32_t self)
{
    int i = add_layer(fb, kind, len, 0, self);
    if (i >= 0) {
        put16(header_of(fb, i), src_port);
        put16(header_of(fb, i) + 2, dst_port);
    }
    return i;
}

int fb_udp(frame_builder *fb, uint16_t src_port, uint16_t dst_port)
{
    return ports_header(fb, FB_K_UDP, 8, src_port, dst_port, 0);
}

int fb_udplite(frame_builder *fb, uint16_t src_port, uint16_t dst_port, uint16_t coverage)
{
    return ports_header(fb, FB_K_UDPLITE, 8, src_port, dst_port, coverage);
}

int fb_sctp(frame_builder *fb, uint16_t src_port, uint16_t dst_port, uint32_t verification_tag)
{
    int i = ports_header(fb, FB_K_SCTP, 12, src_port, dst_port, 0);
    if (i >= 0)
        put32(header_of(fb, i) + 4, verification_tag);
    return i;
}

static int icmp_header(frame_builder *fb, fb_kind kind, uint8_t type, uint8_t code, uint32_t rest)
{
    int i = add_layer(fb, kind, 8, 0, 0);
    if (i >= 0) {
        uint8_t *h = header_of(fb, i);
        h[0] = type;
        h[1] = code;
        put32(h + 4, rest);
    }
    return i;
}

int fb_icmp(frame_builder *fb, uint8_t type, uint8_t code, uint32_t rest)
{
    return icmp_header(fb, FB_K_ICMP, type, code, rest);
}

int fb_icmpv6(frame_builder *fb, uint8_t type, uint8_t code, uint32_t rest)
{
    return icmp_header(fb, FB_K_ICMPV6, type, code, rest);
}

int fb_igmp(frame_builder *fb, uint8_t type, uint8_t max_response, const char *group)
{
    int i = icmp_header(fb, FB_K_IGMP, type, max_response, 0);
    if (i >= 0)
        parse_ip_or(fb, group, header_of(fb, i) + 4, 4);
    return i;
}

int fb_gre(frame_builder *fb, int protocol)
{
    fb_gre_opts o = { .protocol = protocol };
    return fb_gre_ex(fb, &o);
}

int fb_gre_ex(frame_builder *fb, const fb_gre_opts *o)
{
    int v1 = o->version == 1;
    int has_key = o->has_key || v1;
    uint32_t len = 4 + (o->has_checksum ? 4u : 0) + (has_key ? 4u : 0) +
                   (o->has_sequence ? 4u : 0) + (v1 && o->has_ack ? 4u : 0);
    int i = add_layer(fb, FB_K_GRE, len, o->protocol, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    put16(h, (o->has_checksum ? 0x8000u : 0) | (has_key ? 0x2000u : 0) |
                 (o->has_sequence ? 0x1000u : 0) | (v1 && o->has_ack ? 0x0080u : 0) |
                 (uint32_t)(o->version & 7));
    put_next16(h + 2, o->protocol);
    uint8_t *p = h + 4 + (o->has_checksum ? 4 : 0);
    if (has_key) {
        if (v1)
            put16(p + 2, o->call_id);
        else
            put32(p, o->key);
        p += 4;
    }
    if (o->has_sequence) {
        put32(p, o->sequence);
        p += 4;
    }
    if (v1 && o->has_ack)
        put32(p, o->ack);
    return i;
}

int fb_vxlan(frame_builder *fb, uint32_t vni)
{
    int i = add_layer(fb, FB_K_VXLAN, 8, 0, 0);
    if (i >= 0) {
        header_of(fb, i)[0] = 0x08;
        put32(header_of(fb, i) + 4, vni << 8);
    }
    return i;
}

int fb_gtpu(frame_builder *fb, uint8_t message_type, uint32_t teid, uint8_t ext_words)
{
    uint32_t len = ext_words ? 12u + 4u * ext_words : 8u;
    int i = add_layer(fb, FB_K_GTPU, len, 0, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    h[0] = ext_words ? 0x34 : 0x30; /* version 1, protocol type GTP, E flag */
    h[1] = message_type;
    put32(h + 4, teid);
    if (ext_words) {
        h[11] = 0x85; /* next extension header type */
        h[12] = ext_words;
        h[len - 1] = 0;
    }
    return i;
}

int fb_geneve(frame_builder *fb, uint32_t vni, uint8_t opt_words, int protocol)
{
    int i = add_layer(fb, FB_K_GENEVE, 8u + 4u * (opt_words & 0x3fu), protocol, 0);
    if (i < 0)
        return -1;
    uint8_t *h = header_of(fb, i);
    h[0] = opt_words & 0x3f;
    put_next16(h + 2, protocol);
    put32(h + 4, vni << 8);
    return i;
}

int fb_teredo_auth(frame_builder *fb, uint8_t id_len, uint8_t auth_len)
{
    int i = add_layer(fb, FB_K_TEREDO_AUTH, 4u + id_len + auth_len + 9u, 0, 0);
    if (i >= 0) {
        uint8_t *h = header_of(fb, i);
        put16(h, 0x0001);
        h[2] = id_len;
        h[3] = auth_len;
    }
    return i;
}

int fb_teredo_origin(frame_builder *fb, uint16_t port, const char *address)
{
    int i = add_layer(fb, FB_K_TEREDO_ORIGIN, 8, 0, 0);
    if (i >= 0) {
        uint8_t *h = header_of(fb, i);
        put16(h + 2, (uint16_t)~port);
        parse_ip_or(fb, address, h + 4, 4);
        for (int b = 4; b < 8; b++)
            h[b] = (uint8_t)~h[b];
    }
    return i;
}

int fb_payload(frame_builder *fb, const void *bytes, size_t len)
{
    int i = add_layer(fb, FB_K_PAYLOAD, (uint32_t)len, 0, 0);
    if (i >= 0 && len)
        memcpy(header_of(fb, i), bytes, len);
    return i;
}

int fb_payload_str(frame_builder *fb, const char *text)
{
    return fb_payload(fb, text, strlen(text));
}

int fb_payload_fill(frame_builder *fb, uint8_t byte, size_t len)
{
    int i = add_layer(fb, FB_K_PAYLOAD, (uint32_t)len, 0, 0);
    if (i >= 0)
        memset(header_of(fb, i), byte, len);
    return i;
}

void fb_pad(frame_builder *fb, size_t n)
{
    if (fb->len + n > FB_MAX_FRAME) {
        fb->error = 1;
        return;
    }
    memset(fb->data + fb->len, 0, n);
    fb->len += (uint32_t)n;
    fb->padded = 1;
}

void fb_pad_to(frame_builder *fb, size_t min_len)
{
    if (fb->len < min_len)
        fb_pad(fb, min_len - fb->len);
}

/* Registers a lie: a field (or, for the FB_POKE_* fields, the bytes at offset) and its value. */
static void add_lie(frame_builder *fb, int layer, fb_field field, uint32_t offset, uint32_t value)
{
    if (layer < 0 || (unsigned)layer >= fb->n_layers || fb->n_lies == FB_MAX_LIES) {
        fb->error = 1;
        return;
    }
    fb->lies[fb->n_lies].layer = layer;
    fb->lies[fb->n_lies].field = field;
    fb->lies[fb->n_lies].offset = offset;
    fb->lies[fb->n_lies].value = value;
    fb->n_lies++;
}

void fb_lie(frame_builder *fb, int layer, fb_field field, uint32_t value)
{
    add_lie(fb, layer, field, 0, value);
}

void fb_poke(frame_builder *fb, int layer, uint32_t offset, unsigned bits, uint32_t value)
{
    fb_field field = bits == 8 ? FB_POKE_8 : bits == 16 ? FB_POKE_16 : FB_POKE_32;
    if ((bits != 8 && bits != 16 && bits != 32) || layer < 0 ||
        (unsigned)layer >= fb->n_layers || offset + bits / 8 > fb->layers[layer].len) {
        fb->error = 1;
        return;
    }
    add_lie(fb, layer, field, offset, value);
}

/* The number an outer layer's next-protocol field of this space gives to layer `next`. */
static uint32_t space_value(const frame_builder *fb, unsigned layer, fb_space space)
{
    const fb_layer *n = layer + 1 < fb->n_layers ? &fb->layers[layer + 1] : NULL;
    fb_kind kind = n ? n->kind : FB_K_PAYLOAD;
    switch (space) {
    case SPACE_ETHERTYPE:
        switch (kind) {
        case FB_K_IPV4: return 0x0800;
        case FB_K_IPV6: return 0x86dd;
        case FB_K_VLAN: case FB_K_MPLS: case FB_K_ARP: case FB_K_ETH: return n->self;
        case FB_K_PPPOE_D: return 0x8863;
        case FB_K_PPPOE_S: return 0x8864;
        case FB_K_PPP: return 0x880b;
        default: return DEFAULT_ETHERTYPE;
        }
    case SPACE_IPPROTO:
        switch (kind) {
        case FB_K_IPV4: return 4;
        case FB_K_IPV6: return 41;
        case FB_K_TCP: return 6;
        case FB_K_UDP: return 17;
        case FB_K_UDPLITE: return 136;
        case FB_K_ICMP: return 1;
        case FB_K_ICMPV6: return 58;
        case FB_K_IGMP: return 2;
        case FB_K_SCTP: return 132;
        case FB_K_GRE: return 47;
        case FB_K_ESP: return 50;
        case FB_K_AH: return 51;
        case FB_K_IPV6_EXT: return n->self;
        case FB_K_IPV6_FRAG: return 44;
        default: return fb->layers[layer].kind == FB_K_IPV4 ? DEFAULT_IPV4_PROTO : DEFAULT_IPV6_NEXT;
        }
    case SPACE_PPP:
        switch (kind) {
        case FB_K_IPV6: return 0x0057;
        case FB_K_MPLS: return n->self == 0x8848 ? 0x0283 : 0x0281;
        default: return 0x0021;
        }
    case SPACE_AF:
        return kind == FB_K_IPV6 ? 24 : 2;
    }
    return 0;
}

static uint32_t sum16(uint32_t sum, const uint8_t *p, uint32_t len)
{
    for (uint32_t i = 0; i + 1 < len; i += 2)
        sum += get16(p + i);
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    return sum;
}

static uint16_t fold(uint32_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Sum of the pseudo-header of the nearest IP layer before `layer` (0 without one). */
static uint32_t pseudo_sum(const frame_builder *fb, unsigned layer, uint8_t proto, uint32_t len)
{
    for (unsigned j = layer; j-- > 0;) {
        const fb_layer *ip = &fb->layers[j];
        const uint8_t *h = fb->data + ip->off;
        if (ip->kind == FB_K_IPV4)
            return sum16(0, h + 12, 8) + proto + len;
        if (ip->kind == FB_K_IPV6)
            return sum16(0, h + 8, 32) + (len >> 16) + (len & 0xffff) + proto;
    }
    return 0;
}

/* Writes the Internet checksum of len bytes at data plus a pseudo-header sum into field, a part
 * of those bytes zeroed first; udp_style sends a result of 0 as 0xffff. */
static void put_checksum(uint8_t *field, uint32_t pseudo, const uint8_t *data, uint32_t len,
                         int udp_style)
{
    put16(field, 0);
    uint16_t sum = fold(sum16(pseudo, data, len));
    put16(field, udp_style && !sum ? 0xffff : sum);
}

static uint32_t crc32c(const uint8_t *p, uint32_t len)
{
    uint32_t crc = 0xffffffffu;
    for (uint32_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = crc >> 1 ^ (0x82f63b78u & (0u - (crc & 1)));
    }
    return ~crc;
}

/* Where the GRE version 1 payload length and the GRE checksum are. */
static uint32_t gre_key_offset(const uint8_t *h)
{
    return 4 + (get16(h) & 0x8000 ? 4u : 0);
}

/* Fills next-protocol fields, lengths and checksums of one layer; later layers are complete. */
static void finish_layer(frame_builder *fb, unsigned i)
{
    fb_layer *l = &fb->layers[i];
    uint8_t *h = fb->data + l->off;
    uint32_t rest = fb->content_end - l->off, after = rest - l->len;
    int automatic = l->next == FB_AUTO;
    switch (l->kind) {
    case FB_K_ETH: if (automatic) put16(h + 12, space_value(fb, i, SPACE_ETHERTYPE)); break;
    case FB_K_ETH_8023: put16(h + 12, after); break;
    case FB_K_SLL: if (automatic) put16(h + 14, space_value(fb, i, SPACE_ETHERTYPE)); break;
    case FB_K_SLL2: if (automatic) put16(h, space_value(fb, i, SPACE_ETHERTYPE)); break;
    case FB_K_NULL: if (automatic) put_af(h, space_value(fb, i, SPACE_AF), (int)l->self); break;
    case FB_K_PPP: if (automatic) put_ppp_protocol(h, l->self, space_value(fb, i, SPACE_PPP)); break;
    case FB_K_VLAN: if (automatic) put16(h + 2, space_value(fb, i, SPACE_ETHERTYPE)); break;
    case FB_K_SNAP: if (automatic) put16(h + 3, space_value(fb, i, SPACE_ETHERTYPE)); break;
    case FB_K_GENEVE:
        h[0] = (uint8_t)((h[0] & 0xc0) | (l->len - 8) / 4);
        if (automatic)
            put16(h + 2, space_value(fb, i, SPACE_ETHERTYPE));
        break;
    case FB_K_MPLS:
        if (automatic && (i + 1 >= fb->n_layers || fb->layers[i + 1].kind != FB_K_MPLS))
            h[2] |= 1;
        break;
    case FB_K_PPPOE_D: case FB_K_PPPOE_S: put16(h + 4, after); break;
    case FB_K_IPV4:
        h[0] = (uint8_t)(0x40 | l->len / 4);
        put16(h + 2, rest);
        if (automatic)
            h[9] = (uint8_t)space_value(fb, i, SPACE_IPPROTO);
        put_checksum(h + 10, 0, h, l->len, 0);
        break;
    case FB_K_IPV6:
        put16(h + 4, rest - 40);
        if (automatic)
            h[6] = (uint8_t)space_value(fb, i, SPACE_IPPROTO);
        break;
    case FB_K_IPV6_EXT: case FB_K_IPV6_FRAG: case FB_K_AH:
        if (automatic)
            h[0] = (uint8_t)space_value(fb, i, SPACE_IPPROTO);
        if (l->kind == FB_K_IPV6_EXT)
            h[1] = (uint8_t)(l->len / 8 - 1);
        if (l->kind == FB_K_AH)
            h[1] = (uint8_t)(l->len / 4 - 2);
        break;
    case FB_K_TCP:
        h[12] = (uint8_t)((l->len / 4) << 4 | (h[12] & 0x0f));
        put_checksum(h + 16, pseudo_sum(fb, i, 6, rest), h, rest, 0);
        break;
    case FB_K_UDP:
        put16(h + 4, rest);
        put_checksum(h + 6, pseudo_sum(fb, i, 17, rest), h, rest, 1);
        break;
    case FB_K_UDPLITE:
        put16(h + 4, l->self);
        put_checksum(h + 6, pseudo_sum(fb, i, 136, rest), h,
                     l->self && l->self < rest ? l->self : rest, 1);
        break;
    case FB_K_ICMP: case FB_K_IGMP: put_checksum(h + 2, 0, h, rest, 0); break;
    case FB_K_ICMPV6: put_checksum(h + 2, pseudo_sum(fb, i, 58, rest), h, rest, 0); break;
    case FB_K_SCTP: {
        put32(h + 8, 0);
        uint32_t crc = crc32c(h, rest);
        for (int b = 0; b < 4; b++) /* the CRC32c is stored least significant byte first */
            h[8 + b] = (uint8_t)(crc >> (8 * b));
        break;
    }
    case FB_K_GRE:
        if (automatic)
            put16(h + 2, space_value(fb, i, SPACE_ETHERTYPE));
        if ((h[1] & 7) == 1)
            put16(h + gre_key_offset(h), after);
        if (get16(h) & 0x8000)
            put_checksum(h + 4, 0, h, rest, 0);
        break;
    case FB_K_GTPU: put16(h + 2, rest - 8); break;
    default: break;
    }
}

/* Where a lie writes: the field's offset in the header and its width (4: a 4-bit field in the low
 * bits of a byte, 5: a 4-bit field in the high bits, 6: a 6-bit field, 8/16/32 bits); -1 if the
 * layer has no such field. */
static int lie_position(const fb_layer *l, const uint8_t *h, fb_field field, uint32_t offset,
                        unsigned *width)
{
    static const struct { fb_kind kind; fb_field field; uint8_t off, width; } fields[] = {
        { FB_K_IPV4, FB_LENGTH, 2, 16 }, { FB_K_IPV6, FB_LENGTH, 4, 16 },
        { FB_K_UDP, FB_LENGTH, 4, 16 }, { FB_K_UDPLITE, FB_LENGTH, 4, 16 },
        { FB_K_PPPOE_D, FB_LENGTH, 4, 16 }, { FB_K_PPPOE_S, FB_LENGTH, 4, 16 },
        { FB_K_ETH_8023, FB_LENGTH, 12, 16 }, { FB_K_GTPU, FB_LENGTH, 2, 16 },
        { FB_K_IPV4, FB_HEADER_LENGTH, 0, 4 }, { FB_K_TCP, FB_HEADER_LENGTH, 12, 5 },
        { FB_K_IPV6_EXT, FB_HEADER_LENGTH, 1, 8 }, { FB_K_AH, FB_HEADER_LENGTH, 1, 8 },
        { FB_K_GENEVE, FB_HEADER_LENGTH, 0, 6 },
        { FB_K_IPV4, FB_CHECKSUM, 10, 16 }, { FB_K_TCP, FB_CHECKSUM, 16, 16 },
        { FB_K_UDP, FB_CHECKSUM, 6, 16 }, { FB_K_UDPLITE, FB_CHECKSUM, 6, 16 },
        { FB_K_ICMP, FB_CHECKSUM, 2, 16 }, { FB_K_ICMPV6, FB_CHECKSUM, 2, 16 },
        { FB_K_IGMP, FB_CHECKSUM, 2, 16 }, { FB_K_SCTP, FB_CHECKSUM, 8, 32 },
    };
    if (field >= FB_POKE_8) {
        *width = field == FB_POKE_8 ? 8 : field == FB_POKE_16 ? 16 : 32;
        return (int)offset;
    }
    if (l->kind == FB_K_GRE && field == FB_LENGTH && (h[1] & 7) == 1) {
        *width = 16;
        return (int)gre_key_offset(h);
    }
    if (l->kind == FB_K_GRE && field == FB_CHECKSUM && (get16(h) & 0x8000)) {
        *width = 16;
        return 4;
    }
    for (unsigned i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (fields[i].kind == l->kind && fields[i].field == field) {
            *width = fields[i].width;
            return fields[i].off;
        }
    return -1;
}

static int apply_lie(frame_builder *fb, unsigned lie)
{
    const fb_layer *l = &fb->layers[fb->lies[lie].layer];
    uint8_t *h = fb->data + l->off;
    uint32_t value = fb->lies[lie].value;
    unsigned width;
    int position = lie_position(l, h, fb->lies[lie].field, fb->lies[lie].offset, &width);
    if (position < 0)
        return -1;
    uint8_t *p = h + position;
    switch (width) {
    case 4: *p = (uint8_t)((*p & 0xf0) | (value & 0x0f)); break;
    case 5: *p = (uint8_t)((*p & 0x0f) | (value & 0x0f) << 4); break;
    case 6: *p = (uint8_t)((*p & 0xc0) | (value & 0x3f)); break;
    case 8: *p = (uint8_t)value; break;
    case 16: put16(p, value); break;
    default: put32(p, value); break;
    }
    return 0;
}

uint32_t fb_finish(frame_builder *fb)
{
    if (fb->error)
        return 0;
    for (unsigned i = fb->n_layers; i-- > 0;)
        finish_layer(fb, i);
    for (unsigned i = 0; i < fb->n_lies; i++)
        if (apply_lie(fb, i) < 0)
            fb->error = 1;
    return fb->error ? 0 : fb->len;
}

void fb_capture(const frame_builder *fb, uint32_t snaplen, capture_frame *out)
{
    out->data = fb->data;
    out->wirelen = fb->len;
    out->caplen = snaplen && snaplen < fb->len ? snaplen : fb->len;
    out->time = 0;
    out->linktype = fb->linktype;
}
