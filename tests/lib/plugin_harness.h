/* plugin_harness.h — running plugins in a unit test exactly as rowtap runs them, without capture
 * or decoder: hand-made rt_packet values in, typed rows out.
 *
 * The harness loads the built plugin modules (<top_builddir>/plugins/.libs/<name>.so, through
 * the core's module loader), validates the options given to it, lets each plugin choose its
 * columns and builds the schemas (analyzer_build_schemas), calls init, and then runs every
 * packet and every ending direction through the core's own plugin calls (analyzer_plugins.c),
 * so the row writer checks each value's type and each plugin's column count as in a real run.
 * Rows are kept in memory and read back with rt_cursor.
 *
 * A test:
 *     plugin_harness *h = plugin_harness_new("basicFlow,tcpWin");
 *     plugin_harness_option(h, "tcpWin.threshold=100");     // like -X, before start
 *     ck_assert_int_eq(plugin_harness_start(h, 1), 0);      // 1: write packet rows (-s)
 *     harness_packet p;
 *     plugin_harness_ip_packet(&p, "10.0.0.1", 40000, "10.0.0.2", 80, 6, 1 * PLUGIN_HARNESS_SEC);
 *     rt_flow *a = plugin_harness_flow(h, &p.pkt, NULL);  // a new direction (A)
 *     plugin_harness_packet(h, a, &p.pkt);                 // packet row 0
 *     plugin_harness_end(h, a, NULL);                      // flow row 0 (dir A)
 *     ck_assert_uint_eq(plugin_harness_u(h, RT_STREAM_PACKETS, 0, "winSize"), 0);
 *     ck_assert_str_eq(plugin_harness_text(h, RT_STREAM_FLOWS, 0, "srcIP", 0), "10.0.0.1");
 *     plugin_harness_free(h);
 *
 * Build: link the test with $(rowtap_unit_ldadd) and -export-dynamic (the plugin modules resolve
 * rt_row_*, rt_option_* ... from the test program). Check's fork mode gives every test a fresh
 * process, which the harness relies on (options and plugins' static data are per process).
 *
 * hdrDesc: rt_packet.hdrdesc_id must come from plugin_harness_hdrdesc (the harness keeps its own
 * table and answers rt_hdrdesc_string from it). */
#ifndef ROWTAP_TEST_PLUGIN_HARNESS_H
#define ROWTAP_TEST_PLUGIN_HARNESS_H

#include <stdint.h>

#include "rowtap/rowtap.h"

#define PLUGIN_HARNESS_SEC 1000000000LL

typedef struct plugin_harness plugin_harness;

/* A hand-made packet: the rt_packet and the frame bytes its pointers point into. Build it in
 * place with the functions below and do not copy it (the pointers would still point into the
 * original). */
typedef struct harness_packet {
    rt_packet pkt;
    uint8_t frame[256];
} harness_packet;

/* Loads the comma-separated plugins (as -b) from <top_builddir>/plugins/.libs ($top_builddir
 * from the environment, "." when unset). Fails the test when one cannot be loaded. */
plugin_harness *plugin_harness_new(const char *plugins);
/* Records an option "module.key=value" (as -X); call before plugin_harness_start. */
void plugin_harness_option(plugin_harness *h, const char *assignment);
/* Validates the options, builds the schemas and calls every init. packet_rows: write packet
 * rows (-s). Returns 0, or -1 when the options or schemas are refused (message in
 * plugin_harness_error) or an init failed (its message went to standard error). */
int plugin_harness_start(plugin_harness *h, int packet_rows);
/* Loads the plugins, records one option and starts them expecting a refusal (fails the test if
 * they start); returns what they wrote to standard error (valid until the next capture). */
const char *plugin_harness_start_refused(const char *plugins, const char *option);
/* Message of a refused start. */
const char *plugin_harness_error(const plugin_harness *h);
/* Calls every finish, unloads the plugins and forgets the options. */
void plugin_harness_free(plugin_harness *h);

/* A new direction keyed on the packet (addresses, ports unless a later fragment, protocol,
 * innermost VLAN; MACs and ethertype for non-IP), with zeroed plugin state, first and last time
 * of the packet and no packets yet, like the flow table makes it. With `reverse` the two are
 * linked as a pair: the new one shares reverse's flowInd and gets flowStat bit 0 unless reverse
 * has it. Without, it gets the next flowInd. The direction stays valid until plugin_harness_free. */
rt_flow *plugin_harness_flow(plugin_harness *h, const rt_packet *first, rt_flow *reverse);
/* Runs one packet of `flow` through the plugins as the analyzer does (flow_created for the
 * direction's first packet) and keeps its packet row when packet rows are on. */
void plugin_harness_packet(plugin_harness *h, rt_flow *flow, const rt_packet *pkt);
/* Ends a pair: writes the flow row of `a` (dir A), then of `b` (dir B) when not NULL. */
void plugin_harness_end(plugin_harness *h, rt_flow *a, rt_flow *b);
/* Lines of every plugin's end-of-run report ("<plugin>: <text>\n" each). */
const char *plugin_harness_report(plugin_harness *h);

/* The schema of a stream (after plugin_harness_start). */
const rt_schema *plugin_harness_schema(const plugin_harness *h, rt_stream stream);
/* 1-based number of a column in a stream's schema, 0 when the schema has no such column. */
unsigned plugin_harness_column_number(const plugin_harness *h, rt_stream stream, const char *column);

/* Rows written so far to a stream. */
unsigned plugin_harness_rows(const plugin_harness *h, rt_stream stream);
/* Column count of a row: RT_ABSENT, or the number of values (compounds) it holds. Fails the test
 * for an unknown column name or row number. */
uint32_t plugin_harness_count(const plugin_harness *h, rt_stream stream, unsigned row, const char *column);
/* Value number `index` of a column (compound parts count one by one); bytes point into the rows
 * and stay valid until the next row is written. Fails the test when the value does not exist. */
rt_value plugin_harness_value(const plugin_harness *h, rt_stream stream, unsigned row, const char *column,
                              unsigned index);
/* The single value of an integer, bit-field, time or duration column (fails unless count is 1). */
uint64_t plugin_harness_u(const plugin_harness *h, rt_stream stream, unsigned row, const char *column);
int64_t plugin_harness_i(const plugin_harness *h, rt_stream stream, unsigned row, const char *column);
/* Value `index` as text: S/SC as they are, MAC aa:bb:.., IP4/IP6/IPX as addresses ("-" for IPX
 * without address), integers in decimal, H types 0x + hex digits of the type's width, C the
 * character. The text stays valid for the next 15 calls. */
const char *plugin_harness_text(const plugin_harness *h, rt_stream stream, unsigned row, const char *column,
                                unsigned index);

/* Packet builders. An Ethernet frame (src MAC 02:00:00:00:00:01, dst 02:00:00:00:00:02)
 * carrying IPv4 or IPv6 (chosen by the address text) and a TCP (20 bytes, window 0), UDP, ICMP
 * or ICMPv6 header (8 bytes) or, for other protocols, nothing; every rt_packet field is filled
 * as the decoder would, with hdrDesc like "eth:ipv4:tcp". Ports are kept only for protocols
 * with ports (TCP, UDP, UDP-Lite, SCTP). */
void plugin_harness_ip_packet(harness_packet *p, const char *src, uint16_t src_port, const char *dst,
                              uint16_t dst_port, uint8_t l4_proto, int64_t time);
/* An Ethernet ARP request frame (28-byte ARP message, hdrDesc "eth:arp", ethType 0x0806, flowStat
 * bits 2 and 6 in pkt.status) from src_mac to dst_mac ("aa:bb:cc:dd:ee:ff"). */
void plugin_harness_arp_packet(harness_packet *p, const char *src_mac, const char *dst_mac, int64_t time);
/* Sets the TCP window field (the packet must have a TCP header). */
void plugin_harness_tcp_window(harness_packet *p, uint16_t window);
/* Sets the TCP flags byte (the packet must have a TCP header). */
void plugin_harness_tcp_flags(harness_packet *p, uint8_t flags);
/* Sets the source or destination MAC of the Ethernet header. */
void plugin_harness_macs(harness_packet *p, const char *src_mac, const char *dst_mac);
/* Sets the VLAN IDs (outermost first, at most RT_MAX_VLANS listed; n counts every tag). */
void plugin_harness_vlans(harness_packet *p, const uint16_t *ids, unsigned n);
/* Turns the packet into a later IP fragment: no transport header, ports 0, flags and status bits
 * of a later fragment (36, 43), hdrDesc unchanged. */
void plugin_harness_later_fragment(harness_packet *p);
/* Sets hdrDesc and numHdrs; the id is the harness's interned id of the text. */
void plugin_harness_hdrdesc(rt_packet *pkt, const char *text, uint16_t num_hdrs);

/* Captures what is written to standard error between begin and end; end returns it (valid
 * until the next begin). */
void plugin_harness_stderr_begin(void);
const char *plugin_harness_stderr_end(void);

#endif
