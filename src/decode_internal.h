/* decode_internal.h — what the decoder's layer files share: the per-packet decoding context, the
 * step type that chains the layers without recursion, and bounds-checked byte readers.
 *
 * Decoding is a loop over steps: each step decodes one header at ctx->off (or dispatches on a
 * number such as an ethertype), advances ctx->off past what it consumed, and returns the next
 * step, or DECODE_DONE. When decoding ends, the L7 payload starts at ctx->off and ends at
 * ctx->end (the declared end of the innermost IP datagram, or the wire length without IP). */
#ifndef ROWTAP_DECODE_INTERNAL_H
#define ROWTAP_DECODE_INTERNAL_H

#include <stdint.h>

#include "decode.h"
#include "hdrdesc.h"
#include "rowtap/flow.h"

typedef struct decode_ctx decode_ctx;
typedef struct decode_step decode_step;

/* A step: the function decoding the next layer and a number for it (ethertype, IP protocol,
 * or flags of the step). fn NULL ends decoding. */
typedef decode_step (*decode_fn)(decode_ctx *ctx, uint32_t value);
struct decode_step {
    decode_fn fn;
    uint32_t value;
};
#define DECODE_DONE ((decode_step){ NULL, 0 })
#define DECODE_NEXT(f, v) ((decode_step){ (f), (v) })

struct decode_ctx {
    decoded_packet *out;
    rt_packet *pkt;
    const uint8_t *data;
    uint32_t caplen;
    uint32_t wirelen;       /* at least caplen */
    uint32_t off;           /* next byte to decode; may pass caplen when a header was cut */
    uint32_t end;           /* declared end of the innermost IP datagram; wirelen before any IP */
    uint16_t l2_ethertype;  /* ethType of a non-IP frame (§3.3) */
    uint8_t ip_headers;     /* IP headers decoded so far (saturating) */
    uint8_t ext_headers;    /* IPv6 extension headers walked after the current IPv6 header */
    uint8_t l7_empty;       /* a header could not be decoded: no payload is attributed */
    uint8_t saw_llc, saw_gre;
    uint8_t outer_ip_len_ok; /* the outermost IP header had a usable length field */
    uint32_t outer_ip_end;  /* where the outermost IP datagram ends (padding follows) */
    uint32_t arp_len;       /* ARP/RARP message length when the last header was ARP, else 0 */
    hdrdesc_builder hd;     /* last: decoder_decode zeroes the members before it, hdrdesc_reset it */
};

/* Values of the IP header steps (the version field is always checked against the header kind). */
#define DECODE_IP_PLAIN 0u /* an IP header named by an ethertype, PPP protocol, tunnel or link */
#define DECODE_IP_IN_IP         1u /* IP-in-IP (protocol 4 or 41): sets flow status bit 17 */
/* Values of the PPP step. */
#define DECODE_PPP_LINK   1u /* the PPP link type: a cut header means no flow (bit 32) */
#define DECODE_PPP_IN_GRE 2u /* PPP carried by GRE: sets flow status bit 13 */
/* Value of the Ethernet step. */
#define DECODE_ETH_LINK 1u   /* the link-layer header: a cut header means no flow (bit 32) */

/* Bytes [off, off + n) are captured. */
static inline int decode_captured(const decode_ctx *ctx, uint32_t off, uint32_t n)
{
    return (uint64_t)off + n <= ctx->caplen;
}

/* Bytes [off, off + n) are captured and inside the declared datagram. */
static inline int decode_available(const decode_ctx *ctx, uint32_t off, uint32_t n)
{
    return decode_captured(ctx, off, n) && (uint64_t)off + n <= ctx->end;
}

static inline uint16_t decode_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t decode_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static inline void decode_token(decode_ctx *ctx, hdrdesc_kind kind)
{
    hdrdesc_push(&ctx->hd, HDRDESC_TOKEN(kind, 0));
}

/* Ends decoding: the packet gets no flow (§3.7); bit is its status bit (0 for none). */
decode_step decode_no_flow(decode_ctx *ctx, uint64_t bit);
/* Ends decoding at an undecodable protocol: appends UNK(number) of the kind, sets bit 43. */
decode_step decode_unknown(decode_ctx *ctx, hdrdesc_kind kind, uint32_t number);
/* Ends decoding at a header cut by the capture or the declared length: bit 43, no payload. */
decode_step decode_cut(decode_ctx *ctx);

/* decode_link.c: the first step for a link type. */
decode_step decode_link_start(decode_ctx *ctx, uint32_t linktype);

/* decode_ethernet.c: Ethernet (value DECODE_ETH_LINK for the link layer), dispatch on an
 * ethertype or 802.3 length field, LLC/SNAP, PPP (value: DECODE_PPP_* flags). */
decode_step decode_ethernet(decode_ctx *ctx, uint32_t value);
decode_step decode_ethertype(decode_ctx *ctx, uint32_t ethertype);
decode_step decode_ethernet_type_field(decode_ctx *ctx, uint32_t type);
decode_step decode_llc(decode_ctx *ctx, uint32_t unused);
decode_step decode_ppp(decode_ctx *ctx, uint32_t flags);

/* decode_ip.c: what IPv4 and IPv6 headers share. */
/* The IP header at ctx->off when min_len bytes of it are captured and its version field is right;
 * otherwise NULL, the packet then has no flow (bit 34 or 16, §3.7). */
const uint8_t *decode_ip_header(decode_ctx *ctx, uint32_t min_len, unsigned version);
/* The usable length of the datagram at ctx->off given its length field (0 = unusable): the field,
 * or, when it is 0 or exceeds the enclosing datagram or frame, what remains of that (bit 47).
 * Inside a first fragment, a longer inner datagram is normal: no bit 47, cut to the fragment. */
uint32_t decode_ip_length(decode_ctx *ctx, uint32_t field, int *len_ok);
/* Enters an IP header at ctx->off with this length field whose datagram has the usable length
 * datagram_len: resets the transport fields of an outer header, sets ip_len (the field, or 0 when
 * not len_ok) and the declared end, bit 33 when the datagram is not all captured. */
void decode_ip_enter(decode_ctx *ctx, uint32_t field, uint32_t datagram_len, int len_ok);
/* Records a fragment of the IP header just decoded (bit 36; the fragment key if first). */
void decode_ip_fragment(decode_ctx *ctx, uint8_t proto, uint32_t id, uint32_t offset, int more,
                        uint32_t data_start);
/* A later fragment: the token of proto, no transport header, bit 43. */
decode_step decode_ip_later_fragment(decode_ctx *ctx, uint8_t proto);

/* decode_ipv4.c / decode_ipv6.c: IP headers (value: DECODE_IP_* flags) and IPv6 extension headers
 * (value: their protocol number). */
decode_step decode_ipv4(decode_ctx *ctx, uint32_t how);
decode_step decode_ipv6(decode_ctx *ctx, uint32_t how);
decode_step decode_ipv6_extension(decode_ctx *ctx, uint32_t proto);
decode_step decode_ipv6_no_next(decode_ctx *ctx, uint32_t proto);
/* Counts one more extension header of the current IPv6 header; 0 when the limit of 5 is reached
 * (decoding then stops with bit 43). Always 1 after an IPv4 header. */
int decode_ipv6_count_extension(decode_ctx *ctx);
/* Moves ctx->off past an extension header (or AH) of len bytes, counted in l3_hdr_len after
 * IPv6. */
void decode_ipv6_pass_extension(decode_ctx *ctx, uint32_t len);

/* decode_ipsec.c: AH (walked like an extension header) and ESP (ends decoding). */
decode_step decode_ipsec_ah(decode_ctx *ctx, uint32_t proto);
decode_step decode_ipsec_esp(decode_ctx *ctx, uint32_t proto);

/* decode_transport.c: what rowtap knows of each IP protocol number, and the transport headers. */
typedef struct decode_protocol {
    decode_fn decode;      /* NULL: no decoder (UNK(n)) */
    hdrdesc_kind token;
    uint64_t status;       /* flow status bit of the protocol (SCTP, GRE, AH, ESP) */
    uint8_t min_len;       /* minimal transport header (transport protocols) */
    uint8_t has_ports;
    uint8_t ipv6_only;     /* an IPv6 extension header number, unknown after IPv4 */
} decode_protocol;
/* The protocol after an IP header of the current version, NULL when rowtap has no decoder. */
const decode_protocol *decode_transport_protocol(const decode_ctx *ctx, uint8_t proto);
/* Decodes the header of IP protocol proto at ctx->off (UNK(proto) when unknown). */
decode_step decode_transport_dispatch(decode_ctx *ctx, uint32_t proto);

/* decode_tunnel.c: GRE, IP-in-IP, and the UDP tunnels chosen by port. */
decode_step decode_tunnel_gre(decode_ctx *ctx, uint32_t proto);
decode_step decode_tunnel_ipip(decode_ctx *ctx, uint32_t proto);
/* The tunnel step for a UDP packet with these ports, or DECODE_DONE. */
decode_step decode_tunnel_udp(decode_ctx *ctx, uint16_t src_port, uint16_t dst_port);

#endif
