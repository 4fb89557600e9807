/* decode_ipv4.c — the IPv4 header: version and IHL checks (§3.7), the usable length (§3.4),
 * addresses, options skipped, fragments. */
#include <string.h>

#include "decode_internal.h"

#define IPV4_MIN_HEADER 20
#define IPV4_MORE_FRAGMENTS 0x2000
#define IPV4_OFFSET_MASK 0x1fff

decode_step decode_ipv4(decode_ctx *ctx, uint32_t how)
{
    const uint8_t *h = decode_ip_header(ctx, IPV4_MIN_HEADER, 4);
    if (!h)
        return DECODE_DONE;
    uint32_t header = (h[0] & 0x0fu) * 4;
    if (header < IPV4_MIN_HEADER)
        return decode_no_flow(ctx, RT_STAT_IHL_SHORT);

    rt_packet *pkt = ctx->pkt;
    decode_token(ctx, HD_IPV4);
    if (how & DECODE_IP_IN_IP)
        pkt->status |= RT_STAT_IP_IN_IP;
    int len_ok;
    uint16_t field = decode_be16(h + 2);
    uint32_t len = decode_ip_length(ctx, field, &len_ok);
    int shorter_than_header = len_ok && len < header;
    decode_ip_enter(ctx, field, len, len_ok && !shorter_than_header);
    pkt->ip_version = 4;
    pkt->l3_hdr_len = (uint16_t)header;
    memcpy(pkt->src_ip, h + 12, 4);
    memcpy(pkt->dst_ip, h + 16, 4);
    uint8_t proto = h[9];
    pkt->l4_proto = proto;
    if (shorter_than_header) {
        pkt->status |= RT_STAT_IP_SHORT;
        return decode_cut(ctx);
    }

    uint16_t fragment = decode_be16(h + 6);
    uint32_t offset = (fragment & IPV4_OFFSET_MASK) * 8u;
    int more = (fragment & IPV4_MORE_FRAGMENTS) != 0;
    if (offset || more)
        decode_ip_fragment(ctx, proto, decode_be16(h + 4), offset, more, ctx->off + header);
    ctx->off += header;
    if (offset)
        return decode_ip_later_fragment(ctx, proto);
    return DECODE_NEXT(decode_transport_dispatch, proto);
}
