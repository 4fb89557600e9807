/* decode_ipsec.c — IPsec headers after IPv4 or IPv6: AH is walked like an extension header
 * (token ah, bit 30, counted among the 5 IPv6 extension headers), ESP ends decoding (token esp,
 * bit 31; the payload starts at the ESP header, §3.6). */
#include "decode_internal.h"

decode_step decode_ipsec_ah(decode_ctx *ctx, uint32_t proto)
{
    if (!decode_ipv6_count_extension(ctx))
        return DECODE_DONE;
    decode_token(ctx, HD_AH);
    ctx->pkt->status |= RT_STAT_IPSEC_AH;
    if (!decode_available(ctx, ctx->off, 2))
        return decode_cut(ctx);
    uint32_t len = (ctx->data[ctx->off + 1] + 2u) * 4;
    if (!decode_available(ctx, ctx->off, len))
        return decode_cut(ctx);
    uint8_t next = ctx->data[ctx->off];
    decode_ipv6_pass_extension(ctx, len);
    return DECODE_NEXT(decode_transport_dispatch, next);
}

decode_step decode_ipsec_esp(decode_ctx *ctx, uint32_t proto)
{
    decode_token(ctx, HD_ESP);
    ctx->pkt->status |= RT_STAT_IPSEC_ESP;
    return DECODE_DONE;
}
