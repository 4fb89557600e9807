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
} decoded_packet;

/* Counters for the end-of-run report (T2-COMPAT §10, groups "packets" and "protocols"). */
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

decoder *decoder_new(void);
void decoder_free(decoder *dec);
/* Decodes one frame. number and time are the packet's pktNo and (precision-truncated) time. */
void decoder_decode(decoder *dec, const capture_frame *frame, uint64_t number, int64_t time,
                    decoded_packet *out);
/* Counters since decoder_new. */
const decode_stats *decoder_stats(const decoder *dec);

#endif
