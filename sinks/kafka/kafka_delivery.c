/* kafka_delivery.c — counting every row of the Kafka sink once: delivered or failed by reason. */
#include <stdint.h>
#include <string.h>

#include "kafka_delivery.h"

/* An opaque is (batch << 2) | (schema << 1) | stream. */
#define TAG_SCHEMA 2u
#define TAG_STREAM 1u

void kafka_delivery_init(kafka_delivery *d)
{
    memset(d, 0, sizeof *d);
    d->handed_back_from = UINT64_MAX;
}

void kafka_reason_list_add(kafka_reason_list *list, rd_kafka_resp_err_t err, uint64_t rows,
                           uint64_t possibly_persisted)
{
    unsigned i = 0;
    while (i < list->n && list->item[i].err != err)
        i++;
    if (i == KAFKA_DELIVERY_REASONS) {
        list->other += rows;
        return;
    }
    if (i == list->n)
        list->item[list->n++] = (kafka_failure_reason){ err, 0, 0 };
    list->item[i].rows += rows;
    list->item[i].possibly_persisted += possibly_persisted;
}

void *kafka_delivery_row_tag(rt_stream stream, uint64_t batch)
{
    return (void *)(uintptr_t)((batch << 2) | (unsigned)stream);
}

void *kafka_delivery_schema_tag(rt_stream stream)
{
    return (void *)(uintptr_t)(TAG_SCHEMA | (unsigned)stream);
}

/* Adds failed rows of one reason to a stream's counters. */
static void count_failures(kafka_stream_counts *c, rd_kafka_resp_err_t err, uint64_t rows, uint64_t possibly_persisted)
{
    atomic_fetch_add_explicit(&c->failed, rows, memory_order_relaxed);
    kafka_reason_list_add(&c->failures, err, rows, possibly_persisted);
}

void kafka_delivery_batch(kafka_delivery *d, rt_stream stream, uint32_t rows, const kafka_reason_list *refused)
{
    kafka_stream_counts *c = &d->streams[stream];
    atomic_fetch_add_explicit(&c->rows, rows, memory_order_relaxed);
    for (unsigned i = 0; i < refused->n; i++)
        count_failures(c, refused->item[i].err, refused->item[i].rows, 0);
    if (refused->other)
        count_failures(c, RD_KAFKA_RESP_ERR_UNKNOWN, refused->other, 0);
}

void kafka_delivery_hand_back(kafka_delivery *d, uint64_t batch)
{
    if (batch < d->handed_back_from)
        d->handed_back_from = batch;
}

void kafka_delivery_stop(kafka_delivery *d)
{
    d->stopped = 1;
}

/* The reason a message failed for. */
static rd_kafka_resp_err_t failure_reason(const kafka_delivery *d, rd_kafka_resp_err_t err)
{
    int purged = err == RD_KAFKA_RESP_ERR__PURGE_QUEUE || err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT;
    return purged && d->stopped ? RD_KAFKA_RESP_ERR__FATAL : err;
}

void kafka_delivery_schema_queued(kafka_delivery *d, rt_stream stream)
{
    d->schema[stream] = KAFKA_SCHEMA_QUEUED;
}

void kafka_delivery_report(kafka_delivery *d, void *tag, rd_kafka_resp_err_t err, uint64_t bytes,
                           int possibly_persisted)
{
    uintptr_t bits = (uintptr_t)tag;
    rt_stream stream = (rt_stream)(bits & TAG_STREAM);
    if (bits & TAG_SCHEMA) {
        d->schema[stream] = err ? KAFKA_SCHEMA_FAILED : KAFKA_SCHEMA_DELIVERED;
        d->schema_err[stream] = failure_reason(d, err);
        return;
    }
    if ((uint64_t)(bits >> 2) >= d->handed_back_from)
        return;
    kafka_stream_counts *c = &d->streams[stream];
    if (err) {
        count_failures(c, failure_reason(d, err), 1, possibly_persisted != 0);
        return;
    }
    atomic_fetch_add_explicit(&c->delivered, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&c->bytes, bytes, memory_order_relaxed);
}

void kafka_delivery_stats(kafka_delivery *d, rt_stream stream, rt_sink_stats *out)
{
    out->rows_written = atomic_load_explicit(&d->streams[stream].delivered, memory_order_relaxed);
    out->bytes_written = atomic_load_explicit(&d->streams[stream].bytes, memory_order_relaxed);
    out->rows_failed = atomic_load_explicit(&d->streams[stream].failed, memory_order_relaxed);
}

uint64_t kafka_delivery_failed(kafka_delivery *d)
{
    uint64_t failed = 0;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        failed += atomic_load_explicit(&d->streams[s].failed, memory_order_relaxed);
    return failed;
}

const char *kafka_delivery_reason_text(rd_kafka_resp_err_t err)
{
    static const struct {
        rd_kafka_resp_err_t err;
        const char *text;
    } explained[] = {
        { RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, "not delivered within message.timeout.ms (Local: Message timed out)" },
        { RD_KAFKA_RESP_ERR__PURGE_QUEUE, "still queued when kafka.flushTimeout ran out" },
        { RD_KAFKA_RESP_ERR__PURGE_INFLIGHT, "still unacknowledged when kafka.flushTimeout ran out" },
        { RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, "message larger than message.max.bytes (Message size too large)" },
        { RD_KAFKA_RESP_ERR__FATAL, "not sent: the sink stopped after a fatal error" },
        { RD_KAFKA_RESP_ERR_UNKNOWN, "other errors" },
    };
    for (size_t i = 0; i < sizeof explained / sizeof explained[0]; i++)
        if (explained[i].err == err)
            return explained[i].text;
    return rd_kafka_err2str(err);
}
