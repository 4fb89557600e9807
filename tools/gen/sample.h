/* sample.h — building blocks of the hand-written captures (the bundled sample and the
 * link-type captures): a clock and a writer (sample_ctx), the encapsulation a frame travels in up
 * to its innermost IP header (sample_path), IP conversations between two addresses (sample_conv)
 * and TCP connections with sequence numbers, windows and timestamps kept for both sides
 * (sample_tcp). Side 0 is the client (A), side 1 the server (B). Every frame is composed with the
 * frame builder and written with the pcap writer; a frame the builder rejects is a programming
 * error and stops the program. */
#ifndef ROWTAP_SAMPLE_H
#define ROWTAP_SAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "frame_build.h"
#include "pcap_writer.h"

/* Where frames go and when they happen. */
typedef struct sample_ctx {
    pcap_writer *writer;
    uint32_t iface;     /* pcapng interface of the next frames (0 for classic pcap) */
    frame_builder *fb;  /* the frame being built */
    int64_t now;        /* capture time of the last frame, ns */
    uint64_t frames;    /* frames written */
    uint32_t cut_next;  /* nonzero: the next frame is captured with only this many bytes */
} sample_ctx;

/* The layers in front of the innermost IP header, for a frame sent by `side`. */
typedef struct sample_path sample_path;
typedef void (*sample_path_fn)(frame_builder *fb, const sample_path *path, int side);

struct sample_path {
    sample_path_fn open;      /* writes the outer layers (Ethernet, tags, tunnels ...) */
    const char *mac[2];       /* Ethernet addresses of side 0 and side 1 */
    uint16_t tpid[4];         /* VLAN tags, outermost first (tpid 0: 0x8100) */
    uint16_t vid[4];
    uint8_t priority;         /* 802.1p priority of every tag */
    unsigned n_tags;
    const char *outer[2];     /* tunnel endpoints (outer IP addresses) of side 0 and side 1 */
    uint16_t outer_port[2];   /* tunnel UDP ports of side 0 and side 1 */
    uint32_t id;              /* VNI, TEID, GRE call ID, PPPoE session, MPLS label ... */
    uint32_t id2;             /* a second label or parameter */
    int pad;                  /* pad side 1's frames to the 60-byte Ethernet minimum */
};

/* An IP conversation between side 0 and side 1 over a path. */
typedef struct sample_conv {
    sample_ctx *ctx;
    const sample_path *path;
    const char *ip[2];
    int v6;
    uint8_t ttl[2];
    uint16_t ip_id[2];
    int dont_fragment;
} sample_conv;

/* A TCP connection; the numbers are those the next segment of each side carries. */
typedef struct sample_tcp {
    sample_conv conv;
    uint16_t port[2];
    uint32_t seq[2];          /* next sequence number of each side */
    uint16_t window[2];       /* window field each side sends */
    int timestamps;           /* both sides send the timestamp option */
    uint32_t ts_base[2];      /* TSval clock origin of each side (ms) */
    uint32_t ts_last[2];      /* last TSval sent by each side */
    uint16_t mss;             /* segment size of transfers */
    int windows_style;        /* SYN options in Windows order, no timestamps */
    int hold_ack[2];          /* nonzero: the side keeps acknowledging held_ack[side] (lost data) */
    uint32_t held_ack[2];
} sample_tcp;

/* --- clock and frames ------------------------------------------------------------------- */
void sample_ctx_init(sample_ctx *c, pcap_writer *writer, int64_t start_ns);
/* Starts a new frame and returns the builder. */
frame_builder *sample_ctx_frame(sample_ctx *c);
/* Advances the clock by delta_us (may be negative) and writes the finished frame, captured whole
 * or cut to cut_next bytes when that is set (then cleared). */
void sample_ctx_write(sample_ctx *c, int64_t delta_us);

/* --- paths (sample_path.open) ----------------------------------------------------------- */
/* Ethernet with the path's VLAN tags. */
void sample_path_ethernet(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, then MPLS labels id (and id2 when nonzero) over ethertype 0x8847. */
void sample_path_mpls(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, then one MPLS multicast label id over ethertype 0x8848. */
void sample_path_mpls_multicast(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, PPPoE session id, PPP. */
void sample_path_pppoe(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4, enhanced GRE (PPTP, call ID id), PPP. */
void sample_path_gre_ppp(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4, GRE version 0 (key id when nonzero). */
void sample_path_gre(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4 (the inner IP header follows directly: IP in IP, 6in4). */
void sample_path_ip_in_ip(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4, UDP 4789 without checksum, VXLAN id, inner Ethernet. */
void sample_path_vxlan(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4, UDP 6081 without checksum, Geneve id with one option, inner Ethernet. */
void sample_path_geneve(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4, UDP 2152, GTP-U G-PDU with TEID id. */
void sample_path_gtpu(frame_builder *fb, const sample_path *p, int side);
/* Ethernet, outer IPv4, UDP 3544 (port on side 1), Teredo origin indication on side 1's frames. */
void sample_path_teredo(frame_builder *fb, const sample_path *p, int side);
/* Link types without Ethernet: raw IP (link type in id), null (id 0) or OpenBSD loop (id 108,
 * the family in network byte order; 109 is LINKTYPE_ENC, another header) with the address family id2 (0: 2 for IPv4, 24 for IPv6), Linux cooked v1 and v2 (MAC of the sending
 * side, packet type 4 "outgoing" for side 0, 0 "to us" for side 1), PPP (HDLC framing when id2). */
void sample_path_raw(frame_builder *fb, const sample_path *p, int side);
void sample_path_null(frame_builder *fb, const sample_path *p, int side);
void sample_path_sll(frame_builder *fb, const sample_path *p, int side);
void sample_path_sll2(frame_builder *fb, const sample_path *p, int side);
void sample_path_ppp(frame_builder *fb, const sample_path *p, int side);

/* --- IP conversations ------------------------------------------------------------------- */
/* A conversation between ip_a and ip_b (IPv6 when they contain ':'), TTL 64 / 52. */
void sample_conv_init(sample_conv *c, sample_ctx *ctx, const sample_path *path, const char *ip_a,
                      const char *ip_b);
/* Starts a frame of `side`: path layers and the IP header (protocol FB_AUTO). */
frame_builder *sample_conv_frame(sample_conv *c, int side);
/* Pads side 1's frames when the path asks for it and writes the frame after delta_us. */
void sample_conv_send(sample_conv *c, int side, int64_t delta_us);

/* --- UDP and ICMP in one call ----------------------------------------------------------- */
void sample_conv_udp(sample_conv *c, int side, uint16_t sport, uint16_t dport, const void *data,
                size_t len, int64_t delta_us);
/* ICMP (IPv4) or ICMPv6 (IPv6) message with the 4 bytes after the checksum and a body. */
void sample_conv_icmp(sample_conv *c, int side, uint8_t type, uint8_t code, uint32_t rest,
                 const void *data, size_t len, int64_t delta_us);
/* An echo request (side 0) and its reply (side 1) after rtt_us, Linux ping payload of 56 bytes. */
void sample_conv_ping(sample_conv *c, uint16_t id, uint16_t seq, int64_t delta_us, int64_t rtt_us);

/* --- TCP -------------------------------------------------------------------------------- */
void sample_tcp_init(sample_tcp *t, sample_ctx *ctx, const sample_path *path, const char *ip_a,
                     uint16_t port_a, const char *ip_b, uint16_t port_b, uint32_t isn_a,
                     uint32_t isn_b);
/* One segment: flags, sequence number (the side's next one unless seq_override is used by
 * sample_tcp_segment_at), payload; the acknowledgement is what side has received so far. */
void sample_tcp_segment(sample_tcp *t, int side, uint8_t flags, const void *data, size_t len,
                        int64_t delta_us);
/* The same with an explicit sequence number, not advancing the side's sequence (retransmissions,
 * probes). */
void sample_tcp_segment_at(sample_tcp *t, int side, uint8_t flags, uint32_t seq, const void *data,
                           size_t len, int64_t delta_us);
/* The client's SYN and the server's SYN-ACK with the usual options (Linux or Windows order). */
void sample_tcp_syn(sample_tcp *t, int64_t delta_us);
void sample_tcp_syn_ack(sample_tcp *t, int64_t delta_us);
/* SYN, SYN-ACK, ACK with the usual options; rtt_us between the client's packets. */
void sample_tcp_handshake(sample_tcp *t, int64_t delta_us, int64_t rtt_us);
/* A PSH/ACK carrying text, then (when ack_us >= 0) the peer's ACK after ack_us. */
void sample_tcp_say(sample_tcp *t, int side, const char *text, int64_t delta_us, int64_t ack_us);
/* len bytes from side split into MSS segments gap_us apart, the peer ACKing every second segment
 * and the last one. */
void sample_tcp_transfer(sample_tcp *t, int side, const uint8_t *data, size_t len, int64_t gap_us);
/* FIN/ACK from side, the peer's FIN/ACK, the final ACK (three-way close). */
void sample_tcp_close(sample_tcp *t, int side, int64_t delta_us, int64_t rtt_us);

/* Flag bits of the TCP header. */
#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10

#endif
