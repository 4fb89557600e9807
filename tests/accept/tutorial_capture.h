/* tutorial_capture.h — acceptance-test support: turns a tutorial table of T2-COMPAT §7.5 (in
 * its file layout, fields joined by TAB) back into the packets that print it, and writes a
 * capture in which those packets keep their packet numbers, the flow gets the table's flow index
 * and every other packet number belongs to other conversations.
 *
 * From each row: time, MACs, addresses, ports, window and payload (l7Content unescaped per §2.6:
 * an escape stands for its byte, any other character for itself). Packets of the flow the table
 * does not show are derived from its timing columns (§7.2): a direction whose first row has a
 * non-zero flowDuration had a first packet at time − flowDuration, and a row whose pktIAT does not
 * lead back to the previous row of its direction had a packet at time − pktIAT. */
#ifndef ROWTAP_ACCEPT_TUTORIAL_CAPTURE_H
#define ROWTAP_ACCEPT_TUTORIAL_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "frame_build.h"

#define TC_MAX_FIELDS 32
#define TC_MAX_ROWS 64
#define TC_MAX_PAYLOAD 2048

/* A table split into fields (names and rows point into split_text; lines into text; both owned). */
typedef struct tc_table {
    char *text;                       /* the table as given */
    char *split_text;                 /* a copy cut into fields */
    unsigned n_columns;
    const char *names[TC_MAX_FIELDS];
    unsigned n_rows;
    const char *rows[TC_MAX_ROWS][TC_MAX_FIELDS];
    const char *lines[TC_MAX_ROWS];   /* each row's line, TABs and LF included */
    size_t line_len[TC_MAX_ROWS];
    size_t header_len;                /* the '%' line, LF included, at text[0] */
} tc_table;

/* One packet of the flow. */
typedef struct tc_packet {
    uint64_t pkt_no;
    int64_t time_ns;
    int reply;                        /* flowStat bit 0: the B direction */
    int shown;                        /* a row of the table (0: derived from the timing columns) */
    char src_mac[18], dst_mac[18], src_ip[46], dst_ip[46];
    uint16_t src_port, dst_port, window;
    uint8_t payload[TC_MAX_PAYLOAD];
    uint32_t payload_len;
    uint32_t uncaptured;              /* payload bytes on the wire only (the table's bit 33 rows) */
} tc_packet;

typedef struct tc_flow {
    tc_packet packets[TC_MAX_ROWS];
    size_t n;                         /* sorted by packet number (and time) */
    int handshake;                    /* the first A packet is a SYN, the first B a SYN-ACK */
} tc_flow;

/* Fills in the frame of filler packet pkt_no (filler_index counts fillers from 1). The frame is
 * finished by the caller. */
typedef void (*tc_filler)(frame_builder *fb, uint64_t pkt_no, uint64_t filler_index, void *ctx);

/* Splits the text of one table (its '%' line first) into fields; fails the running Check test
 * when a row has another number of fields than the header. */
void tc_table_parse(const char *text, size_t len, tc_table *table);
void tc_table_free(tc_table *table);
/* The index of a column by name; fails the test when it is missing. */
unsigned tc_column(const tc_table *table, const char *name);

/* The bytes an l7Content field stands for (§2.6); returns their number. */
uint32_t tc_unescape(const char *field, size_t len, uint8_t *out, size_t out_size);

/* Builds the flow's packets from the table rows, adds the packets the timing columns call for
 * and numbers those at the end of the gap before the next shown row that follows them in time.
 * Rows whose flowStat carries bit 33 get `uncaptured` payload bytes that are not captured. */
void tc_flow_from_table(const tc_table *table, int handshake, uint32_t uncaptured, tc_flow *flow);

/* Writes a classic pcap (microseconds, Ethernet, the given snap length) with packets 1 to the
 * flow's last packet number: the flow's packets at their numbers, fillers everywhere else. Filler
 * times are spread evenly between their neighbours (100 µs apart before the first packet of the
 * flow), so the capture stays in time order. */
void tc_write_capture(const char *path, const tc_flow *flow, uint32_t snaplen, tc_filler filler, void *ctx);

#endif
