/* frag_table.c — the ring of remembered fragmented datagrams. */
#include <string.h>

#include "frag_table.h"

int frag_table_init(frag_table *table, uint32_t size)
{
    memset(table, 0, sizeof *table);
    table->entries = calloc(size, sizeof *table->entries);
    table->size = size;
    if (!table->entries || hash_index_init(&table->index, size) < 0)
        return -1;
    return 0;
}

void frag_table_free(frag_table *table)
{
    free(table->entries);
    hash_index_free(&table->index);
    memset(table, 0, sizeof *table);
}

typedef struct frag_match_arg {
    const frag_table *table;
    const frag_key *key;
} frag_match_arg;

static int frag_match(const void *arg, uint32_t value)
{
    const frag_match_arg *m = arg;
    return memcmp(&m->table->entries[value].key, m->key, sizeof *m->key) == 0;
}

frag_entry *frag_table_find(frag_table *table, const frag_key *key)
{
    frag_match_arg arg = { table, key };
    uint32_t i = hash_index_find(&table->index, hash_bytes(key, sizeof *key), frag_match, &arg);
    return i == HASH_INDEX_NONE ? NULL : &table->entries[i];
}

void frag_table_remove(frag_table *table, frag_entry *entry)
{
    hash_index_remove(&table->index, entry->hash, (uint32_t)(entry - table->entries));
    entry->in_use = 0;
}

frag_entry *frag_table_add(frag_table *table, const frag_key *key, frag_entry *evicted)
{
    frag_entry *e = &table->entries[table->next];
    table->next = (table->next + 1) % table->size;
    *evicted = *e;
    if (e->in_use)
        frag_table_remove(table, e);
    memset(e, 0, sizeof *e);
    e->key = *key;
    e->hash = hash_bytes(key, sizeof *key);
    e->in_use = 1;
    hash_index_insert(&table->index, e->hash, (uint32_t)(e - table->entries));
    return e;
}
