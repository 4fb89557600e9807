/* kafka_delivery.h — delivery accounting of the Kafka sink (schema/kafka.md §4). Every row the sink
 * receives ends in exactly one counter: delivered (the broker acknowledged it) or failed (refused
 * by the producer, or a failed delivery report), failures grouped by reason. Rows of a batch
 * whose write ended in RT_SINK_FATAL are left to the core, which counts them itself. Counters are
 * updated on the sink thread; the atomic ones may be read from any thread. */
#ifndef ROWTAP_KAFKA_DELIVERY_H
#define ROWTAP_KAFKA_DELIVERY_H

#include <librdkafka/rdkafka.h>
#include <stdatomic.h>
#include <stdint.h>

#include "rowtap/rowtap.h"

/* Distinct failure reasons kept in a list; further ones are summed as "other errors". */
#define KAFKA_DELIVERY_REASONS 8

/* Rows that failed for one reason. */
typedef struct kafka_failure_reason {
    rd_kafka_resp_err_t err;
    uint64_t rows;
    uint64_t possibly_persisted; /* the broker may have written them after all */
} kafka_failure_reason;

/* Failed rows grouped by reason. */
typedef struct kafka_reason_list {
    kafka_failure_reason item[KAFKA_DELIVERY_REASONS];
    unsigned n;
    uint64_t other; /* rows of reasons beyond the first KAFKA_DELIVERY_REASONS */
} kafka_reason_list;

/* Counters of one stream. */
typedef struct kafka_stream_counts {
    atomic_uint_least64_t rows;      /* rows of the batches written */
    atomic_uint_least64_t delivered;
    atomic_uint_least64_t bytes;     /* key and value bytes of the delivered rows */
    atomic_uint_least64_t failed;
    kafka_reason_list failures;
} kafka_stream_counts;

/* Outcome of a schema message. */
typedef enum kafka_schema_state {
    KAFKA_SCHEMA_NONE,      /* not published */
    KAFKA_SCHEMA_QUEUED,
    KAFKA_SCHEMA_DELIVERED,
    KAFKA_SCHEMA_FAILED
} kafka_schema_state;

/* The accounting of one sink instance. */
typedef struct kafka_delivery {
    kafka_stream_counts streams[RT_STREAM_COUNT];
    uint64_t handed_back_from;                   /* batch number from which the core counts rows */
    int stopped;                                 /* rows purged from now on failed by the stop */
    kafka_schema_state schema[RT_STREAM_COUNT];
    rd_kafka_resp_err_t schema_err[RT_STREAM_COUNT];
} kafka_delivery;

/* Starts with every counter at zero. */
void kafka_delivery_init(kafka_delivery *d);
/* Adds `rows` failures for `err` (`possibly_persisted` of them maybe written by the broker). */
void kafka_reason_list_add(kafka_reason_list *list, rd_kafka_resp_err_t err, uint64_t rows,
                           uint64_t possibly_persisted);
/* The opaque of a row message of `stream` in batch number `batch`, and of a schema message. */
void *kafka_delivery_row_tag(rt_stream stream, uint64_t batch);
void *kafka_delivery_schema_tag(rt_stream stream);
/* A batch was written: its `rows` rows count as received, those in `refused` as failed because
 * the producer refused them. */
void kafka_delivery_batch(kafka_delivery *d, rt_stream stream, uint32_t rows, const kafka_reason_list *refused);
/* Batch number `batch` was not written (RT_SINK_FATAL): the core counts its rows, so delivery
 * reports of that batch and of later ones are ignored. */
void kafka_delivery_hand_back(kafka_delivery *d, uint64_t batch);
/* The sink stopped after a fatal error: rows purged from the queue from now on count as failed
 * for that reason (RD_KAFKA_RESP_ERR__FATAL). */
void kafka_delivery_stop(kafka_delivery *d);
/* Counts one delivery report (a row or a schema message): the message's opaque `tag`, its
 * error, its key and value bytes, and whether it may have been written despite the error. */
void kafka_delivery_report(kafka_delivery *d, void *tag, rd_kafka_resp_err_t err, uint64_t bytes,
                           int possibly_persisted);
/* A schema message was queued. */
void kafka_delivery_schema_queued(kafka_delivery *d, rt_stream stream);
/* The sink's counters of a stream (rt_sink.stats). */
void kafka_delivery_stats(kafka_delivery *d, rt_stream stream, rt_sink_stats *out);
/* Rows of all streams that failed. */
uint64_t kafka_delivery_failed(kafka_delivery *d);
/* Text of a failure reason ("not delivered within message.timeout.ms (Local: Message timed out)"). */
const char *kafka_delivery_reason_text(rd_kafka_resp_err_t err);

#endif
