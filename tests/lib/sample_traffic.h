/* sample_traffic.h — representative traffic built with the frame builder, shared by the fuzz seed
 * corpus generator and the reliability tests (tests/reliability/):
 *   - sample frames: one frame for each link type and header kind the decoder knows, each with
 *     a different stack (tags, MPLS, PPPoE, LLC/SNAP, IPv6 extension headers, fragments, IPsec,
 *     GRE, VXLAN, GTP, Geneve, Teredo, IP in IP);
 *   - a mixed Ethernet exchange of SAMPLE_EXCHANGE_PACKETS packets, 10 ms apart from
 *     SAMPLE_EXCHANGE_START_NS, every frame padded to 60 bytes:
 *        0- 7 TCP 10.0.0.1:40000 <-> 10.0.0.2:80: handshake, GET, response, FIN both ways, ACK
 *        8- 9 UDP 10.0.0.1:5353 <-> 10.0.0.3:53 query and reply
 *       10-11 ICMP echo request 10.0.0.1 -> 10.0.0.4 and its reply
 *       12-13 a UDP datagram 10.0.0.5:41000 -> 10.0.0.6:2000 in two IPv4 fragments
 *       14-15 TCP over IPv6 [2001:db8::1]:40001 <-> [2001:db8::2]:443, SYN (after a hop-by-hop
 *             header) and SYN-ACK
 *       16-17 ARP request 02:..:01 -> broadcast and reply 02:..:02 -> 02:..:01 (two flows: their
 *             MAC pairs are not each other's reverse)
 *       18-19 UDP 192.168.1.1:6000 <-> 192.168.1.2:7000 in VLAN 100
 *     i.e. 13 flow directions (flowInd 1..8).
 * Every function stops the program with exit status 99 when a frame cannot be built. */
#ifndef ROWTAP_TEST_SAMPLE_TRAFFIC_H
#define ROWTAP_TEST_SAMPLE_TRAFFIC_H

#include <stdint.h>

#include "frame_build.h"
#include "pcap_writer.h"

#define SAMPLE_EXCHANGE_PACKETS 20u
#define SAMPLE_EXCHANGE_FLOWS 13u
#define SAMPLE_EXCHANGE_START_NS 1700000000000000000ll
#define SAMPLE_EXCHANGE_STEP_NS 10000000ll

/* Number of sample frames. */
unsigned sample_frame_count(void);
/* Builds sample frame i (0 <= i < sample_frame_count()) into fb, finished; returns its length.
 * fb->linktype is the frame's link type. */
uint32_t sample_frame(frame_builder *fb, unsigned i);

/* Builds packet i (0 <= i < SAMPLE_EXCHANGE_PACKETS) of the mixed exchange into fb, finished;
 * returns its length. Its capture time is SAMPLE_EXCHANGE_START_NS + i * SAMPLE_EXCHANGE_STEP_NS. */
uint32_t sample_exchange_packet(frame_builder *fb, unsigned i);
/* Writes packets first..last (inclusive) of the exchange to interface iface of w, their capture
 * times shifted by shift_ns. */
void sample_exchange_write(pcap_writer *w, uint32_t iface, unsigned first, unsigned last, int64_t shift_ns);

#endif
