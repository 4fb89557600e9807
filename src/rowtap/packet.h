/* rowtap/packet.h — the decoded packet handed to plugins.
 *
 * The decoder fills one rt_packet per captured frame without copying packet bytes: every pointer
 * points into the captured frame and is valid only during the callbacks for this packet. Offsets
 * and lengths never exceed the captured bytes. "Innermost" means: after decapsulating tunnels
 * (T2-COMPAT §3.5), the header the flow is keyed on. */
#ifndef ROWTAP_PACKET_H
#define ROWTAP_PACKET_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define RT_MAX_VLANS 3 /* VLAN IDs listed per packet (further tags still count in numHdrs) */

/* rt_packet.flags */
#define RT_PKT_FRAGMENT       0x0001u /* an IPv4 or IPv6 fragment (first or later) */
#define RT_PKT_LATER_FRAGMENT 0x0002u /* a fragment with offset > 0: no transport header */
#define RT_PKT_HAS_PORTS      0x0004u /* the flow's protocol has ports (TCP, UDP, UDP-Lite, SCTP) */
#define RT_PKT_L4_COMPLETE    0x0008u /* the whole minimal transport header is captured at l4 */

typedef struct rt_packet {
    uint64_t number;      /* pktNo: 1-based ordinal among all packets of the run (§3.1) */
    int64_t time;         /* capture time, ns since the Unix epoch, after precision truncation */
    const uint8_t *data;  /* the captured frame */
    uint32_t caplen;      /* captured bytes */
    uint32_t wirelen;     /* length on the wire */
    uint32_t linktype;    /* LINKTYPE_ value of the frame's interface */
    uint32_t flags;       /* RT_PKT_* */
    uint64_t status;      /* flowStat bits contributed by this packet (T2-COMPAT §5) */

    /* Layer 2 */
    const uint8_t *src_mac; /* innermost Ethernet source MAC, NULL without Ethernet header */
    const uint8_t *dst_mac; /* innermost Ethernet destination MAC, NULL without Ethernet header */
    uint16_t vlan_ids[RT_MAX_VLANS]; /* VLAN IDs, outermost first */
    uint8_t n_vlans;        /* entries used in vlan_ids */
    uint8_t vlan_depth;     /* all VLAN tags seen */
    uint8_t mpls_depth;     /* MPLS label stack entries seen */
    uint16_t eth_type;      /* ethType column (§3.3) */

    /* Header stack (§3.2) */
    uint16_t num_hdrs;      /* numHdrs */
    uint32_t hdrdesc_id;    /* interned hdrDesc: equal stacks have equal ids within a run */
    const char *hdrdesc;    /* hdrDesc text (not NUL-terminated past hdrdesc_len is not promised) */
    uint16_t hdrdesc_len;

    /* Innermost IP header (ip_version 0: not an IP packet) */
    uint8_t ip_version;     /* 0, 4 or 6 */
    uint8_t l4_proto;       /* IP protocol of the innermost header chain (last next-header) */
    const uint8_t *l3;      /* innermost IP header */
    uint16_t l3_hdr_len;    /* IPv4: IHL*4; IPv6: 40 + walked extension headers */
    uint32_t ip_len;        /* IPv4 total length / IPv6 40 + payload length (0 if unusable) */
    const uint8_t *ip6_hbh;     /* IPv6 hop-by-hop options header, NULL if none (or not captured) */
    const uint8_t *ip6_dstopts; /* first IPv6 destination options header, NULL if none */
    uint8_t src_ip[16];     /* addresses of the innermost IP header; IPv4 uses the first 4 bytes */
    uint8_t dst_ip[16];

    /* Transport */
    const uint8_t *l4;      /* transport header, NULL when absent (later fragment, ESP, unknown) */
    uint32_t l4_caplen;     /* bytes captured from l4 to the end of the frame */
    uint16_t src_port;      /* 0 without ports or for a later fragment */
    uint16_t dst_port;

    /* Payload (§3.6) */
    const uint8_t *l7;      /* L7 payload, NULL when nothing is captured */
    uint32_t l7_len;        /* L7 length from the IP length fields (or layer-2 payload length) */
    uint32_t l7_caplen;     /* captured part of the payload (<= l7_len) */
    uint32_t pad_bytes;     /* link-layer padding after the IP datagram */
} rt_packet;

#ifdef __cplusplus
}
#endif
#endif
