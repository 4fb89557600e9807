/* decode_tunnel.c — tunnels decapsulated so that the flow is keyed on the innermost IP header
 * (§3.5): GRE (including PPP in GRE and the enhanced GRE of PPTP), IP-in-IP (4in4, 6in4, 4in6,
 * 6in6), and the UDP tunnels chosen by port: VXLAN (4789), GTP-U (2152), Geneve (6081) and
 * Teredo (3544). A UDP payload that does not look like its port's tunnel stays plain UDP. */
#include "decode_internal.h"

#define GRE_CHECKSUM 0x8000
#define GRE_ROUTING 0x4000
#define GRE_KEY 0x2000
#define GRE_SEQUENCE 0x1000
#define GRE_ACK 0x0080 /* version 1 (PPTP) only */
#define GRE_VERSION_MASK 0x0007
#define GRE_PPP 0x880b
#define VXLAN_HEADER 8
#define VXLAN_VNI_VALID 0x08
#define GENEVE_MIN_HEADER 8
#define GTP_HEADER 8
#define GTP_OPTIONAL_HEADER 12
#define GTP_G_PDU 0xff
#define TEREDO_AUTHENTICATION 0x0001
#define TEREDO_ORIGIN 0x0000
#define TEREDO_ORIGIN_LENGTH 8
#define IPV6_HEADER 40

/* The optional fields of a GRE header, in bytes, for these flags and version. */
static uint32_t gre_header_length(uint16_t flags, unsigned version)
{
    uint32_t len = 4;
    if (flags & (GRE_CHECKSUM | GRE_ROUTING))
        len += 4; /* checksum and offset (RFC 1701: present when either bit is set) */
    if (flags & GRE_KEY)
        len += 4; /* key, or PPTP payload length and call ID */
    if (flags & GRE_SEQUENCE)
        len += 4;
    if (version == 1 && (flags & GRE_ACK))
        len += 4;
    return len;
}

/* GRE versions 0 and 1 with their optional fields and RFC 1701 source routes; the payload is
 * chosen by the protocol type (an ethertype; 0x880b PPP). No payload (e.g. a PPTP
 * acknowledgement) ends decoding after the GRE header. */
decode_step decode_tunnel_gre(decode_ctx *ctx, uint32_t proto)
{
    decode_token(ctx, HD_GRE);
    ctx->pkt->status |= RT_STAT_GRE;
    ctx->saw_gre = 1;
    if (!decode_available(ctx, ctx->off, 4))
        return decode_cut(ctx);
    const uint8_t *p = ctx->data + ctx->off;
    uint16_t flags = decode_be16(p), type = decode_be16(p + 2);
    unsigned version = flags & GRE_VERSION_MASK;
    if (version > 1)
        return decode_unknown(ctx, HD_UNK_ETHERTYPE, type);
    uint32_t len = gre_header_length(flags, version);
    if (!decode_available(ctx, ctx->off, len))
        return decode_cut(ctx);
    for (int more = (flags & GRE_ROUTING) != 0; more;) {
        if (!decode_available(ctx, ctx->off + len, 4))
            return decode_cut(ctx);
        const uint8_t *route = ctx->data + ctx->off + len;
        more = decode_be16(route) != 0 || route[3] != 0;
        len += 4u + route[3];
    }
    if (!decode_available(ctx, ctx->off, len))
        return decode_cut(ctx);
    ctx->off += len;
    if (ctx->off >= ctx->end)
        return DECODE_DONE;
    if (type == GRE_PPP)
        return DECODE_NEXT(decode_ppp, DECODE_PPP_IN_GRE);
    return DECODE_NEXT(decode_ethertype, type);
}

decode_step decode_tunnel_ipip(decode_ctx *ctx, uint32_t proto)
{
    return DECODE_NEXT(proto == 4 ? decode_ipv4 : decode_ipv6, DECODE_IP_IN_IP);
}

/* VXLAN: 8 bytes with the valid-VNI flag, then Ethernet. */
static decode_step tunnel_vxlan(decode_ctx *ctx, uint32_t unused)
{
    if (!decode_available(ctx, ctx->off, VXLAN_HEADER) || !(ctx->data[ctx->off] & VXLAN_VNI_VALID))
        return DECODE_DONE;
    decode_token(ctx, HD_VXLAN);
    ctx->pkt->status |= RT_STAT_VXLAN;
    ctx->off += VXLAN_HEADER;
    return DECODE_NEXT(decode_ethernet, 0);
}

/* Geneve version 0: 8 bytes plus options, then the payload named by its protocol type. */
static decode_step tunnel_geneve(decode_ctx *ctx, uint32_t unused)
{
    if (!decode_available(ctx, ctx->off, GENEVE_MIN_HEADER) || ctx->data[ctx->off] >> 6 != 0)
        return DECODE_DONE;
    const uint8_t *p = ctx->data + ctx->off;
    uint32_t len = GENEVE_MIN_HEADER + (p[0] & 0x3fu) * 4;
    uint16_t type = decode_be16(p + 2);
    decode_token(ctx, HD_GENEVE);
    ctx->pkt->status |= RT_STAT_GENEVE;
    if (!decode_available(ctx, ctx->off, len))
        return decode_cut(ctx);
    ctx->off += len;
    return DECODE_NEXT(decode_ethertype, type);
}

/* GTP version 1 (protocol type GTP): 8 bytes, 4 more when any of E/S/PN is set, then the chain
 * of extension headers (length in 4-byte units, next type in the last byte). Only a G-PDU
 * carries user data, an IPv4 or IPv6 packet told by its version nibble; other messages end
 * decoding after the GTP header. */
static decode_step tunnel_gtp(decode_ctx *ctx, uint32_t unused)
{
    if (!decode_available(ctx, ctx->off, GTP_HEADER))
        return DECODE_DONE;
    const uint8_t *p = ctx->data + ctx->off;
    if (p[0] >> 5 != 1 || !(p[0] & 0x10))
        return DECODE_DONE;
    decode_token(ctx, HD_GTP);
    ctx->pkt->status |= RT_STAT_GTP;
    uint32_t len = GTP_HEADER;
    if (p[0] & 0x07) {
        len = GTP_OPTIONAL_HEADER;
        if (!decode_available(ctx, ctx->off, len))
            return decode_cut(ctx);
        for (uint8_t next = p[len - 1]; next;) {
            if (!decode_available(ctx, ctx->off, len + 1) || p[len] == 0)
                return decode_cut(ctx);
            len += p[len] * 4u;
            if (!decode_available(ctx, ctx->off, len))
                return decode_cut(ctx);
            next = p[len - 1];
        }
    }
    uint8_t message = p[1];
    ctx->off += len;
    if (message != GTP_G_PDU || !decode_available(ctx, ctx->off, 1))
        return DECODE_DONE;
    switch (ctx->data[ctx->off] >> 4) {
    case 4: return DECODE_NEXT(decode_ipv4, DECODE_IP_PLAIN);
    case 6: return DECODE_NEXT(decode_ipv6, DECODE_IP_PLAIN);
    default: return DECODE_DONE;
    }
}

/* Teredo: optional authentication (type 1: lengths, client ID, value, 8-byte nonce, confirmation
 * byte) and origin indication (type 0, 8 bytes), then an IPv6 packet: a version nibble of 6 and
 * room for the 40-byte header in the declared datagram. */
static decode_step tunnel_teredo(decode_ctx *ctx, uint32_t unused)
{
    uint32_t off = ctx->off;
    if (decode_available(ctx, off, 4) && decode_be16(ctx->data + off) == TEREDO_AUTHENTICATION)
        off += 4u + ctx->data[off + 2] + ctx->data[off + 3] + 9u;
    if (decode_available(ctx, off, 2) && decode_be16(ctx->data + off) == TEREDO_ORIGIN)
        off += TEREDO_ORIGIN_LENGTH;
    if (!decode_available(ctx, off, 1) || ctx->data[off] >> 4 != 6 ||
        (uint64_t)off + IPV6_HEADER > ctx->end)
        return DECODE_DONE;
    decode_token(ctx, HD_TEREDO);
    ctx->pkt->status |= RT_STAT_TEREDO;
    ctx->off = off;
    return DECODE_NEXT(decode_ipv6, DECODE_IP_PLAIN);
}

static const struct {
    uint16_t port;
    decode_fn decode;
} udp_tunnels[] = {
    { 4789, tunnel_vxlan },
    { 2152, tunnel_gtp },
    { 6081, tunnel_geneve },
    { 3544, tunnel_teredo },
};

decode_step decode_tunnel_udp(decode_ctx *ctx, uint16_t src_port, uint16_t dst_port)
{
    const uint16_t ports[2] = { dst_port, src_port };
    for (unsigned i = 0; i < 2; i++)
        for (unsigned t = 0; t < sizeof udp_tunnels / sizeof udp_tunnels[0]; t++)
            if (udp_tunnels[t].port == ports[i])
                return DECODE_NEXT(udp_tunnels[t].decode, 0);
    return DECODE_DONE;
}
