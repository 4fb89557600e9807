/* hdrdesc.h — the hdrDesc token sequence of one packet (T2-COMPAT §3.2) and the run-wide table
 * that interns each distinct sequence once, with its rendered text, for rt_hdrdesc_string(). */
#ifndef ROWTAP_HDRDESC_H
#define ROWTAP_HDRDESC_H

#include <stdint.h>

/* Token kinds. The UNK kinds carry a number (HDRDESC_TOKEN's arg) rendered as UNK(...). */
typedef enum hdrdesc_kind {
    HD_ETH = 1, HD_RAW, HD_NULL, HD_SLL, HD_PPP,
    HD_VLAN, HD_MPLS, HD_LLC, HD_PPPOED, HD_PPPOES, HD_ARP, HD_RARP, HD_LLDP,
    HD_IPV4, HD_IPV6, HD_IPV6_HOPOPTS, HD_IPV6_ROUTING, HD_IPV6_FRAGHDR, HD_IPV6_DSTOPTS,
    HD_AH, HD_ESP, HD_GRE,
    HD_TCP, HD_UDP, HD_UDPLITE, HD_SCTP, HD_ICMP, HD_ICMPV6, HD_IGMP, HD_SSDP,
    HD_TEREDO, HD_GTP, HD_VXLAN, HD_GENEVE,
    HD_UNK_IPPROTO,   /* UNK(<decimal>) */
    HD_UNK_ETHERTYPE, /* UNK(0x<4 hex digits>): ethertype, PPP protocol (and link types, AF values) */
    HD_UNK_LLC,       /* UNK(0x<2 hex digits>): LLC SAP */
    HD_KIND_COUNT
} hdrdesc_kind;

/* One token: a kind and, for the UNK kinds, the number to show. */
#define HDRDESC_TOKEN(kind, arg) ((uint32_t)(kind) | ((uint32_t)(arg) << 8))

/* Runs of identical tokens kept per packet. More runs can never fit in 127 characters (every run
 * takes at least 3), so further runs only mark the sequence as overflowing. */
#define HDRDESC_MAX_RUNS 64
/* Longest hdrDesc text; longer ones are cut to end in "..." within it. */
#define HDRDESC_MAX_TEXT 127
/* Distinct sequences interned in a run (a bound on the table's memory, about 11 MB at the most,
 * whatever the input). Sequences first met after that all share one entry whose text is "..."
 * and which counts as cut (flow status bit 48). */
#define HDRDESC_MAX_STACKS 16384u

/* The token sequence of the packet being decoded, run-length encoded. key[0] holds the number of
 * runs and (bit 16) the overflow mark, then one (token, count) pair per run. */
typedef struct hdrdesc_builder {
    uint32_t key[1 + 2 * HDRDESC_MAX_RUNS];
    uint16_t num_hdrs; /* numHdrs: every header counted, saturating at 65535 */
} hdrdesc_builder;

/* The interned form of a sequence. */
typedef struct hdrdesc_interned {
    uint32_t id;        /* 1.., equal sequences give equal ids; 0 when memory ran out */
    const char *text;   /* NUL-terminated, valid until hdrdesc_release frees the table */
    uint16_t len;
    int truncated;      /* the text was cut (flow status bit 48) */
} hdrdesc_interned;

/* Starts an empty sequence. */
void hdrdesc_reset(hdrdesc_builder *b);
/* Appends a header's token; it counts in numHdrs. */
void hdrdesc_push(hdrdesc_builder *b, uint32_t token);
/* Appends a marker token that is shown but is not a header (ssdp): numHdrs is unchanged. */
void hdrdesc_push_marker(hdrdesc_builder *b, uint32_t token);
/* Looks the sequence up, adding it on first sight (the only allocation). */
void hdrdesc_intern(const hdrdesc_builder *b, hdrdesc_interned *out);
/* Takes and drops a reference on the shared table; the last release frees it. */
void hdrdesc_acquire(void);
void hdrdesc_release(void);

#endif
