/* decode_ethernet.c — layer 2 after the link header: Ethernet (outer or tunnelled), dispatch on
 * ethertypes, 802.1Q/802.1ad tag stacks, MPLS label stacks, PPPoE discovery and session, PPP,
 * 802.2 LLC and SNAP, and the layer-2 protocols ARP, RARP and LLDP. */
#include "decode_internal.h"

#define ETHERNET_HEADER 14
#define ETHERNET_MAX_LENGTH 1500 /* type/length values up to this are 802.3 lengths */
#define ETHERTYPE_MIN 0x0600
#define VLAN_TAG 4
#define MPLS_ENTRY 4
#define PW_CONTROL_WORD 4
#define PPPOE_HEADER 6
#define ARP_FIXED 8
#define SNAP_HEADER 5

decode_step decode_ethernet(decode_ctx *ctx, uint32_t value)
{
    decode_token(ctx, HD_ETH);
    if (!decode_available(ctx, ctx->off, ETHERNET_HEADER))
        return value == DECODE_ETH_LINK ? decode_no_flow(ctx, RT_STAT_L2_SHORT) : decode_cut(ctx);
    const uint8_t *p = ctx->data + ctx->off;
    ctx->pkt->dst_mac = p;
    ctx->pkt->src_mac = p + 6;
    ctx->off += ETHERNET_HEADER;
    return decode_ethernet_type_field(ctx, decode_be16(p + 12));
}

decode_step decode_ethernet_type_field(decode_ctx *ctx, uint32_t type)
{
    if (type <= ETHERNET_MAX_LENGTH)
        return DECODE_NEXT(decode_llc, 0);
    ctx->l2_ethertype = (uint16_t)type;
    if (type < ETHERTYPE_MIN)
        return decode_unknown(ctx, HD_UNK_ETHERTYPE, type);
    return DECODE_NEXT(decode_ethertype, type);
}

/* One 802.1Q / 802.1ad tag: IDs listed up to RT_MAX_VLANS, all counted. */
static decode_step ethernet_vlan(decode_ctx *ctx, uint32_t unused)
{
    rt_packet *pkt = ctx->pkt;
    decode_token(ctx, HD_VLAN);
    pkt->status |= RT_STAT_VLAN;
    if (!decode_available(ctx, ctx->off, VLAN_TAG))
        return decode_cut(ctx);
    const uint8_t *p = ctx->data + ctx->off;
    uint16_t id = decode_be16(p) & 0x0fff;
    if (id == 0)
        pkt->status |= RT_STAT_VLAN_PRIO_TAG;
    if (pkt->n_vlans < RT_MAX_VLANS)
        pkt->vlan_ids[pkt->n_vlans++] = id;
    if (pkt->vlan_depth < UINT8_MAX)
        pkt->vlan_depth++;
    ctx->out->inner_vlan = id;
    ctx->off += VLAN_TAG;
    return decode_ethernet_type_field(ctx, decode_be16(p + 2));
}

/* An MPLS label stack (value: its ethertype, 0x8847 unicast or 0x8848 multicast). What follows the
 * bottom-of-stack entry is guessed from its first nibble: 4 IPv4, 6 IPv6, 0 the control word of an
 * Ethernet pseudowire (4 bytes, then an Ethernet header); anything else is UNK(0x<ethertype>). */
static decode_step ethernet_mpls(decode_ctx *ctx, uint32_t ethertype)
{
    rt_packet *pkt = ctx->pkt;
    pkt->status |= ethertype == 0x8848 ? RT_STAT_MPLS_MCAST : RT_STAT_MPLS_UCAST;
    for (int bottom = 0; !bottom;) {
        decode_token(ctx, HD_MPLS);
        if (!decode_available(ctx, ctx->off, MPLS_ENTRY))
            return decode_cut(ctx);
        if (pkt->mpls_depth < UINT8_MAX)
            pkt->mpls_depth++;
        bottom = ctx->data[ctx->off + 2] & 1;
        ctx->off += MPLS_ENTRY;
    }
    if (!decode_available(ctx, ctx->off, 1))
        return decode_cut(ctx);
    switch (ctx->data[ctx->off] >> 4) {
    case 4: return DECODE_NEXT(decode_ipv4, DECODE_IP_PLAIN);
    case 6: return DECODE_NEXT(decode_ipv6, DECODE_IP_PLAIN);
    case 0:
        if (!decode_available(ctx, ctx->off, PW_CONTROL_WORD))
            return decode_cut(ctx);
        ctx->off += PW_CONTROL_WORD;
        return DECODE_NEXT(decode_ethernet, 0);
    default: return decode_unknown(ctx, HD_UNK_ETHERTYPE, ethertype);
    }
}

/* PPPoE (value: 1 for a session, 0 for discovery): the 6-byte header, then PPP in a session; the
 * tags of a discovery packet are the payload of the layer-2 packet. */
static decode_step ethernet_pppoe(decode_ctx *ctx, uint32_t session)
{
    decode_token(ctx, session ? HD_PPPOES : HD_PPPOED);
    ctx->pkt->status |= session ? RT_STAT_PPPOE_SESSION : RT_STAT_PPPOE_DISC;
    if (!decode_available(ctx, ctx->off, PPPOE_HEADER))
        return decode_cut(ctx);
    ctx->off += PPPOE_HEADER;
    return session ? DECODE_NEXT(decode_ppp, 0) : DECODE_DONE;
}

/* ARP and RARP (value: the token kind): the payload is the message itself, whose length is known
 * from the address lengths, so padding after it is excluded (§3.6). */
static decode_step ethernet_arp(decode_ctx *ctx, uint32_t kind)
{
    decode_token(ctx, (hdrdesc_kind)kind);
    ctx->pkt->status |= kind == HD_ARP ? RT_STAT_ARP : RT_STAT_RARP;
    if (!decode_available(ctx, ctx->off, ARP_FIXED)) {
        ctx->pkt->status |= RT_STAT_DECODE_STOPPED;
        return DECODE_DONE;
    }
    const uint8_t *p = ctx->data + ctx->off;
    ctx->arp_len = ARP_FIXED + 2u * p[4] + 2u * p[5];
    return DECODE_DONE;
}

static decode_step ethernet_lldp(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_LLDP);
    ctx->pkt->status |= RT_STAT_LLDP;
    return DECODE_DONE;
}

static const struct {
    uint16_t type;
    decode_fn fn;
    uint32_t value;
} ethertypes[] = {
    { 0x0800, decode_ipv4, DECODE_IP_PLAIN },
    { 0x86dd, decode_ipv6, DECODE_IP_PLAIN },
    { 0x0806, ethernet_arp, HD_ARP },
    { 0x8035, ethernet_arp, HD_RARP },
    { 0x8100, ethernet_vlan, 0 }, /* 802.1Q */
    { 0x88a8, ethernet_vlan, 0 }, /* 802.1ad */
    { 0x9100, ethernet_vlan, 0 }, /* pre-standard QinQ */
    { 0x9200, ethernet_vlan, 0 },
    { 0x8847, ethernet_mpls, 0x8847 },
    { 0x8848, ethernet_mpls, 0x8848 },
    { 0x8863, ethernet_pppoe, 0 },
    { 0x8864, ethernet_pppoe, 1 },
    { 0x88cc, ethernet_lldp, 0 },
    { 0x6558, decode_ethernet, 0 }, /* transparent Ethernet bridging (GRE, Geneve) */
    { 0x880b, decode_ppp, 0 },
};

decode_step decode_ethertype(decode_ctx *ctx, uint32_t ethertype)
{
    for (unsigned i = 0; i < sizeof ethertypes / sizeof ethertypes[0]; i++)
        if (ethertypes[i].type == ethertype)
            return DECODE_NEXT(ethertypes[i].fn, ethertypes[i].value);
    return decode_unknown(ctx, HD_UNK_ETHERTYPE, ethertype);
}

/* 802.2 LLC: DSAP, SSAP and a 1-byte (U format) or 2-byte control field. SNAP (AA-AA) with OUI 0
 * continues with its ethertype; other SAPs are not decoded: UNK(0x<DSAP>). ethType of the frame:
 * DSAP and SSAP as one number (§3.3), or the SNAP ethertype. */
decode_step decode_llc(decode_ctx *ctx, uint32_t unused)
{
    decode_token(ctx, HD_LLC);
    ctx->saw_llc = 1;
    if (!decode_available(ctx, ctx->off, 3))
        return decode_cut(ctx);
    const uint8_t *p = ctx->data + ctx->off;
    uint32_t header = (p[2] & 3) == 3 ? 3 : 4;
    ctx->l2_ethertype = (uint16_t)(p[0] << 8 | p[1]);
    if (!decode_available(ctx, ctx->off, header))
        return decode_cut(ctx);
    if (p[0] != 0xaa || p[1] != 0xaa) {
        ctx->off += header;
        return decode_unknown(ctx, HD_UNK_LLC, p[0]);
    }
    if (!decode_available(ctx, ctx->off, header + SNAP_HEADER))
        return decode_cut(ctx);
    const uint8_t *snap = p + header;
    uint16_t type = decode_be16(snap + 3);
    ctx->off += header + SNAP_HEADER;
    if (snap[0] || snap[1] || snap[2] || type < ETHERTYPE_MIN)
        return decode_unknown(ctx, HD_UNK_ETHERTYPE, type);
    ctx->l2_ethertype = type;
    return DECODE_NEXT(decode_ethertype, type);
}

static const struct {
    uint16_t protocol;
    decode_fn fn;
    uint32_t value;
} ppp_protocols[] = {
    { 0x0021, decode_ipv4, DECODE_IP_PLAIN },
    { 0x0057, decode_ipv6, DECODE_IP_PLAIN },
    { 0x0281, ethernet_mpls, 0x8847 },
    { 0x0283, ethernet_mpls, 0x8848 },
};

/* PPP: optional address/control bytes FF 03, then a 2-byte protocol. A 1-byte (compressed)
 * protocol field is not decoded (bits 45 and 43). */
decode_step decode_ppp(decode_ctx *ctx, uint32_t flags)
{
    decode_token(ctx, HD_PPP);
    if (flags & DECODE_PPP_IN_GRE)
        ctx->pkt->status |= RT_STAT_PPP;
    uint32_t off = ctx->off;
    if (decode_available(ctx, off, 2) && ctx->data[off] == 0xff && ctx->data[off + 1] == 0x03)
        off += 2;
    if (decode_available(ctx, off, 1) && (ctx->data[off] & 1)) {
        ctx->pkt->status |= RT_STAT_PPP_COMPRESSED | RT_STAT_DECODE_STOPPED;
        return DECODE_DONE;
    }
    if (!decode_available(ctx, off, 2))
        return flags & DECODE_PPP_LINK ? decode_no_flow(ctx, RT_STAT_L2_SHORT) : decode_cut(ctx);
    uint16_t protocol = decode_be16(ctx->data + off);
    ctx->off = off + 2;
    for (unsigned i = 0; i < sizeof ppp_protocols / sizeof ppp_protocols[0]; i++)
        if (ppp_protocols[i].protocol == protocol)
            return DECODE_NEXT(ppp_protocols[i].fn, ppp_protocols[i].value);
    return decode_unknown(ctx, HD_UNK_ETHERTYPE, protocol);
}
