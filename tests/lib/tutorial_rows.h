/* tutorial_rows.h — test support: the packet columns of T2-COMPAT §7.1 and the typed values of
 * the tutorial's rows in §7.5 (Table 1: flow 637 of annoloc2, Table 2: flow 35 of faf-exercise),
 * for the rendering tests and the rendering benchmark. */
#ifndef ROWTAP_TEST_TUTORIAL_ROWS_H
#define ROWTAP_TEST_TUTORIAL_ROWS_H

#include <stdint.h>

#include "row_batch.h"

/* The 24 default packet columns, in order, with the descriptions of §9. */
#define TUTORIAL_N_PACKET_COLUMNS 24
extern const rt_column tutorial_packet_columns[TUTORIAL_N_PACKET_COLUMNS];

/* One side of a conversation as the rows show it. */
typedef struct tutorial_endpoint {
    uint8_t mac[6];
    uint8_t ip[4];
    const char *country;      /* srcIPCC / dstIPCC */
    const char *organisation; /* srcIPWho / dstIPWho */
    uint16_t port;
} tutorial_endpoint;

/* The values that change from row to row; every row is Ethernet/IPv4/TCP without VLAN. */
typedef struct tutorial_packet {
    uint64_t pkt_no;
    uint64_t flow_ind;
    uint64_t flow_stat; /* bit 0 set: direction B, whose source is the B endpoint */
    int64_t time_ns;
    int64_t iat_ns;
    int64_t duration_ns;
    uint16_t win_size;
    uint32_t win_th_pkt_cnt;
    const char *payload; /* the captured L7 bytes (no NUL inside) */
} tutorial_packet;

typedef struct tutorial_flow {
    tutorial_endpoint a, b; /* the source of A rows and of B rows */
    const tutorial_packet *packets;
    unsigned n_packets;
} tutorial_flow;

extern const tutorial_flow tutorial_table1; /* §7.5 Table 1 */
extern const tutorial_flow tutorial_table2; /* §7.5 Table 2 */

/* Writes one packet row of the §7.1 columns (row of a batch whose schema is
 * tutorial_packet_columns). */
void tutorial_write_packet(rt_row *row, const tutorial_flow *flow, const tutorial_packet *packet);
/* Appends all rows of a table to a batch of tutorial_packet_columns. */
void tutorial_append_rows(row_batch *batch, const tutorial_flow *flow);

#endif
