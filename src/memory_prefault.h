/* memory_prefault.h — a thread that makes the next part of a large table resident before the
 * analyzer writes to it (MADV_POPULATE_WRITE), so that the page faults of a growing flow table,
 * expensive on virtual machines that return free memory to their host, are taken on the other
 * core. The contents of the table are never touched: populating a page that is already in use
 * changes nothing. Where the kernel lacks MADV_POPULATE_WRITE (before Linux 5.14) the thread
 * ends and the analyzer takes the faults itself, as without it. */
#ifndef ROWTAP_MEMORY_PREFAULT_H
#define ROWTAP_MEMORY_PREFAULT_H

#include <stddef.h>

typedef struct memory_prefault memory_prefault;

/* Starts the thread for the `size` bytes at `base` (page-aligned). Returns NULL when no thread
 * can be started; the table works the same without it. */
memory_prefault *memory_prefault_start(void *base, size_t size);
/* The analyzer has begun to use the table up to `used` bytes: the thread makes the bytes up to a
 * few megabytes beyond resident. Cheap when called often (NULL is ignored). */
void memory_prefault_used(memory_prefault *prefault, size_t used);
/* Stops and joins the thread (NULL is ignored). */
void memory_prefault_stop(memory_prefault *prefault);

#endif
