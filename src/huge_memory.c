/* huge_memory.c — anonymous mappings aligned to 2 MiB with MADV_HUGEPAGE. */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "huge_memory.h"

#define HUGE_PAGE HUGE_MEMORY_MIN

static size_t round_up(size_t size)
{
    return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *huge_memory_alloc(size_t size)
{
    if (size < HUGE_PAGE)
        return calloc(1, size ? size : 1); /* small: a huge page would only waste memory */
    size_t len = round_up(size);
    uint8_t *mapped = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapped == MAP_FAILED)
        return NULL;
    /* keep the 2 MiB-aligned part: unmap the bytes before it and after it */
    uint8_t *aligned = (uint8_t *)(((uintptr_t)mapped + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
    size_t before = (size_t)(aligned - mapped);
    if (before)
        munmap(mapped, before);
    if (HUGE_PAGE - before)
        munmap(aligned + len, HUGE_PAGE - before);
#ifdef MADV_HUGEPAGE
    madvise(aligned, len, MADV_HUGEPAGE); /* a hint: without huge pages the table still works */
#endif
    return aligned;
}

void huge_memory_free(void *memory, size_t size)
{
    if (size < HUGE_PAGE)
        free(memory);
    else if (memory)
        munmap(memory, round_up(size));
}
