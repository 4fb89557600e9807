/* decode.h — turning a captured frame into an rt_packet: link layer, VLAN/MPLS/PPPoE/LLC, IP
 * with options, extension headers and fragments, transport headers, tunnels (T2-COMPAT §3),
 * the hdrDesc string and numHdrs, and the status bits of the packet. No copies of packet bytes,
 * no allocation per packet (hdrDesc strings are interned once per distinct stack). */
#ifndef ROWTAP_DECODE_H
#define ROWTAP_DECODE_H

#include <stdint.h>

#include "capture.h"
#include "rowtap/packet.h"

/* rt_packet plus what the flow table needs to place fragments and packets without a flow. */
typedef struct decoded_packet {
    rt_packet pkt;
    int no_flow;          /* §3.7: the packet gets no flow and no row (status has the reason) */
    uint32_t frag_id;     /* fragments: IPv4 identification or IPv6 fragment identification */
    uint32_t frag_offset; /* fragments: offset in bytes */
    int frag_more;        /* fragments: more-fragments flag */
    /* Added for the flow table: the fragment key is that of the fragmented IP header, which is not
     * the innermost one when a tunnel's outer header is fragmented (the first fragment decodes
     * into the tunnel, later ones stop at the outer header). Valid when pkt.flags has
     * RT_PKT_FRAGMENT; the outermost fragmented header of the packet is the one recorded. */
    uint8_t frag_ip_version; /* 4 or 6 */
    uint8_t frag_proto;      /* IPv4 protocol / IPv6 fragment header's next header */
    uint8_t frag_src[16];    /* addresses of the fragmented header (IPv4: first 4 bytes) */
    uint8_t frag_dst[16];
    uint16_t inner_vlan;     /* innermost VLAN ID, 0 when untagged (also beyond RT_MAX_VLANS tags) */
} decoded_packet;

/* Counters for the end-of-run report (T2-COMPAT §10, groups "packets" and "protocols").
 * packets/captured_bytes/wire_bytes count every frame; no_flow counts packets without a flow
 * (§3.7), which are left out of every other counter. non_ip/ipv4/ipv6 classify the other packets by
 * the header their flow is keyed on. Protocol counters count packets containing the header
 * (arp, rarp, llc, gre) or whose innermost transport protocol it is (icmp, icmpv6, igmp, tcp,
 * udp, sctp; later fragments included); *_bytes sum those packets' wire lengths. The fragment
 * counters count fragments, first ones included. hdrs_* summarise numHdrs; vlan_max and
 * mpls_max are the deepest stacks seen (saturating at 255). */
typedef struct decode_stats {
    uint64_t packets, captured_bytes, wire_bytes, pad_bytes;
    uint64_t non_ip, ipv4, ipv6, no_flow;
    uint64_t arp, rarp, llc, icmp, icmpv6, igmp, gre;
    uint64_t tcp, tcp_bytes, udp, udp_bytes, sctp, sctp_bytes;
    uint64_t ipv4_fragments, ipv6_fragments;
    uint64_t hdrs_sum;
    uint16_t hdrs_min, hdrs_max;
    uint8_t vlan_max, mpls_max;
} decode_stats;

typedef struct decoder decoder;

/* A new decoder, or NULL when out of memory. The interned hdrDesc strings (rt_hdrdesc_string) are
 * shared by all decoders and stay valid until the last decoder is freed. Not thread-safe: one
 * thread decodes and looks up hdrDesc strings. */
decoder *decoder_new(void);
/* Frees the decoder (NULL is allowed). */
void decoder_free(decoder *dec);
/* Decodes one frame. number and time are the packet's pktNo and (precision-truncated) time.
 * *out is overwritten entirely; its pointers point into frame->data. Never reads outside
 * frame->data[0 .. caplen). */
void decoder_decode(decoder *dec, const capture_frame *frame, uint64_t number, int64_t time,
                    decoded_packet *out);
/* Counters since decoder_new. */
const decode_stats *decoder_stats(const decoder *dec);

#endif
