/* frame_build.h — composes test frames in memory, layer by layer, outermost first.
 *
 * Each fb_* layer call appends one header at the end of the frame and returns its layer index
 * (or -1 after an error, which fb_finish then reports). Payload bytes and link-layer padding
 * follow the last header. fb_finish fills what depends on later layers, innermost first:
 *   - next-protocol fields given as FB_AUTO (ethertypes, IP protocols, PPP protocols, null AF,
 *     the MPLS bottom-of-stack bit) from the layer that follows;
 *   - every length field (802.3 length, PPPoE, IPv4 total length, IPv6 payload length, UDP,
 *     GRE version 1 payload length, GTP-U length) from the bytes that follow, padding excluded;
 *   - checksums: IPv4 header, TCP, UDP, UDP-Lite, ICMP, ICMPv6, IGMP, SCTP (CRC32c), GRE (when its
 *     checksum bit is set), over the bytes present (a fragment's transport checksum therefore
 *     covers only its own bytes).
 * Then the lies registered with fb_lie overwrite the fields they name, so a test can declare any
 * length it likes; checksums are not recomputed after a lie. fb_finish may be called again (e.g.
 * after resetting n_lies): it rewrites every field it fills, header lengths included.
 *
 * Addresses are text: "192.0.2.1", "2001:db8::1", MACs "00:08:74:38:01:b4"; NULL picks a default
 * (02:00:00:00:00:01 / 02:00:00:00:00:02 for source / destination MACs, 0.0.0.0 and :: for IP).
 * Without a next layer an FB_AUTO field becomes: ethertype 0x88b5 (local experimental), IP
 * protocol 253 (experimental) after IPv4 and 59 (no next header) after IPv6, PPP protocol 0x0021.
 * A frame_builder is about 71 KB: make it static or allocate it. */
#ifndef ROWTAP_TEST_FRAME_BUILD_H
#define ROWTAP_TEST_FRAME_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "capture.h"

#define FB_AUTO (-1)           /* a next-protocol (or bottom-of-stack) field filled by fb_finish */
#define FB_MAX_FRAME 65600     /* bytes of one frame */
#define FB_MAX_LAYERS 256
#define FB_MAX_LIES 16

/* Layer kinds (fb_layer.kind). */
typedef enum fb_kind {
    FB_K_ETH, FB_K_ETH_8023, FB_K_SLL, FB_K_SLL2, FB_K_NULL, FB_K_RAW, FB_K_PPP,
    FB_K_VLAN, FB_K_MPLS, FB_K_PW_CW, FB_K_PPPOE_D, FB_K_PPPOE_S, FB_K_LLC, FB_K_SNAP, FB_K_ARP,
    FB_K_IPV4, FB_K_IPV6, FB_K_IPV6_EXT, FB_K_IPV6_FRAG, FB_K_AH, FB_K_ESP,
    FB_K_TCP, FB_K_UDP, FB_K_UDPLITE, FB_K_ICMP, FB_K_ICMPV6, FB_K_IGMP, FB_K_SCTP,
    FB_K_GRE, FB_K_VXLAN, FB_K_GTPU, FB_K_GENEVE, FB_K_TEREDO_AUTH, FB_K_TEREDO_ORIGIN,
    FB_K_PAYLOAD
} fb_kind;

/* The fields fb_lie can overwrite. */
typedef enum fb_field {
    FB_LENGTH,        /* the layer's length field: IPv4 total length, IPv6 payload length, UDP
                         length, UDP-Lite checksum coverage, PPPoE length, 802.3 length, GRE v1
                         payload length, GTP-U length (16 bits) */
    FB_HEADER_LENGTH, /* IPv4 IHL and TCP data offset (4 bits, in 4-byte words), IPv6 extension
                         header length (8 bits, 8-byte units beyond the first 8), AH payload length
                         (8 bits), Geneve option length (6 bits, 4-byte words) */
    FB_CHECKSUM,      /* the layer's checksum field (16 bits; SCTP: 32 bits) */
    FB_POKE_8, FB_POKE_16, FB_POKE_32 /* any other field: see fb_poke */
} fb_field;

typedef struct fb_layer {
    fb_kind kind;
    uint32_t off;     /* where the header starts in the frame */
    uint32_t len;     /* header bytes */
    int next;         /* the next-protocol value, or FB_AUTO */
    uint32_t self;    /* what an outer layer's next-protocol field says for this layer, when the
                         layer picks it (VLAN TPID, MPLS/ARP ethertype, IPv6 extension type) */
} fb_layer;

typedef struct frame_builder {
    uint8_t data[FB_MAX_FRAME];
    uint32_t len;          /* bytes written so far, padding included */
    uint32_t content_end;  /* end of headers and payload; padding follows */
    int padded;            /* fb_pad was called: nothing may follow */
    uint32_t linktype;     /* set by the first (link) layer; fb_set_linktype changes it */
    fb_layer layers[FB_MAX_LAYERS];
    unsigned n_layers;
    struct { int layer; fb_field field; uint32_t offset, value; } lies[FB_MAX_LIES];
    unsigned n_lies;
    int error;             /* set when a call failed (full frame, bad address, misuse) */
} frame_builder;

/* Options of fb_ipv4_ex. Zero-initialise and set what matters; proto FB_AUTO must be set
 * explicitly (0 is a protocol number). */
typedef struct fb_ipv4_opts {
    const char *src, *dst;
    uint8_t tos, ttl;          /* ttl 0 is written as 0 */
    uint16_t id;
    int dont_fragment, more_fragments;
    uint16_t frag_offset;      /* in bytes, a multiple of 8 */
    int proto;                 /* IP protocol or FB_AUTO */
    const uint8_t *options;    /* IPv4 options, padded with zeros (EOL) to a multiple of 4 */
    uint8_t options_len;       /* at most 40 */
} fb_ipv4_opts;

/* Options of fb_ipv6_ex; next FB_AUTO must be set explicitly. */
typedef struct fb_ipv6_opts {
    const char *src, *dst;
    uint8_t traffic_class, hop_limit;
    uint32_t flow_label;
    int next;                  /* next header or FB_AUTO */
} fb_ipv6_opts;

/* Options of fb_tcp_ex. */
typedef struct fb_tcp_opts {
    uint16_t src_port, dst_port;
    uint32_t seq, ack;
    uint8_t flags;             /* FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 URG 0x20 ... */
    uint16_t window, urgent;
    const uint8_t *options;    /* TCP options, padded with zeros (EOL) to a multiple of 4 */
    uint8_t options_len;       /* at most 40 */
} fb_tcp_opts;

/* Options of fb_gre_ex. Version 0 uses the checksum, key and sequence fields; version 1 (the
 * enhanced GRE of PPTP) always has the key field, holding the payload length (filled by
 * fb_finish) and call_id, and may have sequence and acknowledgement numbers. */
typedef struct fb_gre_opts {
    int version;               /* 0 or 1 */
    int protocol;              /* ethertype, or FB_AUTO (PPP: 0x880b, Ethernet: 0x6558) */
    int has_checksum, has_key, has_sequence, has_ack;
    uint32_t key, sequence, ack;
    uint16_t call_id;
} fb_gre_opts;

/* Starts an empty frame. */
void fb_init(frame_builder *fb);
/* Overrides the link type (e.g. 108 for a null header in network byte order). */
void fb_set_linktype(frame_builder *fb, uint32_t linktype);

/* --- Link layers (the first layer of a frame sets the link type) ------------------------- */
/* Ethernet II (link type 1, or a tunnelled Ethernet header). */
int fb_eth(frame_builder *fb, const char *dst, const char *src, int ethertype);
/* IEEE 802.3 Ethernet: the type field is the length of what follows (an LLC layer). */
int fb_eth_8023(frame_builder *fb, const char *dst, const char *src);
/* Linux cooked capture v1 (link type 113): packet type, ARPHRD type, a 6-byte address. */
int fb_sll(frame_builder *fb, uint16_t packet_type, uint16_t arphrd, const char *mac,
           int protocol);
/* Linux cooked capture v2 (link type 276). */
int fb_sll2(frame_builder *fb, uint8_t packet_type, uint16_t arphrd, uint32_t ifindex,
            const char *mac, int protocol);
/* BSD null/loopback (link type 0): the address family in host byte order (little-endian here),
 * or big-endian (write big_endian 1, as LINKTYPE_LOOP 108 stores it). af FB_AUTO: 2 for IPv4,
 * 24 for IPv6. */
int fb_null(frame_builder *fb, int af, int big_endian);
/* Raw IP: no header; sets the link type (101, 228, 229, 12 or 14). */
int fb_raw(frame_builder *fb, uint32_t linktype);
/* PPP header flags. */
#define FB_PPP_HDLC 1       /* address and control bytes FF 03 first */
#define FB_PPP_COMPRESSED 2 /* a 1-byte protocol field (protocol must be below 256 and odd) */
/* PPP (link type 9 when first; inside PPPoE session or GRE otherwise). */
int fb_ppp(frame_builder *fb, int flags, int protocol);

/* --- Layer 2 ---------------------------------------------------------------------------- */
/* One VLAN tag. tpid (0x8100, 0x88a8, 0x9100; 0 means 0x8100) is what the preceding type field
 * says; vid is the 12-bit VLAN ID. */
int fb_vlan(frame_builder *fb, uint16_t tpid, uint16_t vid, uint8_t priority, int ethertype);
/* One MPLS label stack entry; bottom FB_AUTO sets the S bit when no MPLS entry follows.
 * multicast makes the preceding type field 0x8848 instead of 0x8847. */
int fb_mpls(frame_builder *fb, uint32_t label, uint8_t tc, uint8_t ttl, int bottom,
            int multicast);
/* The 4-byte control word of an Ethernet pseudowire (all zeros), before an fb_eth. */
int fb_pw_control_word(frame_builder *fb);
/* PPPoE discovery (code: 0x09 PADI, 0x07 PADO, ...) and session headers (length filled). */
int fb_pppoe_discovery(frame_builder *fb, uint8_t code, uint16_t session);
int fb_pppoe_session(frame_builder *fb, uint16_t session);
/* 802.2 LLC: DSAP, SSAP, a 1-byte control field (U format, e.g. 0x03). */
int fb_llc(frame_builder *fb, uint8_t dsap, uint8_t ssap, uint8_t control);
/* SNAP after an LLC AA-AA-03: OUI and ethertype. */
int fb_snap(frame_builder *fb, uint32_t oui, int ethertype);
/* ARP (ethertype 0x0806) or RARP (0x8035) for IPv4 over Ethernet: 28 bytes. */
int fb_arp(frame_builder *fb, uint16_t ethertype, uint16_t operation, const char *sender_mac,
           const char *sender_ip, const char *target_mac, const char *target_ip);

/* --- IP --------------------------------------------------------------------------------- */
/* IPv4 with TTL 64, identification 0, no options, protocol FB_AUTO. */
int fb_ipv4(frame_builder *fb, const char *src, const char *dst);
int fb_ipv4_ex(frame_builder *fb, const fb_ipv4_opts *options);
/* IPv6 with hop limit 64, next header FB_AUTO. */
int fb_ipv6(frame_builder *fb, const char *src, const char *dst);
int fb_ipv6_ex(frame_builder *fb, const fb_ipv6_opts *options);
/* An IPv6 extension header of type 0 (hop-by-hop), 43 (routing, type 0 with no segments left) or
 * 60 (destination options) of len bytes (a multiple of 8, at least 8), options filled with
 * padding; next FB_AUTO. */
int fb_ipv6_ext(frame_builder *fb, uint8_t type, uint16_t len, int next);
/* The IPv6 fragment header: offset in bytes (a multiple of 8), more-fragments flag. */
int fb_ipv6_frag(frame_builder *fb, uint32_t id, uint16_t offset, int more, int next);
/* IPsec AH: SPI, sequence, an ICV of icv_len bytes (12 + icv_len must be a multiple of 4). */
int fb_ah(frame_builder *fb, uint32_t spi, uint32_t sequence, uint8_t icv_len, int next);
/* IPsec ESP: SPI and sequence (8 bytes); the rest is payload. */
int fb_esp(frame_builder *fb, uint32_t spi, uint32_t sequence);

/* --- Transport -------------------------------------------------------------------------- */
int fb_tcp(frame_builder *fb, uint16_t src_port, uint16_t dst_port, uint32_t seq, uint32_t ack,
           uint8_t flags, uint16_t window);
int fb_tcp_ex(frame_builder *fb, const fb_tcp_opts *options);
int fb_udp(frame_builder *fb, uint16_t src_port, uint16_t dst_port);
/* UDP-Lite: coverage 0 means the whole datagram. */
int fb_udplite(frame_builder *fb, uint16_t src_port, uint16_t dst_port, uint16_t coverage);
/* ICMP / ICMPv6: type, code and the 4 bytes after the checksum (e.g. echo ID << 16 | sequence). */
int fb_icmp(frame_builder *fb, uint8_t type, uint8_t code, uint32_t rest);
int fb_icmpv6(frame_builder *fb, uint8_t type, uint8_t code, uint32_t rest);
/* IGMP (v1/v2 layout, 8 bytes): type, maximum response time, group address. */
int fb_igmp(frame_builder *fb, uint8_t type, uint8_t max_response, const char *group);
/* SCTP common header (12 bytes); chunks are payload. */
int fb_sctp(frame_builder *fb, uint16_t src_port, uint16_t dst_port, uint32_t verification_tag);

/* --- Tunnels ---------------------------------------------------------------------------- */
/* GRE version 0 without optional fields. */
int fb_gre(frame_builder *fb, int protocol);
int fb_gre_ex(frame_builder *fb, const fb_gre_opts *options);
/* VXLAN with the valid-VNI flag (an fb_eth follows). */
int fb_vxlan(frame_builder *fb, uint32_t vni);
/* GTP-U version 1: message type (0xff G-PDU), TEID; ext_words > 0 adds the optional fields and
 * one extension header of that many 4-byte words (type 0x85, then next type 0). */
int fb_gtpu(frame_builder *fb, uint8_t message_type, uint32_t teid, uint8_t ext_words);
/* Geneve version 0 with opt_words 4-byte words of options; protocol FB_AUTO picks 0x6558 for
 * Ethernet or the IP ethertype. */
int fb_geneve(frame_builder *fb, uint32_t vni, uint8_t opt_words, int protocol);
/* Teredo authentication indicator (client ID and authentication value of the given lengths,
 * nonce, confirmation byte) and origin indication (port and IPv4 address, obfuscated). */
int fb_teredo_auth(frame_builder *fb, uint8_t id_len, uint8_t auth_len);
int fb_teredo_origin(frame_builder *fb, uint16_t port, const char *address);

/* --- Payload, padding, lies, result ----------------------------------------------------- */
/* Appends payload bytes after the last header. */
int fb_payload(frame_builder *fb, const void *bytes, size_t len);
/* Appends the characters of a string (without its NUL). */
int fb_payload_str(frame_builder *fb, const char *text);
/* Appends len copies of one byte. */
int fb_payload_fill(frame_builder *fb, uint8_t byte, size_t len);
/* Appends n zero bytes of link-layer padding, counted in no length field. Nothing but more
 * padding may follow. */
void fb_pad(frame_builder *fb, size_t n);
/* Pads the frame with zeros up to min_len bytes (60: the Ethernet minimum without FCS). */
void fb_pad_to(frame_builder *fb, size_t min_len);
/* After fb_finish's computations, writes value into the field of the layer (any value, e.g. a
 * length that does not match). */
void fb_lie(frame_builder *fb, int layer, fb_field field, uint32_t value);
/* After fb_finish's computations, writes an 8-, 16- or 32-bit value (big-endian) at offset bytes
 * into the layer's header, for fields fb_lie does not name (e.g. ARP address lengths, a GTP
 * extension header length, Teredo authentication lengths). */
void fb_poke(frame_builder *fb, int layer, uint32_t offset, unsigned bits, uint32_t value);
/* Completes the frame; returns its length, or 0 when a call failed. */
uint32_t fb_finish(frame_builder *fb);
/* The finished frame as a captured frame with at most snaplen bytes captured (0: all). */
void fb_capture(const frame_builder *fb, uint32_t snaplen, capture_frame *out);
/* Parses text addresses (also used by tests): 0 on success, -1 if malformed. */
int fb_parse_mac(const char *text, uint8_t mac[6]);
int fb_parse_ipv4(const char *text, uint8_t address[4]);
int fb_parse_ipv6(const char *text, uint8_t address[16]);

#endif
