/* mix_flow.h — the inside of the benchmark mix: applications, the per-flow state, the queue of
 * packets a flow has planned, and the run context. Each flow plans its packets a group at a time
 * (a handshake, one burst of a transfer, one DNS exchange ...) into its queue; the scheduler in
 * gen_mix.c writes the earliest packet of all flows next. Side 0 of a flow is the side that sends
 * its first packet ("a" in the truth file). */
#ifndef ROWTAP_MIX_FLOW_H
#define ROWTAP_MIX_FLOW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "gen_cli.h"
#include "gen_content.h"
#include "gen_rand.h"
#include "pcap_writer.h"

/* Applications of the mix. */
typedef enum mix_app {
    MIX_HTTP, MIX_FTP, MIX_SMTP, MIX_BULK, MIX_FAIL, /* TCP */
    MIX_DNS, MIX_NTP, MIX_SYSLOG, MIX_DNSFRAG,      /* UDP */
    MIX_PING, MIX_BIGPING,                           /* ICMP / ICMPv6 */
    MIX_APPS
} mix_app;

#define MIX_QUEUE 64        /* packets a flow plans ahead at most */
#define MIX_HEADER_MAX 72   /* Ethernet, two tags, IPv6 */
#define MIX_ARENA 1536      /* text of the current message or datagram of most applications */
#define MIX_ARENA_LARGE 9216 /* fragmented datagrams (at most six fragments) */

typedef struct mix_flow mix_flow;
typedef struct mix_ctx mix_ctx;

/* Packet kinds of the queue. */
enum { MIX_PKT_TCP, MIX_PKT_RAW };

/* One planned packet. TCP: header fields and the payload as a range of the current message.
 * RAW: the bytes after the IP header (a UDP or ICMP datagram, or a fragment of one) at data. */
typedef struct mix_pkt {
    int64_t time;           /* ns */
    const uint8_t *data;    /* RAW: bytes after the IP header */
    uint32_t seq, ack;      /* TCP */
    uint32_t msg_off;       /* TCP: payload = message bytes [msg_off, msg_off + len) */
    uint16_t len;           /* TCP payload bytes, RAW bytes */
    uint16_t window;        /* TCP window field */
    uint16_t frag_off;      /* RAW over IPv4: fragment offset in bytes */
    uint8_t side;           /* sender: 0 or 1 */
    uint8_t kind;           /* MIX_PKT_TCP / MIX_PKT_RAW */
    uint8_t flags;          /* TCP flags */
    uint8_t options;        /* TCP: MIX_OPT_* */
    uint8_t more_frags;     /* RAW: IPv4 more-fragments flag */
    uint8_t l4;             /* carries the transport header (not a later fragment) */
} mix_pkt;

enum { MIX_OPT_NONE, MIX_OPT_SYN, MIX_OPT_TS };

/* The message a TCP flow is sending: head (flow arena), then bytes of a content pool from
 * body_start on (wrapping around the pool), then tail (arena); len bytes in all. */
typedef struct mix_message {
    const uint8_t *head, *body, *tail;
    uint32_t head_len, tail_len, body_start, len;
} mix_message;

/* What the application says next (gen_mix_dialog.c): a line of text (head, one segment) or a
 * body of many segments whose bytes `fill` provides once the TCP side knows their number. */
typedef struct mix_turn {
    uint8_t sender;
    uint8_t body;
    uint32_t packets;        /* packets the message may use, its ACKs included */
    uint32_t min_len;        /* bodies: bytes at least (headers that must fit) */
    int64_t think;           /* ns between the previous packet and the message */
    const uint8_t *line;
    uint32_t line_len;
    void (*fill)(mix_ctx *m, mix_flow *f, uint32_t len, mix_message *msg);
} mix_turn;

/* TCP state (gen_mix_tcp.c). */
typedef struct mix_tcp {
    uint32_t seq[2];         /* next sequence number of each side */
    uint32_t ts_base[2];     /* TSval clock origin of each side (ms) */
    uint32_t ts_last[2];     /* last TSval written by each side */
    uint32_t rwnd[2];        /* receive buffer of each side, bytes */
    uint16_t mss;            /* payload bytes of a full segment */
    uint8_t wscale;          /* window scale shift of both sides */
    uint8_t timestamps;      /* Linux-style: timestamps on every segment */
    uint8_t near;            /* the side next to the capture point */
    uint8_t phase;
    uint8_t close_len, close_side;
    uint32_t middle_left;    /* packets of the conversation not yet given to a message */
    uint32_t cwnd;           /* segments of the next burst */
    /* the message being sent */
    mix_message msg;
    uint8_t msg_sender, msg_zero_window, msg_extra_ack, msg_started;
    uint32_t msg_sent, msg_segments_left;
    int64_t next_burst;      /* earliest time of the message's next burst */
    /* the application's dialog */
    uint32_t step;
    uint16_t exchanges_left;
    uint8_t object;          /* HTTP: the object requested */
    uint8_t quit_sent;       /* FTP: the client said QUIT */
    uint8_t binary_body;     /* the body comes from the binary pool */
    int64_t rtt, serialization;
} mix_tcp;

/* UDP / ICMP state. */
typedef struct mix_dgram {
    uint16_t step;
    uint16_t icmp_id;
    int64_t rtt, interval;
} mix_dgram;

struct mix_flow {
    uint64_t id;
    uint32_t budget;         /* packets this flow writes */
    uint32_t planned;        /* packets planned into the queue so far */
    uint32_t written;
    uint8_t app;
    uint8_t ipv6;
    uint8_t proto;           /* IP protocol: 6, 17, 1 or 58 */
    uint8_t n_tags;
    uint8_t local;           /* the side on the LAN (its frames go to the router's MAC) */
    uint8_t header_len, ip_off;
    uint16_t vlan[2];
    uint16_t port[2];
    uint16_t ip_id[2];
    uint8_t addr[2][16];
    uint8_t header[2][MIX_HEADER_MAX]; /* Ethernet, tags and IP header of each side's frames */
    uint16_t head, count;
    mix_pkt queue[MIX_QUEUE];
    int64_t last_time;       /* time of the last planned packet */
    uint8_t last_side;       /* side of the last planned packet */
    gen_rand rng;
    union {
        mix_tcp tcp;
        mix_dgram dgram;
    } st;
    uint8_t *arena;
    size_t arena_size, arena_used;
    /* truth */
    uint64_t packets[2], bytes[2], l4_packets, fragments;
    int64_t first_time;
    mix_flow *next_free;
};

/* Counters of the whole run, for the truth file. */
typedef struct mix_totals {
    uint64_t packets, wire_bytes, captured_bytes;
    uint64_t vlan, qinq, ipv4, ipv6, tcp, udp, icmp, icmpv6, fragments, fragments_later;
    uint64_t conversations[4]; /* tcp, udp, icmp, icmpv6 */
    uint64_t app_packets[MIX_APPS];
} mix_totals;

struct mix_ctx {
    const gen_options *options;
    pcap_writer *writer;
    FILE *truth;
    const gen_content_pools *pools;
    mix_totals totals;
    uint64_t flows_done;
    uint8_t frame[65600];
    /* hosts (gen_mix_hosts.c) */
    uint32_t n_clients, n_servers;
    uint16_t *client_port;   /* next ephemeral port of each client */
    uint32_t *client_icmp;   /* ICMP conversations each client has started */
};

/* Application operations: start sets up the flow (addresses, ports, state); plan adds the next
 * group of packets to the queue and returns how many (0 when the flow planned its budget). */
typedef struct mix_app_ops {
    const char *name;
    uint8_t proto;           /* 6 or 17; ICMP apps give 1 (58 over IPv6) */
    void (*start)(mix_ctx *m, mix_flow *f);
    unsigned (*plan)(mix_ctx *m, mix_flow *f);
} mix_app_ops;

/* The applications, by mix_app (mix_apps.c). */
extern const mix_app_ops mix_apps[MIX_APPS];

/* --- queue and arena (gen_mix_queue.c) ---------------------------------------------------- */
/* A new packet at the end of the flow's queue (zeroed but for side and time). */
mix_pkt *mix_queue_add(mix_flow *f, uint8_t side, int64_t time);
/* Sorts the packets planned since index `from` of the queue by time (stable) and makes sure none
 * is earlier than `not_before`. */
void mix_queue_sort(mix_flow *f, unsigned from, int64_t not_before);
/* n bytes of the flow's arena (NULL when it is full: a programming error). */
uint8_t *mix_queue_arena(mix_flow *f, size_t n);
/* Packets the flow may still plan. */
uint32_t mix_queue_budget_left(const mix_flow *f);

/* --- applications ------------------------------------------------------------------------- */
/* The TCP applications' next message, given the packets left for the conversation (> 0); sets up
 * the dialog's state on the first call (step 0). */
void mix_dialog_next(mix_flow *f, uint32_t left, mix_turn *turn);
void mix_tcp_start(mix_ctx *m, mix_flow *f);
unsigned mix_tcp_plan(mix_ctx *m, mix_flow *f);
void mix_dgram_udp_start(mix_ctx *m, mix_flow *f);
unsigned mix_dgram_udp_plan(mix_ctx *m, mix_flow *f);
void mix_dgram_icmp_start(mix_ctx *m, mix_flow *f);
unsigned mix_dgram_icmp_plan(mix_ctx *m, mix_flow *f);

/* --- hosts (gen_mix_hosts.c) ------------------------------------------------------------- */
/* Sizes the host pools for the run; -1 when out of memory. */
int mix_hosts_init(mix_ctx *m, uint64_t flows);
void mix_hosts_free(mix_ctx *m);
/* Chooses the flow's addresses, ports, VLAN tags and MACs and builds its two frame headers. The
 * client is side `client` (0, or 1 for FTP data connections opened by the server); server_port
 * 0 means an ephemeral port too; ICMP flows get a pair of hosts no other ICMP flow uses. */
void mix_hosts_assign(mix_ctx *m, mix_flow *f, int client, uint16_t server_port, int role);
/* Server roles of mix_hosts_assign. */
enum { MIX_ROLE_WEB, MIX_ROLE_FILE, MIX_ROLE_MAIL, MIX_ROLE_DNS, MIX_ROLE_NTP, MIX_ROLE_SYSLOG,
       MIX_ROLE_PING };

/* --- checksums of datagrams built in the arena (gen_mix_emit.c) ---------------------------- */
/* Sum of the flow's IP pseudo-header for a transport of len bytes. */
uint64_t mix_emit_pseudo_sum(const mix_flow *f, int side, uint32_t len);

/* --- output (gen_mix_emit.c) ------------------------------------------------------------- */
/* Writes the first packet of the flow's queue and counts it. */
void mix_emit(mix_ctx *m, mix_flow *f);

#endif
