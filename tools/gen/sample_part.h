/* sample_part.h — the parts of the bundled sample capture, written one after the other by
 * gen_sample.c, and the hosts they share. Each part advances the clock of the sample_ctx; its
 * content is described in tools/rowtap-gen.md. */
#ifndef ROWTAP_SAMPLE_PART_H
#define ROWTAP_SAMPLE_PART_H

#include "sample.h"

/* The home/office LAN of the sample (MAC and addresses). */
#define LAN_ROUTER_MAC "c8:3a:35:12:6e:01"
#define LAN_ROUTER_IP "192.168.1.1"
#define LAN_ROUTER_LL "fe80::ca3a:35ff:fe12:6e01"
#define LAPTOP_MAC "3c:52:82:6f:1e:a4"
#define LAPTOP_IP "192.168.1.105"
#define LAPTOP_LL "fe80::3e52:82ff:fe6f:1ea4"
#define LAPTOP_IP6 "2001:db8:1:0:3e52:82ff:fe6f:1ea4"
#define DESKTOP_MAC "b8:27:eb:4d:21:9c"
#define DESKTOP_IP "192.168.1.20"
#define PRINTER_MAC "00:1b:a9:3e:77:02"
#define PRINTER_IP "192.168.1.50"
#define SWITCH_MAC "00:1e:bd:5a:40:81"

/* Ethernet paths of the LAN: laptop or desktop (side 0) to the router (side 1), inbound frames
 * padded. */
extern const sample_path sample_part_laptop;
extern const sample_path sample_part_desktop;

void sample_part_web(sample_ctx *c);
void sample_part_ftp(sample_ctx *c);
void sample_part_tcp_edges(sample_ctx *c);
void sample_part_udp(sample_ctx *c);
void sample_part_icmp(sample_ctx *c);
void sample_part_layer2(sample_ctx *c);
void sample_part_ip(sample_ctx *c);
void sample_part_tunnels(sample_ctx *c);
void sample_part_flows(sample_ctx *c);
/* The end of the sample: the conversation that restarts after more than 182 s of silence. */
void sample_part_idle_restart(sample_ctx *c);

#endif
