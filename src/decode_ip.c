/* decode_ip.c — what IPv4 and IPv6 headers share: the usable datagram length (§3.4, §3.6),
 * entering an inner header, fragments and later fragments. */
#include <string.h>

#include "decode_internal.h"

uint32_t decode_ip_length(decode_ctx *ctx, uint32_t field, int *len_ok)
{
    uint32_t bound = ctx->end > ctx->off ? ctx->end - ctx->off : 0;
    *len_ok = field != 0 && field <= bound;
    if (*len_ok)
        return field;
    if (field != 0 && (ctx->pkt->flags & RT_PKT_FRAGMENT)) {
        *len_ok = 1; /* a datagram inside a first fragment continues in later fragments */
        return bound;
    }
    ctx->pkt->status |= RT_STAT_IP_LEN_BAD;
    return bound;
}

const uint8_t *decode_ip_header(decode_ctx *ctx, uint32_t min_len, unsigned version)
{
    if (!decode_captured(ctx, ctx->off, min_len)) {
        decode_no_flow(ctx, RT_STAT_IP_SHORT);
        return NULL;
    }
    const uint8_t *h = ctx->data + ctx->off;
    if (h[0] >> 4 != version) {
        decode_no_flow(ctx, RT_STAT_IPVER_MISMATCH);
        return NULL;
    }
    return h;
}

void decode_ip_enter(decode_ctx *ctx, uint32_t field, uint32_t datagram_len, int len_ok)
{
    rt_packet *pkt = ctx->pkt;
    pkt->l4 = NULL;
    pkt->l4_caplen = 0;
    pkt->src_port = pkt->dst_port = 0;
    pkt->flags &= ~(RT_PKT_HAS_PORTS | RT_PKT_L4_COMPLETE);
    pkt->ip6_hbh = pkt->ip6_dstopts = NULL;
    memset(pkt->src_ip, 0, sizeof pkt->src_ip);
    memset(pkt->dst_ip, 0, sizeof pkt->dst_ip);
    pkt->l3 = ctx->data + ctx->off;
    pkt->ip_len = len_ok ? field : 0;
    ctx->ext_headers = 0;
    ctx->arp_len = 0;
    if (ctx->ip_headers == 0) {
        ctx->outer_ip_end = ctx->off + datagram_len;
        ctx->outer_ip_len_ok = (uint8_t)len_ok;
    }
    if (ctx->ip_headers < UINT8_MAX)
        ctx->ip_headers++;
    ctx->end = ctx->off + datagram_len;
    if (ctx->end > ctx->caplen)
        pkt->status |= RT_STAT_TRUNCATED;
}

void decode_ip_fragment(decode_ctx *ctx, uint8_t proto, uint32_t id, uint32_t offset, int more, uint32_t data_start)
{
    rt_packet *pkt = ctx->pkt;
    decoded_packet *out = ctx->out;
    pkt->status |= RT_STAT_FRAGMENT;
    if (pkt->flags & RT_PKT_FRAGMENT)
        return;
    pkt->flags |= RT_PKT_FRAGMENT;
    out->frag_id = id;
    out->frag_offset = offset;
    out->frag_more = more;
    out->frag_data_len = ctx->end > data_start ? ctx->end - data_start : 0;
    out->frag_ip_version = pkt->ip_version;
    out->frag_proto = proto;
    memcpy(out->frag_src, pkt->src_ip, sizeof out->frag_src);
    memcpy(out->frag_dst, pkt->dst_ip, sizeof out->frag_dst);
}

decode_step decode_ip_later_fragment(decode_ctx *ctx, uint8_t proto)
{
    rt_packet *pkt = ctx->pkt;
    const decode_protocol *p = decode_transport_protocol(ctx, proto);
    pkt->flags |= RT_PKT_LATER_FRAGMENT;
    pkt->l4_proto = proto;
    if (!p)
        return decode_unknown(ctx, HD_UNK_IPPROTO, proto);
    decode_token(ctx, p->token);
    pkt->status |= p->status | RT_STAT_DECODE_STOPPED;
    if (p->has_ports)
        pkt->flags |= RT_PKT_HAS_PORTS;
    return DECODE_DONE;
}
