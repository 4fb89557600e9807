/* decode.h — turning a captured frame into an rt_packet: link layer, VLAN/MPLS/PPPoE/LLC, IP
 * with options, extension headers and fragments, transport headers, tunnels (T2-COMPAT §3),
 * the hdrDesc string and numHdrs, and the status bits of the packet. No copies of packet bytes,
 * no allocation per packet (hdrDesc strings are interned once per distinct stack).
 *
 * Rules the specification leaves open, as implemented:
 * - After the bottom-of-stack MPLS entry the payload is guessed from its first nibble: 4 IPv4,
 *   6 IPv6, 0 an Ethernet pseudowire with a 4-byte control word; anything else is
 *   UNK(0x8847) / UNK(0x8848), a layer-2 packet with that ethType.
 * - A header that is identified but cut (by the capture or a declared length) still adds its
 *   token; decoding stops with bit 43 and no payload is attributed. TCP options cut by the
 *   capture after a complete 20-byte header set bit 43 only; the payload length still comes from
 *   the IP length. A TCP data offset below 5 stops decoding (bit 43, no payload).
 * - An IPv4 total length below the header length sets bits 34 and 43 (flow on the addresses, no
 *   transport). An inner datagram longer than the first fragment carrying it is normal: no bit
 *   47. An IPv6 fragment header with offset 0 and no more-fragments flag is not a fragment.
 * - AH counts among the 5 IPv6 extension headers; the sixth header is not tokenised. Next header
 *   59 ends an IPv6 stack without a token or bit 43.
 * - The ssdp marker is shown but not counted in numHdrs (it is no header).
 * - UDP tunnels are chosen by destination port, else source port, and decoded only when their
 *   header checks out (VXLAN flag, GTP version 1, Geneve version 0, Teredo's IPv6 nibble with
 *   room for 40 bytes); otherwise the packet stays plain UDP.
 * - Non-IP frames inside an IP tunnel keep the flow on the innermost IP header (e.g. ARP in
 *   VXLAN: an IPv4/UDP flow with bit 6).
 * - Link types without a decoder (e.g. 127, 802.11 radiotap) give a layer-2 packet UNK(0x<link
 *   type>) with bit 1 and 43; an unknown null/loopback address family gives null:UNK(0x<AF>); a
 *   raw IP link type whose first nibble is neither 4 nor 6 gives no flow (bit 16).
 * - LLC/SNAP with a vendor OUI: UNK(0x<protocol ID>), ethType 0xaaaa. */
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
    uint32_t frag_data_len;  /* fragment data bytes after the fragmented header (by its length field) */
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
