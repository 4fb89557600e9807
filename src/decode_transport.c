/* decode_transport.c — dispatch on the IP protocol number (one table for every protocol rowtap
 * knows after an IP header) and the transport headers TCP, UDP, UDP-Lite, SCTP, ICMP, ICMPv6 and
 * IGMP: ports, the minimal-header checks of §3.4 (bits 35 and 43), the ssdp marker. */
#include "decode_internal.h"

#define TCP_MIN_HEADER 20
#define UDP_HEADER 8
#define SSDP_PORT 1900

static decode_step transport_tcp(decode_ctx *ctx, uint32_t proto);
static decode_step transport_udp(decode_ctx *ctx, uint32_t proto);
static decode_step transport_fixed(decode_ctx *ctx, uint32_t proto);

static const decode_protocol protocols[256] = {
    [0] = { decode_ipv6_extension, HD_IPV6_HOPOPTS, 0, 0, 0, 1 },
    [43] = { decode_ipv6_extension, HD_IPV6_ROUTING, 0, 0, 0, 1 },
    [44] = { decode_ipv6_extension, HD_IPV6_FRAGHDR, 0, 0, 0, 1 },
    [60] = { decode_ipv6_extension, HD_IPV6_DSTOPTS, 0, 0, 0, 1 },
    [59] = { decode_ipv6_no_next, 0, 0, 0, 0, 1 },
    [51] = { decode_ipsec_ah, HD_AH, RT_STAT_IPSEC_AH, 0, 0, 0 },
    [50] = { decode_ipsec_esp, HD_ESP, RT_STAT_IPSEC_ESP, 0, 0, 0 },
    [6] = { transport_tcp, HD_TCP, 0, TCP_MIN_HEADER, 1, 0 },
    [17] = { transport_udp, HD_UDP, 0, UDP_HEADER, 1, 0 },
    [136] = { transport_fixed, HD_UDPLITE, 0, 8, 1, 0 },
    [132] = { transport_fixed, HD_SCTP, RT_STAT_SCTP, 12, 1, 0 },
    [1] = { transport_fixed, HD_ICMP, 0, 8, 0, 0 },
    [58] = { transport_fixed, HD_ICMPV6, 0, 8, 0, 0 },
    [2] = { transport_fixed, HD_IGMP, 0, 8, 0, 0 },
    [47] = { decode_tunnel_gre, HD_GRE, RT_STAT_GRE, 0, 0, 0 },
    [4] = { decode_tunnel_ipip, HD_IPV4, RT_STAT_IP_IN_IP, 0, 0, 0 },
    [41] = { decode_tunnel_ipip, HD_IPV6, RT_STAT_IP_IN_IP, 0, 0, 0 },
};

const decode_protocol *decode_transport_protocol(const decode_ctx *ctx, uint8_t proto)
{
    const decode_protocol *p = &protocols[proto];
    if (!p->decode || (p->ipv6_only && ctx->pkt->ip_version != 6))
        return NULL;
    return p;
}

decode_step decode_transport_dispatch(decode_ctx *ctx, uint32_t proto)
{
    const decode_protocol *p = decode_transport_protocol(ctx, (uint8_t)proto);
    ctx->pkt->l4_proto = (uint8_t)proto;
    if (!p)
        return decode_unknown(ctx, HD_UNK_IPPROTO, proto);
    return p->decode(ctx, proto);
}

/* What every transport header shares: token, status, l4, ports (when their 4 bytes are there), and
 * the check that the minimal header is captured and declared. Returns 0 when it is not (bits 35
 * and 43, no payload). */
static int transport_begin(decode_ctx *ctx, const decode_protocol *p)
{
    rt_packet *pkt = ctx->pkt;
    uint32_t off = ctx->off;
    decode_token(ctx, p->token);
    pkt->status |= p->status;
    pkt->l4_caplen = off < ctx->caplen ? ctx->caplen - off : 0;
    pkt->l4 = pkt->l4_caplen ? ctx->data + off : NULL;
    if (p->has_ports) {
        pkt->flags |= RT_PKT_HAS_PORTS;
        if (decode_available(ctx, off, 4)) {
            pkt->src_port = decode_be16(ctx->data + off);
            pkt->dst_port = decode_be16(ctx->data + off + 2);
        }
    }
    if (!decode_available(ctx, off, p->min_len)) {
        pkt->status |= RT_STAT_L4_SHORT;
        decode_cut(ctx);
        return 0;
    }
    pkt->flags |= RT_PKT_L4_COMPLETE;
    return 1;
}

/* The ssdp marker: one port 1900, the other above 1024 (bit 25). */
static void transport_ssdp(decode_ctx *ctx)
{
    uint16_t a = ctx->pkt->src_port, b = ctx->pkt->dst_port;
    if ((a == SSDP_PORT && b > 1024) || (b == SSDP_PORT && a > 1024)) {
        hdrdesc_push_marker(&ctx->hd, HDRDESC_TOKEN(HD_SSDP, 0));
        ctx->pkt->status |= RT_STAT_SSDP;
    }
}

/* TCP: the header length comes from the data offset. Below 5 words the header is malformed (bit
 * 43, no payload); longer than the declared datagram, bits 35 and 43; options cut by the
 * capture, bit 43 (the payload length still follows from the IP length). */
static decode_step transport_tcp(decode_ctx *ctx, uint32_t proto)
{
    if (!transport_begin(ctx, &protocols[proto]))
        return DECODE_DONE;
    uint32_t header = (ctx->data[ctx->off + 12] >> 4) * 4u;
    if (header < TCP_MIN_HEADER)
        return decode_cut(ctx);
    if ((uint64_t)ctx->off + header > ctx->end) {
        ctx->pkt->status |= RT_STAT_L4_SHORT;
        return decode_cut(ctx);
    }
    transport_ssdp(ctx);
    if (!decode_captured(ctx, ctx->off, header))
        ctx->pkt->status |= RT_STAT_DECODE_STOPPED;
    ctx->off += header;
    return DECODE_DONE;
}

/* UDP: 8 bytes, then a tunnel chosen by port, else the payload. The UDP length field is not used
 * (the payload length follows from the IP length, §3.6). */
static decode_step transport_udp(decode_ctx *ctx, uint32_t proto)
{
    if (!transport_begin(ctx, &protocols[proto]))
        return DECODE_DONE;
    ctx->off += UDP_HEADER;
    decode_step tunnel = decode_tunnel_udp(ctx, ctx->pkt->src_port, ctx->pkt->dst_port);
    if (tunnel.fn)
        return tunnel;
    transport_ssdp(ctx);
    return DECODE_DONE;
}

/* Headers of fixed size: UDP-Lite, SCTP (common header), ICMP, ICMPv6, IGMP. */
static decode_step transport_fixed(decode_ctx *ctx, uint32_t proto)
{
    const decode_protocol *p = &protocols[proto];
    if (transport_begin(ctx, p))
        ctx->off += p->min_len;
    return DECODE_DONE;
}
