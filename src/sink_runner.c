/* sink_runner.c — batches, per-sink queues and threads, retry with backoff. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sink_runner.h"

/* A batch of rows shared by all sinks; back to the free list when the last sink is done. */
typedef struct batch {
    rt_batch pub;
    rt_buffer buf;
    atomic_int refs;
    struct batch *next_free;
} batch;

typedef struct sink_thread {
    sink_runner *runner;
    rt_module *module;
    void *instance;
    pthread_t thread;
    int started;
    pthread_mutex_t lock;
    pthread_cond_t not_empty, not_full;
    batch **queue;            /* ring of queue_len entries */
    unsigned head, count;
    int closing;
    atomic_int fatal;
    sink_runner_stats stats[RT_STREAM_COUNT];
} sink_thread;

struct sink_runner {
    sink_thread *sinks;
    size_t n_sinks;
    size_t n_opened;          /* sinks whose open() succeeded (destroy() is due) */
    unsigned queue_len;
    size_t batch_bytes;
    int live;
    const rt_run *run;
    batch *current[RT_STREAM_COUNT];
    pthread_mutex_t pool_lock;
    batch *free_batches;
    atomic_int any_fatal;
    atomic_int abandon;
};

static batch *batch_get(sink_runner *r, rt_stream stream)
{
    pthread_mutex_lock(&r->pool_lock);
    batch *b = r->free_batches;
    if (b)
        r->free_batches = b->next_free;
    pthread_mutex_unlock(&r->pool_lock);
    if (!b) {
        b = calloc(1, sizeof *b);
        if (!b) {
            log_error("out of memory for a row batch");
            exit(70);
        }
        buffer_grow(&b->buf, r->batch_bytes + r->batch_bytes / 4);
    }
    b->buf.len = 0;
    b->pub.stream = stream;
    b->pub.schema = r->run->schemas[stream];
    b->pub.n_rows = 0;
    return b;
}

static void batch_release(sink_runner *r, batch *b)
{
    if (atomic_fetch_sub(&b->refs, 1) != 1)
        return;
    pthread_mutex_lock(&r->pool_lock);
    b->next_free = r->free_batches;
    r->free_batches = b;
    pthread_mutex_unlock(&r->pool_lock);
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

/* Calls a sink operation until it succeeds, retrying RT_SINK_RETRY with backoff (100 ms doubling
 * up to 5 s) until the run is abandoned. Returns 0 on success, -1 when it failed for good. */
static int with_retries(sink_thread *st, rt_stream stream, rt_sink_status (*op)(sink_thread *, const batch *),
                        const batch *b)
{
    sink_runner *r = st->runner;
    unsigned backoff = 100;
    while (!atomic_load(&st->fatal)) {
        rt_sink_status status = op(st, b);
        if (status == RT_SINK_OK || status == RT_SINK_DATA)
            return 0;
        if (status == RT_SINK_FATAL) {
            atomic_store(&st->fatal, 1);
            atomic_store(&r->any_fatal, 1);
            break;
        }
        st->stats[stream].retries++;
        if (atomic_load(&r->abandon))
            break;
        sleep_ms(backoff);
        backoff = backoff < 5000 ? backoff * 2 : 5000;
    }
    return -1;
}

static rt_sink_status op_write(sink_thread *st, const batch *b)
{
    uint32_t failed = 0;
    return st->module->sink->write(st->instance, &b->pub, &failed);
}

static rt_sink_status op_flush(sink_thread *st, const batch *b)
{
    (void)b;
    return st->module->sink->flush ? st->module->sink->flush(st->instance) : RT_SINK_OK;
}

/* Counts the rows of a batch as lost (any thread). */
static void count_lost(sink_thread *st, const batch *b)
{
    pthread_mutex_lock(&st->lock);
    st->stats[b->pub.stream].rows_lost += b->pub.n_rows;
    pthread_mutex_unlock(&st->lock);
}

/* Writes one batch through the sink; its rows count as lost when that fails for good, when the
 * sink failed before, or when the run has been abandoned (second interrupt). */
static void sink_process(sink_thread *st, batch *b)
{
    if (atomic_load(&st->fatal) || atomic_load(&st->runner->abandon)
        || with_retries(st, b->pub.stream, op_write, b) < 0)
        count_lost(st, b);
}

/* Waits on `cond` for at most `ms` milliseconds; returns pthread_cond_timedwait's result. */
static int wait_at_most(pthread_cond_t *cond, pthread_mutex_t *lock, long ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    return pthread_cond_timedwait(cond, lock, &until);
}

/* How long the queue stays empty before the sink is flushed: momentary gaps while the input is
 * read do not end a sink's batch (a transaction, a compressed block) early. */
#define IDLE_FLUSH_MS 50

/* Flushes the sink (retries are counted on the flow stream). */
static void sink_flush(sink_thread *st)
{
    with_retries(st, RT_STREAM_FLOWS, op_flush, NULL);
}

static void *sink_main(void *arg)
{
    sink_thread *st = arg;
    sink_runner *r = st->runner;
    const rt_sink *sink = st->module->sink;
    int dirty = 0;
    pthread_mutex_lock(&st->lock);
    for (;;) {
        while (st->count == 0 && !st->closing) {
            if (dirty && !atomic_load(&st->fatal)) {
                if (wait_at_most(&st->not_empty, &st->lock, IDLE_FLUSH_MS) != ETIMEDOUT)
                    continue;
                pthread_mutex_unlock(&st->lock);
                sink_flush(st);
                dirty = 0;
                pthread_mutex_lock(&st->lock);
                continue;
            }
            pthread_cond_wait(&st->not_empty, &st->lock);
        }
        if (st->count == 0)
            break;
        batch *b = st->queue[st->head];
        st->head = (st->head + 1) % r->queue_len;
        st->count--;
        pthread_cond_signal(&st->not_full);
        pthread_mutex_unlock(&st->lock);
        sink_process(st, b);
        batch_release(r, b);
        dirty = 1;
        pthread_mutex_lock(&st->lock);
    }
    pthread_mutex_unlock(&st->lock);
    if (!atomic_load(&st->fatal))
        sink_flush(st);
    if (sink->close && sink->close(st->instance) == RT_SINK_FATAL)
        atomic_store(&st->fatal, 1);
    return NULL;
}

static sink_runner *runner_start(rt_module *const *sinks, size_t n_sinks, const rt_run *run, int live,
                                 unsigned queue_batches, size_t batch_bytes)
{
    sink_runner *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->sinks = calloc(n_sinks, sizeof *r->sinks);
    r->n_sinks = n_sinks;
    r->queue_len = queue_batches;
    r->batch_bytes = batch_bytes;
    r->live = live;
    r->run = run;
    pthread_mutex_init(&r->pool_lock, NULL);
    for (size_t i = 0; i < n_sinks; i++) {
        sink_thread *st = &r->sinks[i];
        st->runner = r;
        st->module = sinks[i];
        st->queue = calloc(queue_batches, sizeof *st->queue);
        pthread_mutex_init(&st->lock, NULL);
        pthread_cond_init(&st->not_empty, NULL);
        pthread_cond_init(&st->not_full, NULL);
        if (!st->queue || st->module->sink->open(st->module, run, &st->instance) < 0) {
            log_error("sink %s could not start", st->module->name);
            for (size_t j = 0; j < i; j++)
                if (r->sinks[j].module->sink->close)
                    r->sinks[j].module->sink->close(r->sinks[j].instance);
            r->n_opened = i;
            sink_runner_free(r);
            return NULL;
        }
    }
    r->n_opened = n_sinks;
    for (size_t i = 0; i < n_sinks; i++) {
        if (pthread_create(&r->sinks[i].thread, NULL, sink_main, &r->sinks[i]) != 0) {
            log_error("cannot start the thread of sink %s", r->sinks[i].module->name);
            exit(70);
        }
        r->sinks[i].started = 1;
    }
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (run->schemas[s])
            r->current[s] = batch_get(r, (rt_stream)s);
    return r;
}

/* Signals the sinks' threads (and the threads their libraries start in open) leave to the
 * analyzer thread, whose handlers stop or wake the reading of the input. */
static const int runner_blocked_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };

sink_runner *sink_runner_start(rt_module *const *sinks, size_t n_sinks, const rt_run *run, int live,
                               unsigned queue_batches, size_t batch_bytes)
{
    sigset_t blocked, saved;
    sigemptyset(&blocked);
    for (size_t i = 0; i < sizeof runner_blocked_signals / sizeof runner_blocked_signals[0]; i++)
        sigaddset(&blocked, runner_blocked_signals[i]);
    pthread_sigmask(SIG_BLOCK, &blocked, &saved);
    sink_runner *r = runner_start(sinks, n_sinks, run, live, queue_batches, batch_bytes);
    pthread_sigmask(SIG_SETMASK, &saved, NULL);
    return r;
}

rt_buffer *sink_runner_buffer(sink_runner *r, rt_stream stream)
{
    return &r->current[stream]->buf;
}

/* Waits on the queue's not_full condition for at most 100 ms (so that a second interrupt is noticed
 * even when the sink does not move). */
static void wait_not_full(sink_thread *st)
{
    wait_at_most(&st->not_full, &st->lock, 100);
}

static void enqueue(sink_runner *r, sink_thread *st, batch *b)
{
    sink_runner_stats *stats = &st->stats[b->pub.stream];
    pthread_mutex_lock(&st->lock);
    if (st->count == r->queue_len && r->live) {
        stats->batches_dropped++;
        stats->rows_dropped += b->pub.n_rows;
        pthread_mutex_unlock(&st->lock);
        batch_release(r, b);
        return;
    }
    while (st->count == r->queue_len && !atomic_load(&r->abandon))
        wait_not_full(st);
    if (st->count == r->queue_len) {
        stats->rows_lost += b->pub.n_rows;
        pthread_mutex_unlock(&st->lock);
        batch_release(r, b);
        return;
    }
    st->queue[(st->head + st->count) % r->queue_len] = b;
    st->count++;
    stats->rows_queued += b->pub.n_rows;
    pthread_cond_signal(&st->not_empty);
    pthread_mutex_unlock(&st->lock);
}

static void submit(sink_runner *r, rt_stream stream)
{
    batch *b = r->current[stream];
    if (!b || b->pub.n_rows == 0)
        return;
    b->pub.data = b->buf.data;
    b->pub.size = b->buf.len;
    atomic_store(&b->refs, (int)r->n_sinks + 1);
    for (size_t i = 0; i < r->n_sinks; i++)
        enqueue(r, &r->sinks[i], b);
    batch_release(r, b);
    r->current[stream] = batch_get(r, stream);
}

void sink_runner_row_done(sink_runner *r, rt_stream stream)
{
    batch *b = r->current[stream];
    b->pub.n_rows++;
    if (b->buf.len >= r->batch_bytes)
        submit(r, stream);
}

void sink_runner_reading_done(sink_runner *r)
{
    r->live = 0;
}

void sink_runner_submit_all(sink_runner *r)
{
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        submit(r, (rt_stream)s);
}

int sink_runner_failed(const sink_runner *r)
{
    return atomic_load(&r->any_fatal);
}

void sink_runner_abandon(sink_runner *r)
{
    atomic_store(&r->abandon, 1);
}

int sink_runner_finish(sink_runner *r)
{
    sink_runner_submit_all(r);
    for (size_t i = 0; i < r->n_sinks; i++) {
        sink_thread *st = &r->sinks[i];
        if (!st->started)
            continue;
        pthread_mutex_lock(&st->lock);
        st->closing = 1;
        pthread_cond_signal(&st->not_empty);
        pthread_mutex_unlock(&st->lock);
        pthread_join(st->thread, NULL);
        st->started = 0;
    }
    int ok = 1;
    for (size_t i = 0; i < r->n_sinks; i++) {
        const sink_thread *st = &r->sinks[i];
        for (int s = 0; s < RT_STREAM_COUNT; s++) {
            rt_sink_stats own;
            sink_runner_sink_stats(r, i, (rt_stream)s, &own);
            if (st->stats[s].rows_lost || st->stats[s].rows_dropped || own.rows_failed)
                ok = 0;
        }
        if (atomic_load(&st->fatal))
            ok = 0;
    }
    return ok ? 0 : -1;
}

size_t sink_runner_count(const sink_runner *r)
{
    return r->n_sinks;
}

const rt_module *sink_runner_module(const sink_runner *r, size_t i)
{
    return r->sinks[i].module;
}

void sink_runner_get_stats(const sink_runner *r, size_t i, rt_stream stream, sink_runner_stats *out)
{
    *out = r->sinks[i].stats[stream];
}

void sink_runner_sink_stats(sink_runner *r, size_t i, rt_stream stream, rt_sink_stats *out)
{
    memset(out, 0, sizeof *out);
    if (r->sinks[i].module->sink->stats)
        r->sinks[i].module->sink->stats(r->sinks[i].instance, stream, out);
}

void sink_runner_sink_report(sink_runner *r, size_t i, rt_report *report)
{
    if (r->sinks[i].module->sink->report)
        r->sinks[i].module->sink->report(r->sinks[i].instance, report);
}

void sink_runner_free(sink_runner *r)
{
    if (!r)
        return;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (r->current[s]) {
            buffer_free(&r->current[s]->buf);
            free(r->current[s]);
        }
    while (r->free_batches) {
        batch *b = r->free_batches;
        r->free_batches = b->next_free;
        buffer_free(&b->buf);
        free(b);
    }
    for (size_t i = 0; i < r->n_opened; i++)
        if (r->sinks[i].module->sink->destroy)
            r->sinks[i].module->sink->destroy(r->sinks[i].instance);
    for (size_t i = 0; i < r->n_sinks; i++) {
        free(r->sinks[i].queue);
        pthread_mutex_destroy(&r->sinks[i].lock);
        pthread_cond_destroy(&r->sinks[i].not_empty);
        pthread_cond_destroy(&r->sinks[i].not_full);
    }
    free(r->sinks);
    pthread_mutex_destroy(&r->pool_lock);
    free(r);
}
