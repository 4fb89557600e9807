/* gen_mix.c — the benchmark mix: plans the flows, starts them at their times (spread evenly with a
 * random offset over the duration), and always writes the earliest planned packet of all active
 * flows next (ties go to the older flow), so that flows interleave and timestamps never go
 * backwards. A flow plans its next group of packets when its queue runs empty and leaves when it
 * has written its budget; its truth record is written then. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gen_mix.h"
#include "mix_flow.h"
#include "gen_mix_plan.h"
#include "gen_mix_truth.h"

#define MIX_START_NS (1717416000LL * 1000000000LL) /* 2024-06-03 12:00:00 UTC */

/* --- the scheduler: a binary heap of active flows by (next packet time, flow id) ------------ */

typedef struct mix_heap {
    mix_flow **items;
    size_t n, cap;
} mix_heap;

static int earlier(const mix_flow *a, const mix_flow *b)
{
    int64_t ta = a->queue[a->head].time, tb = b->queue[b->head].time;
    return ta < tb || (ta == tb && a->id < b->id);
}

static void sift_down(mix_heap *h, size_t i)
{
    mix_flow *moving = h->items[i];
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->n)
            break;
        if (child + 1 < h->n && earlier(h->items[child + 1], h->items[child]))
            child++;
        if (!earlier(h->items[child], moving))
            break;
        h->items[i] = h->items[child];
        i = child;
    }
    h->items[i] = moving;
}

static int heap_push(mix_heap *h, mix_flow *f)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? 2 * h->cap : 1024;
        mix_flow **items = realloc(h->items, cap * sizeof *items);
        if (!items)
            return -1;
        h->items = items;
        h->cap = cap;
    }
    size_t i = h->n++;
    while (i && earlier(f, h->items[(i - 1) / 2])) {
        h->items[i] = h->items[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    h->items[i] = f;
    return 0;
}

static void heap_pop(mix_heap *h)
{
    h->items[0] = h->items[--h->n];
    if (h->n)
        sift_down(h, 0);
}

/* --- flows ---------------------------------------------------------------------------------- */

static uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15u;
    x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9u;
    x = (x ^ x >> 27) * 0x94d049bb133111ebu;
    return x ^ x >> 31;
}

/* Start time of flow i of n over duration_ns: evenly spread with a random offset, never
 * decreasing with i. */
static int64_t start_time(uint64_t seed, uint64_t i, uint64_t n, int64_t duration_ns)
{
    double u = (double)(mix64(seed ^ mix64(i)) >> 11) * 0x1.0p-53;
    return MIX_START_NS + (int64_t)((double)duration_ns * ((double)i + u) / (double)n);
}

static mix_flow *free_flows;

static mix_flow *flow_new(mix_ctx *m, const gen_mix_plan *plan, uint64_t i, int64_t start)
{
    mix_flow *f = free_flows;
    if (f)
        free_flows = f->next_free;
    else if (!(f = malloc(sizeof *f)))
        return NULL;
    memset(f, 0, sizeof *f);
    f->id = i;
    f->app = plan->app[i];
    f->budget = plan->budget[i];
    f->proto = mix_apps[f->app].proto;
    f->last_time = start;
    f->arena_size = f->app == MIX_DNSFRAG || f->app == MIX_BIGPING ? MIX_ARENA_LARGE : MIX_ARENA;
    f->arena = malloc(f->arena_size);
    if (!f->arena) {
        free(f);
        return NULL;
    }
    gen_rand_seed(&f->rng, m->options->seed, 0x10000 + i);
    mix_apps[f->app].start(m, f);
    return f;
}

static void flow_free(mix_flow *f)
{
    free(f->arena);
    f->next_free = free_flows;
    free_flows = f;
}

static void flows_release(void)
{
    while (free_flows) {
        mix_flow *next = free_flows->next_free;
        free(free_flows);
        free_flows = next;
    }
}

/* Plans the flow's next group; 0 when the flow planned nothing (a programming error). */
static unsigned flow_plan(mix_ctx *m, mix_flow *f)
{
    unsigned n = mix_apps[f->app].plan(m, f);
    if (n == 0 || f->planned > f->budget) {
        fprintf(stderr, "rowtap-gen: internal error: flow %llu (%s) planned %u of %u packets\n",
                (unsigned long long)f->id, mix_apps[f->app].name, f->planned, f->budget);
        exit(1);
    }
    return n;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) * 1e-9;
}

/* Writes all packets; -1 when out of memory. */
static int run(mix_ctx *m, const gen_mix_plan *plan, int64_t duration_ns)
{
    mix_heap heap = { 0 };
    uint64_t next = 0;
    int64_t next_start = start_time(m->options->seed, 0, plan->flows, duration_ns);
    int status = 0;
    while (next < plan->flows || heap.n) {
        if (next < plan->flows && (heap.n == 0 || next_start <= heap.items[0]->queue[heap.items[0]->head].time)) {
            mix_flow *f = flow_new(m, plan, next, next_start);
            if (!f || (flow_plan(m, f), heap_push(&heap, f) < 0)) {
                status = -1;
                break;
            }
            if (++next < plan->flows)
                next_start = start_time(m->options->seed, next, plan->flows, duration_ns);
            continue;
        }
        mix_flow *f = heap.items[0];
        mix_emit(m, f);
        if (f->count == 0 && f->planned < f->budget)
            flow_plan(m, f);
        if (f->count) {
            sift_down(&heap, 0);
            continue;
        }
        heap_pop(&heap);
        gen_mix_truth_flow(m, f);
        m->flows_done++;
        flow_free(f);
    }
    for (size_t i = 0; i < heap.n; i++)
        flow_free(heap.items[i]);
    free(heap.items);
    flows_release();
    return status;
}

int gen_mix_write(const gen_options *o, gen_mix_result *result)
{
    struct timespec started;
    clock_gettime(CLOCK_MONOTONIC, &started);
    gen_mix_plan plan;
    if (gen_mix_plan_make(&plan, o->packets, o->flows, o->seed) < 0) {
        fprintf(stderr, "rowtap-gen: cannot plan %llu packets in %llu flows (out of memory, or more "
                        "than 2^31 packets for one flow)\n",
                (unsigned long long)o->packets, (unsigned long long)o->flows);
        return -1;
    }
    static mix_ctx m;
    memset(&m, 0, sizeof m);
    m.options = o;
    m.pools = gen_content_pools_get();
    if (!m.pools || mix_hosts_init(&m, plan.flows) < 0) {
        fprintf(stderr, "rowtap-gen: out of memory\n");
        mix_hosts_free(&m);
        gen_mix_plan_free(&plan);
        return -1;
    }
    if (o->truth && !(m.truth = fopen(o->truth, "w"))) {
        fprintf(stderr, "rowtap-gen: %s: cannot create the truth file: %s\n", o->truth, strerror(errno));
        mix_hosts_free(&m);
        gen_mix_plan_free(&plan);
        return -1;
    }
    double duration = o->duration > 0 ? o->duration : (double)o->packets / 100000.0;
    if (duration < 5.0 && o->duration <= 0)
        duration = 5.0;
    m.writer = pcap_writer_open_pcap(o->output, PCAP_WRITER_LITTLE_ENDIAN, 0,
                                     PCAP_WRITER_LINKTYPE_ETHERNET, o->snaplen);
    gen_mix_truth_begin(&m, plan.flows, duration);
    int status = run(&m, &plan, (int64_t)(duration * 1e9));
    pcap_writer_close(m.writer);
    if (status < 0)
        fprintf(stderr, "rowtap-gen: out of memory\n");
    if (m.truth && (gen_mix_truth_end(&m) < 0 || fclose(m.truth) != 0) && status == 0) {
        fprintf(stderr, "rowtap-gen: %s: cannot write the truth file\n", o->truth);
        status = -1;
    }
    result->packets = m.totals.packets;
    result->flows = m.flows_done;
    result->wire_bytes = m.totals.wire_bytes;
    result->captured_bytes = m.totals.captured_bytes;
    result->seconds = seconds_since(&started);
    mix_hosts_free(&m);
    gen_mix_plan_free(&plan);
    return status;
}
