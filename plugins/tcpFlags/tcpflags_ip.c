/* tcpflags_ip.c — the IP-level columns of tcpFlags (T2-COMPAT §8.4, columns 41–51 and the
 * ipFlags bits that come from the IP header): TTL, ToS, IPv4 identification deltas, IPv4 flags,
 * fragments, IPv4 options, IPv6 hop-by-hop and destination options, the IPv4 header checksum
 * and the order of capture timestamps. Every read is bounded by the captured bytes. */
#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

enum {
    IPV4_HDR = 20,
    IPV6_HDR = 40,
    IP6_HOPOPTS = 0,
    IP6_ROUTING = 43,
    IP6_FRAGMENT = 44,
    IP6_AH = 51,
    IP6_DSTOPTS = 60,
    IPV4_OPT_EOL = 0,
    IPV4_OPT_NOP = 1,
    IPV4_OPT_LSRR = 131,
    IPV4_OPT_SSRR = 137,
    FRAG_MIN_DATA = 48,  /* data of a non-last fragment: 68-byte minimum MTU - 20-byte header */
    FRAG_MAX_END = 65535,
};

/* Fragment observations for a fragment with the given identification, offset (bytes),
 * more-fragments flag and data length (-1 when the IP length is unusable). */
static void fragment(tcpflags_ip *ip, uint32_t id, uint32_t offset, int more, int64_t data_len)
{
    if (more)
        ip->flags |= TCPFLAGS_IP_MF;
    if (data_len >= 0) {
        if (more && data_len < FRAG_MIN_DATA)
            ip->flags |= TCPFLAGS_IP_FRAG_SHORT;
        if (offset + data_len > FRAG_MAX_END)
            ip->flags |= TCPFLAGS_IP_FRAG_RANGE;
    }
    if (offset > 0) {
        if (!(ip->seen & TCPFLAGS_IPSEEN_FRAG) || ip->frag_id != id)
            ip->flags |= TCPFLAGS_IP_FRAG_POS;
        else if (offset != ip->frag_next)
            ip->flags |= TCPFLAGS_IP_FRAG_SEQ;
    }
    ip->frag_id = id;
    ip->frag_next = offset + (uint32_t)(data_len > 0 ? data_len : 0);
    if (more)
        ip->seen |= TCPFLAGS_IPSEEN_FRAG;
    else
        ip->seen &= (uint8_t)~TCPFLAGS_IPSEEN_FRAG;
}

/* TTL or hop limit, and the traffic class. */
static void ttl_and_tos(tcpflags_ip *ip, uint8_t ttl, uint8_t tos)
{
    if (!(ip->seen & TCPFLAGS_IPSEEN_PACKET)) {
        ip->min_ttl = ip->max_ttl = ttl;
        ip->seen |= TCPFLAGS_IPSEEN_PACKET;
    } else {
        if (ttl != ip->last_ttl && ip->ttl_chg < UINT8_MAX)
            ip->ttl_chg++;
        if (ttl < ip->min_ttl)
            ip->min_ttl = ttl;
        if (ttl > ip->max_ttl)
            ip->max_ttl = ttl;
    }
    ip->last_ttl = ttl;
    ip->tos |= tos;
}

/* IPv4 identification: increase from the previous IPv4 packet (mod 65536), and its order. */
static void identification(tcpflags_ip *ip, uint16_t id)
{
    if (ip->seen & TCPFLAGS_IPSEEN_ID) {
        uint16_t delta = (uint16_t)(id - ip->last_id);
        if (!(ip->seen & TCPFLAGS_IPSEEN_DID)) {
            ip->min_did = ip->max_did = delta;
            ip->seen |= TCPFLAGS_IPSEEN_DID;
        } else {
            if (delta < ip->min_did)
                ip->min_did = delta;
            if (delta > ip->max_did)
                ip->max_did = delta;
        }
        if (delta >= 0x8000u)
            ip->flags |= TCPFLAGS_IP_ID_ORDER;
        else if (id < ip->last_id)
            ip->flags |= TCPFLAGS_IP_ID_WRAP;
    }
    ip->last_id = id;
    ip->seen |= TCPFLAGS_IPSEEN_ID;
}

/* IPv4 options: `declared` bytes after the fixed header, of which `captured` are present. */
static void ipv4_options(tcpflags_ip *ip, const uint8_t *opt, size_t declared, size_t captured, int *route_pending)
{
    size_t i = 0;
    while (i < captured) {
        uint8_t type = opt[i];
        tcpflags_inc16(&ip->opt_cnt);
        ip->opt_cpcl |= type & 0xe0u;
        ip->opt_num |= 1u << (type & 0x1fu);
        if (type == IPV4_OPT_EOL)
            return;
        if (type == IPV4_OPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= declared) {
            ip->flags |= TCPFLAGS_IP_OPT_BAD;
            return;
        }
        if (i + 1 >= captured)
            return;
        size_t len = opt[i + 1];
        if (len < 2 || i + len > declared) {
            ip->flags |= TCPFLAGS_IP_OPT_BAD;
            return;
        }
        if (type == IPV4_OPT_LSRR || type == IPV4_OPT_SSRR)
            *route_pending = 1;
        i += len;
    }
}

static void ipv4(tcpflags_ip *ip, const rt_packet *pkt, size_t captured, int *route_pending)
{
    const uint8_t *h = pkt->l3;
    size_t header_len = (size_t)(h[0] & 0x0fu) * 4;
    ttl_and_tos(ip, h[8], h[1]);
    identification(ip, tcpflags_get16(h + 4));
    if (header_len > captured)
        ip->flags |= TCPFLAGS_IP_HDR_CUT;
    else if (header_len >= IPV4_HDR && tcpflags_csum_fold(tcpflags_csum_add(0, h, header_len)) != 0xffffu)
        ip->flags |= TCPFLAGS_IP_HDR_CSUM;
    if (header_len > IPV4_HDR) {
        size_t present = (header_len < captured ? header_len : captured) - IPV4_HDR;
        ipv4_options(ip, h + IPV4_HDR, header_len - IPV4_HDR, present, route_pending);
    }
    uint16_t frag = tcpflags_get16(h + 6);
    if (frag & 0x8000u)
        ip->flags |= TCPFLAGS_IP_RF;
    if (frag & 0x4000u)
        ip->flags |= TCPFLAGS_IP_DF;
    uint32_t offset = (uint32_t)(frag & 0x1fffu) * 8;
    int more = (frag & 0x2000u) != 0;
    if (more || offset) {
        int64_t data_len = pkt->ip_len >= header_len && pkt->ip_len ? (int64_t)(pkt->ip_len - header_len) : -1;
        fragment(ip, tcpflags_get16(h + 4), offset, more, data_len);
    }
}

/* The type-length-value options of one IPv6 hop-by-hop or destination options header: the
 * `len` bytes from opt. */
static void ipv6_options(const uint8_t *opt, size_t len, uint16_t *count, uint32_t *types)
{
    enum { PAD1 = 0 };
    size_t i = 0;
    while (i < len) {
        tcpflags_inc16(count);
        *types |= 1u << (opt[i] & 0x1fu);
        if (opt[i] == PAD1) {
            i++;
            continue;
        }
        if (len - i < 2)
            return;
        i += 2 + (size_t)opt[i + 1];
    }
}

/* Walks the extension headers the decoder walked (l3_hdr_len), within the captured bytes. */
static void ipv6(tcpflags_ip *ip, const rt_packet *pkt, size_t captured, int *route_pending)
{
    const uint8_t *h = pkt->l3;
    ttl_and_tos(ip, h[7], (uint8_t)((h[0] & 0x0fu) << 4 | h[1] >> 4));
    size_t end = pkt->l3_hdr_len < captured ? pkt->l3_hdr_len : captured;
    uint8_t next = h[6];
    size_t off = IPV6_HDR;
    while (off + 8 <= end) {
        const uint8_t *x = h + off;
        size_t len;
        switch (next) {
        case IP6_HOPOPTS:
        case IP6_DSTOPTS: {
            len = ((size_t)x[1] + 1) * 8;
            size_t present = (off + len < end ? off + len : end) - off - 2;
            if (next == IP6_HOPOPTS)
                ipv6_options(x + 2, present, &ip->ip6_hh_cnt, &ip->ip6_hh_types);
            else
                ipv6_options(x + 2, present, &ip->ip6_d_cnt, &ip->ip6_d_types);
            break;
        }
        case IP6_ROUTING:
            len = ((size_t)x[1] + 1) * 8;
            if (x[3] != 0)
                *route_pending = 1;
            break;
        case IP6_FRAGMENT: {
            len = 8;
            uint16_t field = tcpflags_get16(x + 2);
            uint32_t offset = field & 0xfff8u;
            int more = field & 1u;
            if (more || offset) {
                int64_t data_len = pkt->ip_len >= pkt->l3_hdr_len && pkt->ip_len
                                       ? (int64_t)(pkt->ip_len - pkt->l3_hdr_len) : -1;
                fragment(ip, tcpflags_get32(x + 4), offset, more, data_len);
            }
            break;
        }
        case IP6_AH:
            len = ((size_t)x[1] + 2) * 4;
            break;
        default:
            return;
        }
        next = x[0];
        off += len;
    }
}

void tcpflags_ip_packet(tcpflags_ip *ip, const rt_flow *flow, const rt_packet *pkt, int *route_pending)
{
    *route_pending = 0;
    size_t captured = tcpflags_captured_from(pkt, pkt->l3);
    if (flow->packets > 0) {
        if (pkt->time == flow->last_time)
            ip->flags |= TCPFLAGS_IP_TIME_SAME;
        else if (pkt->time < flow->last_time)
            ip->flags |= TCPFLAGS_IP_TIME_BACK;
    }
    if (pkt->ip_version == 4 && captured >= IPV4_HDR)
        ipv4(ip, pkt, captured, route_pending);
    else if (pkt->ip_version == 6 && captured >= IPV6_HDR)
        ipv6(ip, pkt, captured, route_pending);
}
