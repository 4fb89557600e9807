/* huge_memory.h — large tables the analyzer reads at random (flow slots, key index), mapped at
 * 2 MiB boundaries and marked for transparent huge pages, so that a lookup does not also miss
 * the TLB. Pages are made resident when first written, like malloc's; tables under 2 MiB come
 * from calloc. */
#ifndef ROWTAP_HUGE_MEMORY_H
#define ROWTAP_HUGE_MEMORY_H

#include <stddef.h>

/* Tables from this size on are mapped for huge pages; smaller ones come from calloc. */
#define HUGE_MEMORY_MIN ((size_t)2 << 20)

/* `size` bytes of zeroed memory (at a 2 MiB boundary from 2 MiB on), or NULL when there is none. */
void *huge_memory_alloc(size_t size);
/* Unmaps memory from huge_memory_alloc (NULL is ignored); `size` as given to it. */
void huge_memory_free(void *memory, size_t size);

#endif
