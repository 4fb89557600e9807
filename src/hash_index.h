/* hash_index.h — an open-addressing hash index (linear probing, backward-shift deletion)
 * mapping a 32-bit hash to 32-bit values (slot numbers of a pool). The caller keeps the keys;
 * lookups confirm a candidate with a match function, which the compiler inlines. */
#ifndef ROWTAP_HASH_INDEX_H
#define ROWTAP_HASH_INDEX_H

#include <stdint.h>
#include <stdlib.h>

#define HASH_INDEX_NONE UINT32_MAX

typedef struct hash_index {
    uint64_t *entries; /* (hash << 32) | (value + 1); 0 = empty */
    uint32_t mask;
} hash_index;

/* Allocates an index for up to `max_values` values at a load of at most 1/2. Returns -1 when
 * memory is exhausted. */
int hash_index_init(hash_index *index, uint32_t max_values);
void hash_index_free(hash_index *index);

/* The value stored under `hash` for which match(arg, value) is true, or HASH_INDEX_NONE. */
static inline uint32_t hash_index_find(const hash_index *index, uint32_t hash,
                                       int (*match)(const void *arg, uint32_t value), const void *arg)
{
    for (uint32_t i = hash & index->mask;; i = (i + 1) & index->mask) {
        uint64_t e = index->entries[i];
        if (!e)
            return HASH_INDEX_NONE;
        if ((uint32_t)(e >> 32) == hash && match(arg, (uint32_t)e - 1))
            return (uint32_t)e - 1;
    }
}

/* Adds value under hash (the caller guarantees capacity). */
void hash_index_insert(hash_index *index, uint32_t hash, uint32_t value);
/* Removes the entry (hash, value); does nothing when absent. */
void hash_index_remove(hash_index *index, uint32_t hash, uint32_t value);

/* A 32-bit hash of `len` bytes (len a multiple of 4), good enough for flow keys. */
uint32_t hash_bytes(const void *data, size_t len);

#endif
