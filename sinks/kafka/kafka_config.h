/* kafka_config.h — the Kafka sink's options (schema/kafka.md §2): rowtap's own keys (topics, value
 * format, flush timeout) and every librdkafka property passed through as
 * -X kafka.<property>=<value>, on top of the sink's defaults for no loss and good throughput. */
#ifndef ROWTAP_KAFKA_CONFIG_H
#define ROWTAP_KAFKA_CONFIG_H

#include <librdkafka/rdkafka.h>

#include "rowtap/rowtap.h"

/* Encoding of message values. */
typedef enum kafka_format {
    KAFKA_FORMAT_MSGPACK,
    KAFKA_FORMAT_JSON
} kafka_format;

/* rowtap's own settings of the sink. Strings belong to the option store. */
typedef struct kafka_settings {
    const char *topics[RT_STREAM_COUNT]; /* rows of each stream */
    const char *schema_topic;            /* NULL: schemas are not published */
    kafka_format format;
    int flush_timeout_ms;                /* longest wait for delivery reports at the end */
} kafka_settings;

/* The option table of the sink. */
#define KAFKA_CONFIG_N_OPTIONS 7
extern const rt_option kafka_config_options[KAFKA_CONFIG_N_OPTIONS];

/* Reads rowtap's own settings. */
void kafka_config_settings(const rt_module *self, kafka_settings *out);
/* The librdkafka configuration: the sink's defaults, then every property the user gave (later
 * ones win). Returns NULL after logging an error that names the property (never a secret value). */
rd_kafka_conf_t *kafka_config_build(const rt_module *self);

#endif
