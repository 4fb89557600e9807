/* rowtap/flow.h — one flow direction as seen by plugins, and the flowStat bits.
 *
 * The core owns every rt_flow; plugins read it and keep their own per-direction data in the state
 * area the core allocates next to it (rt_flow_state). A flow and its state stay valid from the
 * flow_created callback until the flow_terminated callbacks of both directions of its pair have
 * returned. */
#ifndef ROWTAP_FLOW_H
#define ROWTAP_FLOW_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Key of one direction (T2-COMPAT §4.1). IP flows: addresses, ports, protocol, innermost VLAN.
 * Layer-2 flows (ip_version 0): src/dst hold the MAC addresses in their first 6 bytes. */
typedef struct rt_flow_key {
    uint8_t src[16];
    uint8_t dst[16];
    uint16_t src_port;
    uint16_t dst_port;
    uint16_t vlan;       /* innermost VLAN ID, 0 when untagged */
    uint16_t eth_type;   /* layer-2 flows only, 0 for IP flows */
    uint8_t ip_version;  /* 4, 6, or 0 for layer-2 flows */
    uint8_t l4_proto;    /* IP protocol, 0 for layer-2 flows */
    uint8_t pad[2];      /* always zero */
} rt_flow_key;

typedef struct rt_flow {
    rt_flow_key key;
    uint64_t index;           /* flowInd, shared by both directions of a pair */
    uint64_t status;          /* flowStat accumulated so far (including the current packet) */
    int64_t first_time;       /* time of the direction's first packet (ns) */
    int64_t last_time;        /* time of the previous packet while plugins handle a packet;
                                 of the last packet once the packet's callbacks have returned */
    uint64_t packets;         /* packets before the current one while plugins handle a packet;
                                 all packets of the direction afterwards */
    struct rt_flow *partner;  /* the opposite direction, NULL for a lone direction */
} rt_flow;

/* Is this direction the reply side (flowStat bit 0)? */
#define RT_FLOW_IS_REPLY(flow) (((flow)->status & RT_STAT_REPLY) != 0)

/* flowStat bits (T2-COMPAT §5). */
#define RT_STAT_REPLY          (1ull << 0)
#define RT_STAT_NO_ETHERNET    (1ull << 1)
#define RT_STAT_L2_FLOW        (1ull << 2)
#define RT_STAT_PPPOE_DISC     (1ull << 3)
#define RT_STAT_PPPOE_SESSION  (1ull << 4)
#define RT_STAT_LLDP           (1ull << 5)
#define RT_STAT_ARP            (1ull << 6)
#define RT_STAT_RARP           (1ull << 7)
#define RT_STAT_VLAN           (1ull << 8)
#define RT_STAT_MPLS_UCAST     (1ull << 9)
#define RT_STAT_MPLS_MCAST     (1ull << 10)
#define RT_STAT_L2TP           (1ull << 11)
#define RT_STAT_GRE            (1ull << 12)
#define RT_STAT_PPP            (1ull << 13)
#define RT_STAT_IPV4           (1ull << 14)
#define RT_STAT_IPV6           (1ull << 15)
#define RT_STAT_IPVER_MISMATCH (1ull << 16)
#define RT_STAT_IP_IN_IP       (1ull << 17)
#define RT_STAT_ETH_OVER_IP    (1ull << 18)
#define RT_STAT_TEREDO         (1ull << 19)
#define RT_STAT_AYIYA          (1ull << 20)
#define RT_STAT_GTP            (1ull << 21)
#define RT_STAT_VXLAN          (1ull << 22)
#define RT_STAT_CAPWAP         (1ull << 23)
#define RT_STAT_SCTP           (1ull << 24)
#define RT_STAT_SSDP           (1ull << 25)
#define RT_STAT_ERSPAN         (1ull << 26)
#define RT_STAT_WCCP           (1ull << 27)
#define RT_STAT_GENEVE         (1ull << 29)
#define RT_STAT_IPSEC_AH       (1ull << 30)
#define RT_STAT_IPSEC_ESP      (1ull << 31)
#define RT_STAT_L2_SHORT       (1ull << 32)
#define RT_STAT_TRUNCATED      (1ull << 33)
#define RT_STAT_IP_SHORT       (1ull << 34)
#define RT_STAT_L4_SHORT       (1ull << 35)
#define RT_STAT_FRAGMENT       (1ull << 36)
#define RT_STAT_FRAG_SEQ_ERR   (1ull << 37)
#define RT_STAT_FRAG_FIRST_MISSING (1ull << 38)
#define RT_STAT_FRAG_INCOMPLETE (1ull << 39)
#define RT_STAT_EVICTED        (1ull << 42)
#define RT_STAT_DECODE_STOPPED (1ull << 43)
#define RT_STAT_PPP_COMPRESSED (1ull << 45)
#define RT_STAT_IHL_SHORT      (1ull << 46)
#define RT_STAT_IP_LEN_BAD     (1ull << 47)
#define RT_STAT_HDRDESC_LIMIT  (1ull << 48)
#define RT_STAT_SAME_ENDPOINTS (1ull << 50)
#define RT_STAT_NEGATIVE_IAT   (1ull << 51)
#define RT_STAT_VLAN_PRIO_TAG  (1ull << 57)
#define RT_STAT_IPV4_PACKET    (1ull << 58)
#define RT_STAT_IPV6_PACKET    (1ull << 59)

#ifdef __cplusplus
}
#endif
#endif
