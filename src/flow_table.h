/* flow_table.h — the flow directions of a run (T2-COMPAT §4): lookup by key, A/B pairing and
 * reply heuristics, flowInd numbering, fragments attributed to the flow of their first fragment,
 * inactivity timeouts in capture time, and a bounded table that evicts the least recently
 * active pair. Memory grows in slabs up to the table size; nothing is allocated per packet. */
#ifndef ROWTAP_FLOW_TABLE_H
#define ROWTAP_FLOW_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "rowtap/flow.h"

typedef struct flow_table flow_table;

/* Called when a pair (or a lone direction, second == NULL) ends, before its slots are reused:
 * `first` is the direction created first. The callback writes the flow rows. */
typedef void (*flow_table_end_fn)(void *arg, rt_flow *first, rt_flow *second);

typedef struct flow_table_config {
    uint32_t max_directions;  /* core.flowTableSize */
    uint32_t frag_entries;    /* core.fragTableSize */
    int64_t timeout;          /* core.flowTimeout in ns */
    size_t state_size;        /* bytes of plugin state per direction (after rt_flow) */
    flow_table_end_fn on_end;
    void *arg;
} flow_table_config;

/* Counters for the end-of-run report. */
typedef struct flow_table_stats {
    uint64_t directions;          /* directions created */
    uint64_t ipv4, ipv6, layer2;  /* directions by kind */
    uint64_t lone_replies;        /* directions with bit 0 that never got a partner */
    uint64_t evicted;             /* directions ended because the table was full */
    uint32_t in_use, peak;        /* directions held now / at most */
} flow_table_stats;

/* Memory of a table: every direction takes slot_bytes (rt_flow, the core's bookkeeping and the
 * plugins' state areas), allocated in slabs of 4096 directions as the table fills, never more
 * than max_directions; the key index (at most half full, allocated at start) and the fragment
 * table take index_bytes and frag_bytes in all. */
typedef struct flow_table_memory {
    size_t slot_bytes;
    size_t index_bytes;
    size_t frag_bytes;
} flow_table_memory;

/* Offset of the plugin state area from a flow's rt_flow pointer. */
size_t flow_table_state_offset(void);

/* Returns NULL when memory for the index is exhausted. */
flow_table *flow_table_new(const flow_table_config *config);
void flow_table_free(flow_table *table);

/* Ends every pair idle for at least the timeout at capture time `now`. */
void flow_table_expire(flow_table *table, int64_t now);
/* The direction of the decoded packet: found, or created (*created = 1). May set status bits of
 * the packet (first fragment missing, fragment sequence error) and may end an evicted pair. */
rt_flow *flow_table_lookup(flow_table *table, decoded_packet *dp, int *created);
/* Marks the pair of `flow` as the most recently active (call after every packet). */
void flow_table_touch(flow_table *table, rt_flow *flow);
/* Declares the end of input: no flow_table_lookup follows, so ending the pairs still held no
 * longer maintains the key index. */
void flow_table_close(flow_table *table);
/* Closes the table and ends all pairs, least recently active first. */
void flow_table_end_all(flow_table *table);
/* Ends the least recently active pair; returns 0 when no pair was left. */
int flow_table_end_oldest(flow_table *table);
const flow_table_stats *flow_table_get_stats(const flow_table *table);
void flow_table_get_memory(const flow_table *table, flow_table_memory *out);

#endif
