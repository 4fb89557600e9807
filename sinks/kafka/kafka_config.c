/* kafka_config.c — the Kafka sink's option table and the librdkafka configuration built from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka_config.h"
#include "options.h"

/* rowtap's keys; every other kafka.<key> goes to librdkafka ("*"). ssl.key.pem is a librdkafka
 * property declared here only so that the core masks it (a private key) wherever it prints. */
const rt_option kafka_config_options[KAFKA_CONFIG_N_OPTIONS] = {
    { "topic.flows", RT_OPT_STRING, "rowtap.flows", "topic of the flow rows", NULL, 0, 0, 0 },
    { "topic.packets", RT_OPT_STRING, "rowtap.packets", "topic of the packet rows (-s)", NULL, 0, 0, 0 },
    { "topic.schemas", RT_OPT_STRING, "rowtap.schemas",
      "topic the schemas are published to at start, keyed by schema hash (empty: not published)", NULL, 0, 0, 0 },
    { "format", RT_OPT_ENUM, "msgpack", "message value encoding: a msgpack map or a JSON object",
      "msgpack|json", 0, 0, 0 },
    { "flushTimeout", RT_OPT_INT, "60000",
      "milliseconds to wait at the end for the delivery of queued rows; rows still queued then count as failed",
      NULL, 0, 86400000, 0 },
    { "ssl.key.pem", RT_OPT_STRING, NULL, "librdkafka's ssl.key.pem (client private key); never printed",
      NULL, 0, 0, RT_OPT_SECRET },
    { "*", RT_OPT_PASSTHROUGH, NULL,
      "any librdkafka property (bootstrap.servers, security.protocol, sasl.*, ssl.*, acks, linger.ms, ...)",
      NULL, 0, 0, 0 },
};

/* librdkafka properties the sink sets before the user's: an idempotent producer waiting for all
 * in-sync replicas (no loss, no duplicates on retries), lz4 batches collected for 5 ms, and the
 * partitioner of the Java client so that other clients agree on a key's partition. */
static const char *const producer_defaults[][2] = {
    { "client.id", "rowtap" },
    { "enable.idempotence", "true" },
    { "acks", "all" },
    { "compression.type", "lz4" },
    { "linger.ms", "5" },
    { "partitioner", "murmur2_random" },
};

/* Named options that are librdkafka properties, handed over as they are. */
static const char *const forwarded_options[] = { "ssl.key.pem" };

void kafka_config_settings(const rt_module *self, kafka_settings *out)
{
    out->topics[RT_STREAM_FLOWS] = rt_option_string(self, "topic.flows");
    out->topics[RT_STREAM_PACKETS] = rt_option_string(self, "topic.packets");
    out->schema_topic = rt_option_string(self, "topic.schemas");
    if (out->schema_topic && !*out->schema_topic)
        out->schema_topic = NULL;
    out->format = strcmp(rt_option_string(self, "format"), "json") == 0 ? KAFKA_FORMAT_JSON : KAFKA_FORMAT_MSGPACK;
    out->flush_timeout_ms = (int)rt_option_int(self, "flushTimeout");
}

/* Copies librdkafka's message to out (at least 6 bytes), every occurrence of the secret value
 * replaced by ****. */
static void mask_secret(char *out, size_t out_size, const char *message, const char *secret)
{
    size_t used = 0, secret_len = strlen(secret);
    while (*message && used + 5 < out_size) {
        if (secret_len && strncmp(message, secret, secret_len) == 0) {
            memcpy(out + used, "****", 4);
            used += 4;
            message += secret_len;
        } else {
            out[used++] = *message++;
        }
    }
    out[used] = '\0';
}

/* State of the passthrough loop: the first failure stops it. */
typedef struct config_build {
    const rt_module *self;
    rd_kafka_conf_t *conf;
    int failed;
} config_build;

static void set_property(const char *key, const char *value, void *arg)
{
    config_build *b = arg;
    char err[512];
    if (b->failed || rd_kafka_conf_set(b->conf, key, value, err, sizeof err) == RD_KAFKA_CONF_OK)
        return;
    char full_key[256], shown[512];
    snprintf(full_key, sizeof full_key, "%s.%s", rt_module_name(b->self), key);
    if (options_is_secret(full_key))
        mask_secret(shown, sizeof shown, err, value);
    else
        snprintf(shown, sizeof shown, "%s", err);
    rt_log_error(b->self, "%s: %s (librdkafka properties: kcat -X list, or librdkafka's CONFIGURATION.md)",
                 full_key, shown);
    b->failed = 1;
}

/* Nonzero when the configuration names at least one broker. */
static int has_brokers(rd_kafka_conf_t *conf)
{
    size_t size = 0;
    return rd_kafka_conf_get(conf, "bootstrap.servers", NULL, &size) == RD_KAFKA_CONF_OK && size > 1;
}

rd_kafka_conf_t *kafka_config_build(const rt_module *self)
{
    config_build b = { self, rd_kafka_conf_new(), 0 };
    for (size_t i = 0; i < sizeof producer_defaults / sizeof producer_defaults[0]; i++)
        set_property(producer_defaults[i][0], producer_defaults[i][1], &b);
    rt_option_each(self, set_property, &b);
    for (size_t i = 0; i < sizeof forwarded_options / sizeof forwarded_options[0]; i++) {
        const char *value = rt_option_string(self, forwarded_options[i]);
        if (value)
            set_property(forwarded_options[i], value, &b);
    }
    if (!b.failed && !has_brokers(b.conf)) {
        rt_log_error(self, "no Kafka broker given: set -X %s.bootstrap.servers=host:port[,host:port...]",
                     rt_module_name(self));
        b.failed = 1;
    }
    if (b.failed) {
        rd_kafka_conf_destroy(b.conf);
        return NULL;
    }
    return b.conf;
}
