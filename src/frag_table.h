/* frag_table.h — remembers which flow the first fragment of an IP datagram went to, so that the
 * later fragments (which carry no ports) join the same flow (T2-COMPAT §3.4). A fixed ring of
 * entries: when full, the oldest datagram is forgotten. */
#ifndef ROWTAP_FRAG_TABLE_H
#define ROWTAP_FRAG_TABLE_H

#include <stdint.h>

#include "hash_index.h"

/* What identifies a datagram: addresses, IP version, protocol, identification, innermost VLAN. */
typedef struct frag_key {
    uint8_t src[16];
    uint8_t dst[16];
    uint32_t id;
    uint16_t vlan;
    uint8_t ip_version;
    uint8_t proto;
} frag_key;

typedef struct frag_entry {
    frag_key key;
    uint32_t hash;
    uint32_t flow_slot;       /* slot number of the flow */
    uint32_t flow_generation; /* the slot's generation when the entry was made */
    uint32_t next_offset;     /* offset the next fragment should have */
    uint32_t hdrdesc_id;      /* header stack of the first fragment, shown by the later ones */
    uint16_t num_hdrs;
    uint8_t in_use;
} frag_entry;

typedef struct frag_table {
    frag_entry *entries;
    uint32_t size;
    uint32_t next;            /* ring position of the next new entry */
    hash_index index;
} frag_table;

int frag_table_init(frag_table *table, uint32_t size);
void frag_table_free(frag_table *table);
/* The entry of a datagram, or NULL. */
frag_entry *frag_table_find(frag_table *table, const frag_key *key);
/* A new entry for a datagram not in the table; `evicted` receives the forgotten entry's flow slot and generation
 * (in_use 0 when nothing was forgotten). The entry's flow fields are for the caller to set. */
frag_entry *frag_table_add(frag_table *table, const frag_key *key, frag_entry *evicted);
/* Forgets an entry (the datagram is complete). */
void frag_table_remove(frag_table *table, frag_entry *entry);

#endif
