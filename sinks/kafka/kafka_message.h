/* kafka_message.h — one Kafka message per row (schema/kafka.md §3): the key is the flow identity
 * "<sensor ID>:<flowInd>", the value a msgpack map or a JSON object of the row's columns, and the
 * headers name the stream, the schema hash and the sensor ID. The key and value buffers are reused
 * from row to row. */
#ifndef ROWTAP_KAFKA_MESSAGE_H
#define ROWTAP_KAFKA_MESSAGE_H

#include <librdkafka/rdkafka.h>
#include <msgpack.h>

#include "buffer.h"
#include "kafka_config.h"
#include "rowtap/rowtap.h"

/* The encoder of a run's messages. */
typedef struct kafka_message {
    kafka_format format;
    int time_digits;
    char sensor_id[24];                  /* decimal */
    unsigned flow_column[RT_STREAM_COUNT]; /* position of flowInd in each schema */
    rt_buffer key, value;
    msgpack_packer packer;               /* appends to value */
} kafka_message;

/* Prepares the encoder for the streams of `run`. Returns 0, or -1 after logging an error when a
 * schema has no plain U64 flowInd column. */
int kafka_message_init(kafka_message *m, const rt_module *self, const rt_run *run, kafka_format format);
/* Frees the encoder's buffers. */
void kafka_message_free(kafka_message *m);
/* Reads one row from the cursor and encodes its key and value. */
void kafka_message_encode_row(kafka_message *m, const rt_schema *schema, rt_cursor *cursor);
/* Hands the encoded key and value to the producer (copied) for topic `rkt`, with the headers of
 * `schema`'s stream; `opaque` comes back in the delivery report. Returns librdkafka's error of
 * the call (RD_KAFKA_RESP_ERR__QUEUE_FULL: nothing was queued, try again after polling). */
rd_kafka_resp_err_t kafka_message_send(const kafka_message *m, rd_kafka_t *rk, rd_kafka_topic_t *rkt,
                                       const rt_schema *schema, void *opaque);

#endif
