/* hash_index.c — insertion, deletion and the key hash of hash_index. */
#include <string.h>

#include "hash_index.h"
#include "huge_memory.h"

int hash_index_init(hash_index *index, uint32_t max_values)
{
    uint64_t size = 16;
    while (size < 2 * (uint64_t)max_values)
        size *= 2;
    /* written once now rather than left to calloc's lazily mapped zero pages: a first write after
     * a read of such a page costs a TLB shootdown across the process's threads */
    index->entries = huge_memory_alloc(size * sizeof *index->entries);
    index->mask = (uint32_t)(size - 1);
    if (!index->entries)
        return -1;
    memset(index->entries, 0, size * sizeof *index->entries);
    return 0;
}

void hash_index_free(hash_index *index)
{
    huge_memory_free(index->entries, ((size_t)index->mask + 1) * sizeof *index->entries);
    index->entries = NULL;
}

void hash_index_insert(hash_index *index, uint32_t hash, uint32_t value)
{
    uint32_t i = hash & index->mask;
    while (index->entries[i])
        i = (i + 1) & index->mask;
    index->entries[i] = ((uint64_t)hash << 32) | ((uint64_t)value + 1);
}

void hash_index_remove(hash_index *index, uint32_t hash, uint32_t value)
{
    uint64_t wanted = ((uint64_t)hash << 32) | ((uint64_t)value + 1);
    uint32_t i = hash & index->mask;
    while (index->entries[i] != wanted) {
        if (!index->entries[i])
            return;
        i = (i + 1) & index->mask;
    }
    /* Backward-shift deletion: pull later entries of the probe run into the hole. */
    for (uint32_t j = (i + 1) & index->mask; index->entries[j]; j = (j + 1) & index->mask) {
        uint32_t home = (uint32_t)(index->entries[j] >> 32) & index->mask;
        /* The entry at j may move to i when its home is not in the cyclic range (i, j]. */
        int home_in_range = i <= j ? (home > i && home <= j) : (home > i || home <= j);
        if (!home_in_range) {
            index->entries[i] = index->entries[j];
            i = j;
        }
    }
    index->entries[i] = 0;
}

uint32_t hash_bytes(const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
    }
    if (len & 4) {
        uint32_t w;
        memcpy(&w, p + (len & ~(size_t)7), 4);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 32;
    return (uint32_t)h;
}
