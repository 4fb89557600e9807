/* plugin_harness_build.h — further packet builders for plugin tests: TCP segments with sequence
 * and acknowledgement numbers, options and payload; IPv4 header fields and options; IPv6
 * extension headers; correct checksums.
 *
 * Each function changes a packet made by plugin_harness_ip_packet (plugin_harness.h) in place
 * and keeps it consistent the way the decoder would fill it: the IP length fields, the UDP
 * length, rt_packet's lengths and pointers (l3_hdr_len, ip_len, l4, l4_caplen, l7, l7_len,
 * l7_caplen, caplen, wirelen, ip6_hbh, ip6_dstopts) and hdrDesc/numHdrs for IPv6 extension
 * headers. Checksums are left as they are (zero) until plugin_harness_build_checksums, which
 * must come after every other change. The frame holds 256 bytes: a test fails when a packet
 * would not fit.
 *
 *     harness_packet p;
 *     plugin_harness_ip_packet(&p, "10.0.0.1", 40000, "10.0.0.2", 80, 6, t);
 *     plugin_harness_build_tcp(&p, 1000, 0, 0x02, 64240);                // SYN
 *     static const uint8_t mss[] = { 2, 4, 0x05, 0xb4 };
 *     plugin_harness_build_tcp_options(&p, mss, sizeof mss);
 *     plugin_harness_build_payload(&p, 100, 100);                         // 100 bytes, all captured
 *     plugin_harness_build_checksums(&p); */
#ifndef ROWTAP_TEST_PLUGIN_HARNESS_BUILD_H
#define ROWTAP_TEST_PLUGIN_HARNESS_BUILD_H

#include <stdint.h>

#include "plugin_harness.h"

/* Sets the TCP sequence number, acknowledgement number, flag byte and window field. */
void plugin_harness_build_tcp(harness_packet *p, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t window);
/* Replaces the TCP option area by `len` bytes (a multiple of 4, at most 40) and sets the data
 * offset; the payload moves behind them. */
void plugin_harness_build_tcp_options(harness_packet *p, const uint8_t *options, unsigned len);
/* Sets the data offset field alone (4-bit value), e.g. to make it lie; lengths stay as they are. */
void plugin_harness_build_tcp_data_offset(harness_packet *p, uint8_t words);
/* Gives the packet `len` payload bytes after the transport header (bytes 0x41 + i % 26), of
 * which the first `captured` are in the frame and the rest were cut by the capture. */
void plugin_harness_build_payload(harness_packet *p, unsigned len, unsigned captured);
/* TTL (IPv6: hop limit) and ToS (IPv6: traffic class). */
void plugin_harness_build_ip(harness_packet *p, uint8_t ttl, uint8_t tos);
/* IPv4 identification and the 16-bit flags and fragment-offset field (0x4000 DF, 0x2000 MF,
 * 0x8000 reserved, low 13 bits the offset in units of 8 bytes). Fragment flags and status bits
 * of rt_packet are the caller's business (plugin_harness_later_fragment). */
void plugin_harness_build_ipv4_id(harness_packet *p, uint16_t id, uint16_t flags_offset);
/* Inserts `len` bytes of IPv4 options (a multiple of 4, at most 40) after the fixed header. */
void plugin_harness_build_ipv4_options(harness_packet *p, const uint8_t *options, unsigned len);
/* Appends an IPv6 extension header to the chain, just before the transport header: `type` 0
 * hop-by-hop options, 43 routing, 44 fragment or 60 destination options; `body` is what
 * follows its next-header and length bytes (2 + body_len must be a multiple of 8; for the
 * fragment header 6 bytes: offset/flags and identification). Adds the hdrDesc token
 * (ipv6.hopopts, ipv6.routing, ipv6.fraghdr, ipv6.dstopts) and sets ip6_hbh / ip6_dstopts. */
void plugin_harness_build_ipv6_ext(harness_packet *p, uint8_t type, const uint8_t *body, unsigned body_len);
/* Computes the IPv4 header checksum, and the transport checksum (TCP, UDP, UDP-Lite over the
 * whole datagram, ICMP, ICMPv6) when the segment is wholly captured. */
void plugin_harness_build_checksums(harness_packet *p);

#endif
