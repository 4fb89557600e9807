/* mix_queue.c — a flow's queue of planned packets and its arena of message bytes. Planning
 * happens only when the queue is empty, so a new group may reuse the whole queue and the arena
 * belongs to the group being planned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mix_flow.h"

mix_pkt *mix_queue_add(mix_flow *f, uint8_t side, int64_t time)
{
    if (f->count == MIX_QUEUE) {
        fprintf(stderr, "rowtap-gen: internal error: flow %llu planned more than %d packets\n",
                (unsigned long long)f->id, MIX_QUEUE);
        exit(1);
    }
    unsigned at = (unsigned)(f->head + f->count) % MIX_QUEUE;
    mix_pkt *p = &f->queue[at];
    memset(p, 0, sizeof *p);
    p->side = side;
    p->time = time;
    p->l4 = 1;
    f->count++;
    f->planned++;
    if (time > f->last_time)
        f->last_time = time;
    f->last_side = side;
    return p;
}

void mix_queue_sort(mix_flow *f, unsigned from, int64_t not_before)
{
    unsigned n = f->count;
    for (unsigned i = from + 1; i < n; i++) {
        mix_pkt moving = f->queue[(f->head + i) % MIX_QUEUE];
        unsigned j = i;
        while (j > from && f->queue[(f->head + j - 1) % MIX_QUEUE].time > moving.time) {
            f->queue[(f->head + j) % MIX_QUEUE] = f->queue[(f->head + j - 1) % MIX_QUEUE];
            j--;
        }
        f->queue[(f->head + j) % MIX_QUEUE] = moving;
    }
    for (unsigned i = from; i < n; i++) {
        mix_pkt *p = &f->queue[(f->head + i) % MIX_QUEUE];
        if (p->time < not_before)
            p->time = not_before;
        not_before = p->time;
    }
    if (n > from) {
        f->last_time = f->queue[(f->head + n - 1) % MIX_QUEUE].time;
        f->last_side = f->queue[(f->head + n - 1) % MIX_QUEUE].side;
    }
}

uint8_t *mix_queue_arena(mix_flow *f, size_t n)
{
    if (f->arena_size - f->arena_used < n)
        return NULL;
    uint8_t *p = f->arena + f->arena_used;
    f->arena_used += n;
    return p;
}

uint32_t mix_queue_budget_left(const mix_flow *f)
{
    return f->budget - f->planned;
}
