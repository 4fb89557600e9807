/* tcpflags_state.h — the per-direction state of the tcpFlags plugin and the functions of its
 * parts: IP header analysis (tcpflags_ip.c), checksums (tcpflags_csum.c), TCP options
 * (tcpflags_opts.c), sequence and acknowledgement analysis (tcpflags_seq.c), window tracking
 * (tcpflags_win.c), trip times and timestamp clocks (tcpflags_rtt.c), the JA4T string
 * (tcpflags_ja4t.c). tcpFlags.c ties them together.
 *
 * The core keeps one tcpflags_state next to every flow direction, zeroed at creation; the state
 * of the opposite direction is reached through flow->partner. Nothing is allocated. */
#ifndef TCPFLAGS_STATE_H
#define TCPFLAGS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include <rowtap/rowtap.h>

#define TCPFLAGS_MAX_OPT_KINDS 40 /* a 40-byte option area holds at most 40 options */

/* IP-level observations of one direction. */
typedef struct tcpflags_ip {
    uint32_t opt_num;        /* ipOptCpCl_Num, second part */
    uint32_t ip6_hh_types;   /* ip6OptHH_D, first part */
    uint32_t ip6_d_types;    /* ip6OptHH_D, second part */
    uint32_t frag_id;        /* identification of the fragmented datagram being followed */
    uint32_t frag_next;      /* offset (bytes) where its next fragment should start */
    uint16_t flags;          /* ipFlags */
    uint16_t last_id;        /* IPv4 identification of the previous IPv4 packet */
    uint16_t min_did, max_did;
    uint16_t opt_cnt, ip6_hh_cnt, ip6_d_cnt;
    uint8_t min_ttl, max_ttl, last_ttl, ttl_chg;
    uint8_t tos;             /* ipToS */
    uint8_t opt_cpcl;        /* ipOptCpCl_Num, first part */
    uint8_t seen;            /* TCPFLAGS_IPSEEN_* */
} tcpflags_ip;

#define TCPFLAGS_IPSEEN_PACKET 0x01u /* an IP packet was analysed (TTL fields valid) */
#define TCPFLAGS_IPSEEN_ID     0x02u /* last_id holds an IPv4 identification */
#define TCPFLAGS_IPSEEN_DID    0x04u /* min_did/max_did hold a delta */
#define TCPFLAGS_IPSEEN_FRAG   0x08u /* frag_id/frag_next follow a datagram */

/* Running statistics of gaps in seconds (Welford). */
typedef struct tcpflags_stats {
    double mean, m2;
    float min, max;
    uint32_t n;
} tcpflags_stats;

/* What the first SYN (or SYN-ACK) of a direction carried, for tcpJA4T. */
typedef struct tcpflags_ja4t {
    uint16_t window;
    uint16_t mss;
    uint8_t shift;
    uint8_t has;             /* TCPFLAGS_JA4T_* */
    uint8_t n_kinds;
    uint8_t kinds[TCPFLAGS_MAX_OPT_KINDS];
} tcpflags_ja4t;

#define TCPFLAGS_JA4T_SEEN  0x01u
#define TCPFLAGS_JA4T_MSS   0x02u
#define TCPFLAGS_JA4T_SHIFT 0x04u

/* Kind of the direction's last TCP packet, for the partner's keep-alive ACK and ZWP ACK. */
enum { TCPFLAGS_LAST_OTHER = 0, TCPFLAGS_LAST_KEEPALIVE, TCPFLAGS_LAST_ZWP };

/* Handshake role of a direction. */
enum { TCPFLAGS_ROLE_NONE = 0, TCPFLAGS_ROLE_SYN, TCPFLAGS_ROLE_SYNACK };

/* TCP observations of one direction. */
typedef struct tcpflags_tcp {
    /* sequence numbers (tcpflags_seq.c) */
    uint32_t isn;            /* tcpISeqN */
    uint32_t nxt;            /* next expected sequence number (highest seq + length, SYN/FIN 1) */
    uint32_t data_high;      /* highest end of payload sent (SYN counts, FIN does not) */
    uint32_t syn_seq;        /* sequence number of the latest SYN or SYN-ACK (tcpflags_rtt.c) */
    int64_t nxt_time;        /* time of the segment that last advanced nxt */
    uint64_t seq_bytes;      /* tcpSeqSntBytes */
    /* acknowledgements */
    uint32_t last_ack;       /* acknowledgement number of the previous ACK */
    uint32_t ack_high;       /* highest acknowledgement number */
    int64_t last_ack_time;
    uint64_t ack_bytes;      /* tcpFlwLssAckRcvdBytes */
    uint32_t flight_max;     /* tcpBFlgtMx */
    uint16_t pseq_cnt, seq_fault_cnt, pack_cnt, ack_fault_cnt;
    uint16_t dup_acks;       /* consecutive duplicate ACKs of last_ack */
    /* windows (tcpflags_win.c), scaled where scaling is in use */
    uint16_t win_down, win_up, win_turns;
    uint32_t init_win, min_win, max_win, last_win;
    uint32_t th_pkts, th_below; /* tcpWinSzThRt: eligible packets, those below winMin */
    double avg_win;
    int8_t win_trend;        /* -1 falling, +1 rising, 0 unknown */
    uint8_t ws_shift;        /* shift announced in this direction's SYN (at most 14) */
    /* state of the analysis */
    uint8_t have;            /* TCPFLAGS_HAVE_* */
    uint8_t last_kind;       /* TCPFLAGS_LAST_* */
    /* flags and status */
    uint16_t flags, anomaly, fstat;
    /* options (tcpflags_opts.c) */
    uint16_t opt_pkts, opt_cnt, mss;
    uint16_t mp_subtypes;    /* tcpMPTBF */
    uint8_t mp_flags, mp_addr_id, mp_dss_flags;
    uint8_t role;            /* TCPFLAGS_ROLE_*, handshake role (tcpflags_rtt.c) */
    uint32_t options;        /* tcpOptions */
    /* timestamps */
    uint32_t ts_first, ts_last, tsecr_last;
    int64_t ts_first_time, ts_last_time;
    /* handshake and trips (tcpflags_rtt.c) */
    int64_t syn_time;        /* time of the latest SYN or SYN-ACK */
    int64_t hs_trip;         /* tcpSSASAATrip in ns, valid with TCPFLAGS_HAVE_TRIP */
    tcpflags_stats trips;    /* gaps to the partner's next packet */
    tcpflags_ja4t ja4t;
} tcpflags_tcp;

#define TCPFLAGS_HAVE_SEQ     0x01u /* isn, nxt, data_high valid */
#define TCPFLAGS_HAVE_ACK     0x02u /* last_ack, ack_high valid */
#define TCPFLAGS_HAVE_WIN     0x04u /* window fields valid */
#define TCPFLAGS_HAVE_WS      0x08u /* this direction's SYN carried window scale */
#define TCPFLAGS_HAVE_TS      0x10u /* timestamp fields valid */
#define TCPFLAGS_HAVE_TRIP    0x20u /* hs_trip valid */
#define TCPFLAGS_HAVE_PENDING 0x40u /* a packet awaits the partner's next packet (trips) */

typedef struct tcpflags_state {
    tcpflags_ip ip;
    tcpflags_tcp tcp;
} tcpflags_state;

/* One TCP header, read once per packet. */
typedef struct tcpflags_segment {
    int64_t time;
    uint32_t seq, ack;
    uint32_t len;            /* payload bytes (from the IP length) */
    uint32_t window;         /* window, scaled when scaling is in use and the packet is no SYN */
    uint16_t raw_window;     /* the window field */
    uint8_t flags;           /* flag byte */
    uint8_t in_order;        /* set by tcpflags_seq_packet: seq equalled the expected one */
} tcpflags_segment;

/* Saturating increments of counters. */
static inline void tcpflags_inc16(uint16_t *counter)
{
    if (*counter < UINT16_MAX)
        (*counter)++;
}

/* a − b in sequence-number space (RFC 1982): positive when a lies after b. */
static inline int32_t tcpflags_seq_diff(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b);
}

/* Big-endian reads. */
static inline uint16_t tcpflags_get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t tcpflags_get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Bytes captured from p (a pointer into the packet's frame) to the end of the frame; 0 when p is
 * NULL or lies outside the frame. */
static inline size_t tcpflags_captured_from(const rt_packet *pkt, const uint8_t *p)
{
    if (!p || !pkt->data || p < pkt->data || p > pkt->data + pkt->caplen)
        return 0;
    return (size_t)(pkt->data + pkt->caplen - p);
}

/* IP header analysis of one packet: TTL, ToS, identification, flags, fragments, IPv4 and IPv6
 * options, header checksum, timestamps (flow: the direction, before its counters advance). Sets
 * *route_pending when the pseudo-header destination of a transport checksum cannot be taken
 * from the IP header (source route, IPv6 routing header with segments left). */
void tcpflags_ip_packet(tcpflags_ip *ip, const rt_flow *flow, const rt_packet *pkt, int *route_pending);

/* Transport checksum (TCP, UDP, UDP-Lite, ICMP, ICMPv6, IGMP) and UDP length checks of one
 * packet; sets tcpFStat and ipFlags bits. */
void tcpflags_csum_packet(uint16_t *fstat, uint16_t *ip_flags, const rt_packet *pkt, int route_pending);

/* Internet checksum (RFC 1071) of len bytes added to sum, not yet folded or complemented. */
uint32_t tcpflags_csum_add(uint32_t sum, const uint8_t *data, size_t len);
/* Folds a sum to 16 bits; a correct header or segment folds to 0xffff. */
uint16_t tcpflags_csum_fold(uint32_t sum);

/* The options of one TCP header. */
typedef struct tcpflags_opts {
    uint8_t kinds[TCPFLAGS_MAX_OPT_KINDS]; /* kinds in order, the zero padding after an EOL as EOLs */
    uint8_t n_kinds;
    uint8_t n_options;       /* options up to and including the first EOL (tcpOptCnt) */
    uint8_t malformed;       /* a length field that cannot be right */
    uint8_t has_mss, has_ws, has_ts, has_sack, has_mptcp, has_mp_addr_id;
    uint16_t mss;
    uint8_t ws_shift;        /* as announced (not capped) */
    uint32_t tsval, tsecr;
    uint16_t mp_subtypes;
    uint8_t mp_flags, mp_dss_flags, mp_addr_id;
} tcpflags_opts;

/* Parses the option area of a TCP header: header_len bytes from opt are options, captured of
 * them are in the capture (captured <= header_len). Options cut by the capture end the parse
 * without being malformed. */
void tcpflags_opts_parse(const uint8_t *opt, size_t header_len, size_t captured, tcpflags_opts *out);

/* Adds a packet's options to the direction's counters (tcpOpt*, MSS, MPTCP, timestamps). */
void tcpflags_opts_account(tcpflags_tcp *s, const tcpflags_opts *o, int64_t time);

/* Sequence and acknowledgement analysis of one segment (partner may be NULL); tells whether
 * the segment is in order in seg->in_order. ooo_ns: out-of-order threshold. */
void tcpflags_seq_packet(tcpflags_tcp *s, const tcpflags_tcp *partner, tcpflags_segment *seg, int64_t ooo_ns);
void tcpflags_seq_ack(tcpflags_tcp *s, const tcpflags_tcp *partner, const tcpflags_segment *seg);

/* Window tracking of one segment; win_min: tcpFlags.winMin. */
void tcpflags_win_packet(tcpflags_tcp *s, const tcpflags_segment *seg, uint32_t win_min);

/* Handshake trips and the gaps to the partner's next packet: partner_flow/partner may be NULL. */
void tcpflags_rtt_packet(tcpflags_tcp *s, tcpflags_tcp *partner, const rt_flow *partner_flow,
                         const tcpflags_segment *seg);
/* Out-of-order threshold of a connection: its handshake round trip, else 3 ms. */
int64_t tcpflags_rtt_ooo_threshold(const tcpflags_tcp *s, const tcpflags_tcp *partner);
/* Adds one gap (seconds) to running statistics. */
void tcpflags_stats_add(tcpflags_stats *st, double value);
/* Population variance of the statistics (0 without samples). */
double tcpflags_stats_variance(const tcpflags_stats *st);
/* tcpEcI: the sender's timestamp clock period in seconds, or 0. */
double tcpflags_rtt_clock_period(const tcpflags_tcp *s);

/* Records the first SYN's fingerprint data. */
void tcpflags_ja4t_record(tcpflags_ja4t *j, uint16_t window, const tcpflags_opts *o);
/* Writes the tcpJA4T text (empty without SYN) into out (at least TCPFLAGS_JA4T_SIZE bytes);
 * returns its length. */
#define TCPFLAGS_JA4T_SIZE (6 + TCPFLAGS_MAX_OPT_KINDS * 4 + 6 + 4 + 1)
size_t tcpflags_ja4t_format(const tcpflags_ja4t *j, char *out);

#endif
