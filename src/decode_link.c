/* decode_link.c — the link-layer headers chosen by the capture's link type: Ethernet, Linux cooked
 * capture v1/v2, BSD null/loopback, raw IP, PPP. A link type without a decoder gives a layer-2
 * packet whose hdrDesc is UNK(0x<link type>). */
#include "decode_internal.h"

#define SLL_HEADER 16
#define SLL2_HEADER 20
#define SLL_PROTOCOL_LLC 0x0004 /* SLL protocol value of 802.2 LLC frames */
#define NULL_HEADER 4

/* Address family values of the null/loopback header meaning IPv6 (Linux, Windows, NetBSD/OpenBSD,
 * FreeBSD, Darwin); IPv4 is 2 everywhere. */
static const uint32_t null_af_ipv6[] = { 10, 23, 24, 28, 30 };

static int null_af_is_ipv6(uint32_t af)
{
    for (unsigned i = 0; i < sizeof null_af_ipv6 / sizeof null_af_ipv6[0]; i++)
        if (af == null_af_ipv6[i])
            return 1;
    return 0;
}

/* Null (host byte order) and loop (network byte order): both orders are accepted for both. */
static decode_step link_null(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_NULL);
    if (!decode_captured(ctx, 0, NULL_HEADER))
        return decode_no_flow(ctx, RT_STAT_L2_SHORT);
    const uint8_t *p = ctx->data;
    uint32_t big = decode_be32(p);
    uint32_t little = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
    ctx->off = NULL_HEADER;
    if (big == 2 || little == 2)
        return DECODE_NEXT(decode_ipv4, DECODE_IP_PLAIN);
    if (null_af_is_ipv6(big) || null_af_is_ipv6(little))
        return DECODE_NEXT(decode_ipv6, DECODE_IP_PLAIN);
    return decode_unknown(ctx, HD_UNK_ETHERTYPE, (little <= 0xffff ? little : big) & 0xffff);
}

/* Raw IP link types whose version comes from the first nibble (LINKTYPE_RAW and DLT_RAW values). */
static decode_step link_raw(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_RAW);
    switch (ctx->data[0] >> 4) {
    case 4: return DECODE_NEXT(decode_ipv4, DECODE_IP_PLAIN);
    case 6: return DECODE_NEXT(decode_ipv6, DECODE_IP_PLAIN);
    default: return decode_no_flow(ctx, RT_STAT_IPVER_MISMATCH);
    }
}

static decode_step link_raw_ipv4(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_RAW);
    return DECODE_NEXT(decode_ipv4, DECODE_IP_PLAIN);
}

static decode_step link_raw_ipv6(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_RAW);
    return DECODE_NEXT(decode_ipv6, DECODE_IP_PLAIN);
}

/* The protocol field of both SLL versions: an ethertype, or 0x0004 for LLC frames. */
static decode_step sll_protocol(decode_ctx *ctx, uint16_t protocol)
{
    if (protocol == SLL_PROTOCOL_LLC)
        return DECODE_NEXT(decode_llc, 0);
    if (protocol < 0x0600)
        return decode_unknown(ctx, HD_UNK_ETHERTYPE, protocol);
    ctx->l2_ethertype = protocol;
    return DECODE_NEXT(decode_ethertype, protocol);
}

/* SLL: packet type, ARPHRD type, address length, 8 address bytes, protocol. */
static decode_step link_sll(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_SLL);
    if (!decode_captured(ctx, 0, SLL_HEADER))
        return decode_no_flow(ctx, RT_STAT_L2_SHORT);
    ctx->off = SLL_HEADER;
    return sll_protocol(ctx, decode_be16(ctx->data + 14));
}

/* SLL2: protocol, reserved, interface index, ARPHRD type, packet type, address length, address. */
static decode_step link_sll2(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_SLL);
    if (!decode_captured(ctx, 0, SLL2_HEADER))
        return decode_no_flow(ctx, RT_STAT_L2_SHORT);
    ctx->off = SLL2_HEADER;
    return sll_protocol(ctx, decode_be16(ctx->data));
}

static const struct {
    uint32_t linktype;
    decode_fn start;
    uint32_t value;
} link_types[] = {
    { 1, decode_ethernet, DECODE_ETH_LINK },
    { 0, link_null, 0 },   /* LINKTYPE_NULL */
    { 108, link_null, 0 }, /* LINKTYPE_LOOP (OpenBSD loopback; 109 is LINKTYPE_ENC) */
    { 101, link_raw, 0 },  /* LINKTYPE_RAW */
    { 12, link_raw, 0 },   /* DLT_RAW values found in some files */
    { 14, link_raw, 0 },
    { 228, link_raw_ipv4, 0 },
    { 229, link_raw_ipv6, 0 },
    { 113, link_sll, 0 },
    { 276, link_sll2, 0 },
    { 9, decode_ppp, DECODE_PPP_LINK },  /* LINKTYPE_PPP */
    { 50, decode_ppp, DECODE_PPP_LINK }, /* LINKTYPE_PPP_HDLC */
};

decode_step decode_link_start(decode_ctx *ctx, uint32_t linktype)
{
    for (unsigned i = 0; i < sizeof link_types / sizeof link_types[0]; i++)
        if (link_types[i].linktype == linktype)
            return DECODE_NEXT(link_types[i].start, link_types[i].value);
    return decode_unknown(ctx, HD_UNK_ETHERTYPE, linktype & 0xffff);
}
