/* memory_prefault.c — the populating thread of memory_prefault.h. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "memory_prefault.h"

#define PREFAULT_STEP ((size_t)2 << 20)  /* requests are made in steps of this many bytes */
#define PREFAULT_AHEAD ((size_t)8 << 20) /* resident bytes kept beyond the ones in use */

struct memory_prefault {
    uint8_t *base;
    size_t size;
    size_t requested_step;  /* analyzer thread only: the last step it asked for */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t changed;
    size_t wanted;          /* resident bytes asked for (under lock) */
    int stop;               /* under lock */
};

static void *prefault_main(void *arg)
{
    memory_prefault *p = arg;
    size_t resident = 0;
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (!p->stop && resident >= p->wanted)
            pthread_cond_wait(&p->changed, &p->lock);
        if (p->stop)
            break;
        size_t target = p->wanted;
        pthread_mutex_unlock(&p->lock);
#ifdef MADV_POPULATE_WRITE
        int failed = madvise(p->base + resident, target - resident, MADV_POPULATE_WRITE) != 0;
#else
        int failed = 1;
#endif
        pthread_mutex_lock(&p->lock);
        if (failed)
            break; /* not supported, or out of memory: the analyzer's own faults will tell */
        resident = target;
    }
    pthread_mutex_unlock(&p->lock);
    return NULL;
}

memory_prefault *memory_prefault_start(void *base, size_t size)
{
    memory_prefault *p = calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->base = base;
    p->size = size;
    p->requested_step = SIZE_MAX;
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->changed, NULL);
    if (pthread_create(&p->thread, NULL, prefault_main, p) != 0) {
        pthread_cond_destroy(&p->changed);
        pthread_mutex_destroy(&p->lock);
        free(p);
        return NULL;
    }
    return p;
}

void memory_prefault_used(memory_prefault *p, size_t used)
{
    if (!p || used / PREFAULT_STEP == p->requested_step)
        return;
    p->requested_step = used / PREFAULT_STEP;
    size_t wanted = (p->requested_step + 1) * PREFAULT_STEP + PREFAULT_AHEAD;
    pthread_mutex_lock(&p->lock);
    p->wanted = wanted < p->size ? wanted : p->size;
    pthread_cond_signal(&p->changed);
    pthread_mutex_unlock(&p->lock);
}

void memory_prefault_stop(memory_prefault *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_cond_signal(&p->changed);
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    pthread_cond_destroy(&p->changed);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
