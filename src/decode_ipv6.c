/* decode_ipv6.c — the IPv6 header and its extension headers: hop-by-hop, routing, fragment and
 * destination options are walked (each a token, at most 5 per IPv6 header, §3.4); no next header
 * (59) ends decoding quietly. */
#include <string.h>

#include "decode_internal.h"

#define IPV6_HEADER 40
#define IPV6_FRAGMENT_HEADER 8
#define IPV6_MAX_EXTENSIONS 5
#define IPV6_PROTO_HOPOPTS 0
#define IPV6_PROTO_FRAGMENT 44
#define IPV6_PROTO_DSTOPTS 60

decode_step decode_ipv6(decode_ctx *ctx, uint32_t how)
{
    const uint8_t *h = decode_ip_header(ctx, IPV6_HEADER, 6);
    if (!h)
        return DECODE_DONE;

    rt_packet *pkt = ctx->pkt;
    decode_token(ctx, HD_IPV6);
    if (how & DECODE_IP_IN_IP)
        pkt->status |= RT_STAT_IP_IN_IP;
    uint16_t payload = decode_be16(h + 4);
    uint32_t field = payload ? IPV6_HEADER + payload : 0;
    int len_ok;
    uint32_t len = decode_ip_length(ctx, field, &len_ok);
    decode_ip_enter(ctx, field, len, len_ok);
    pkt->ip_version = 6;
    pkt->l3_hdr_len = IPV6_HEADER;
    memcpy(pkt->src_ip, h + 8, 16);
    memcpy(pkt->dst_ip, h + 24, 16);
    ctx->off += IPV6_HEADER;
    return DECODE_NEXT(decode_transport_dispatch, h[6]);
}

int decode_ipv6_count_extension(decode_ctx *ctx)
{
    if (ctx->pkt->ip_version != 6)
        return 1;
    if (ctx->ext_headers >= IPV6_MAX_EXTENSIONS) {
        ctx->pkt->status |= RT_STAT_DECODE_STOPPED;
        return 0;
    }
    ctx->ext_headers++;
    return 1;
}

void decode_ipv6_pass_extension(decode_ctx *ctx, uint32_t len)
{
    rt_packet *pkt = ctx->pkt;
    ctx->off += len;
    if (pkt->ip_version == 6) {
        uint32_t total = pkt->l3_hdr_len + len;
        pkt->l3_hdr_len = (uint16_t)(total < UINT16_MAX ? total : UINT16_MAX);
    }
}

decode_step decode_ipv6_extension(decode_ctx *ctx, uint32_t proto)
{
    rt_packet *pkt = ctx->pkt;
    if (!decode_ipv6_count_extension(ctx))
        return DECODE_DONE;
    decode_token(ctx, decode_transport_protocol(ctx, (uint8_t)proto)->token);
    uint32_t len = IPV6_FRAGMENT_HEADER;
    if (proto != IPV6_PROTO_FRAGMENT) {
        if (!decode_available(ctx, ctx->off, 2))
            return decode_cut(ctx);
        len = (ctx->data[ctx->off + 1] + 1u) * 8;
    }
    if (!decode_available(ctx, ctx->off, len))
        return decode_cut(ctx);
    const uint8_t *h = ctx->data + ctx->off;
    if (proto == IPV6_PROTO_HOPOPTS)
        pkt->ip6_hbh = h;
    else if (proto == IPV6_PROTO_DSTOPTS && !pkt->ip6_dstopts)
        pkt->ip6_dstopts = h;
    uint8_t next = h[0];
    uint32_t offset = 0;
    if (proto == IPV6_PROTO_FRAGMENT) {
        uint16_t field = decode_be16(h + 2);
        int more = field & 1;
        offset = field & 0xfff8u;
        if (offset || more)
            decode_ip_fragment(ctx, next, decode_be32(h + 4), offset, more, ctx->off + len);
    }
    decode_ipv6_pass_extension(ctx, len);
    if (offset)
        return decode_ip_later_fragment(ctx, next);
    return DECODE_NEXT(decode_transport_dispatch, next);
}

decode_step decode_ipv6_no_next(decode_ctx *ctx, uint32_t proto)
{
    return DECODE_DONE;
}
