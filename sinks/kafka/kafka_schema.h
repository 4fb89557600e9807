/* kafka_schema.h — publishing the schemas of a run (schema/kafka.md §5): at start, one message per
 * stream to the schema topic, keyed by the schema hash, whose value is the stream header of
 * schema/msgpack.md §2 (columns with names and types) as a msgpack map or a JSON object. */
#ifndef ROWTAP_KAFKA_SCHEMA_H
#define ROWTAP_KAFKA_SCHEMA_H

#include "kafka_delivery.h"
#include "kafka_message.h"

/* Encodes the schema message of `schema` into m's key and value. */
void kafka_schema_encode(kafka_message *m, const rt_run *run, const rt_schema *schema);
/* Queues the schema message of every stream of `run` to `topic` (main thread, at open); their
 * delivery reports reach `d`. A message the producer refuses is logged as an error. */
void kafka_schema_publish(const rt_module *self, rd_kafka_t *rk, const char *topic, kafka_message *m,
                          kafka_delivery *d, const rt_run *run);

#endif
