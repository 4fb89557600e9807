/* kafka_sink.c — the Kafka sink (schema/kafka.md): one message per row to the topic of its stream,
 * through an idempotent librdkafka producer. write() encodes a batch row by row and queues every
 * message; when the producer's queue is full it waits, serving delivery reports, until there is
 * room (the core's bounded queue then holds the analyzer back, or drops and counts batches on a
 * live interface), so no row is ever dropped here. Delivery reports are served on the sink thread
 * (rd_kafka_poll in write, flush and close) and counted by kafka_delivery. close() waits up to
 * kafka.flushTimeout for the outstanding reports; rows still queued then count as failed. A fatal
 * producer error or an authorization failure stops the sink. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka_config.h"
#include "kafka_delivery.h"
#include "kafka_message.h"
#include "kafka_report.h"
#include "kafka_schema.h"

typedef struct kafka_sink {
    const rt_module *self;
    const rt_run *run;
    kafka_settings settings;
    rd_kafka_t *rk;
    rd_kafka_topic_t *topics[RT_STREAM_COUNT];
    kafka_message message;
    kafka_delivery delivery;
    uint64_t batches;  /* number of the next batch */
    int waited;        /* the producer's queue was full once (said once) */
    atomic_int stopped; /* a fatal error was logged: write and flush return RT_SINK_FATAL */
} kafka_sink;

/* Stops the sink once, logging why. */
static void stop_sink(kafka_sink *sink, const char *what, const char *reason)
{
    if (atomic_exchange(&sink->stopped, 1))
        return;
    kafka_delivery_stop(&sink->delivery);
    rt_log_error(sink->self, "%s: %s; the Kafka sink stops", what, reason);
}

/* Errors after which retrying cannot help: the credentials or permissions are wrong. */
static int is_authorization_error(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED || err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED
           || err == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED || err == RD_KAFKA_RESP_ERR__AUTHENTICATION;
}

/* The producer's fatal error, if it has one. */
static void stop_on_fatal_error(kafka_sink *sink)
{
    char reason[512];
    if (rd_kafka_fatal_error(sink->rk, reason, sizeof reason) != RD_KAFKA_RESP_ERR_NO_ERROR)
        stop_sink(sink, "fatal producer error", reason);
}

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *message, void *opaque)
{
    (void)rk;
    kafka_sink *sink = opaque;
    kafka_delivery_report(&sink->delivery, message->_private, message->err, message->key_len + message->len,
                          message->err && rd_kafka_message_status(message) == RD_KAFKA_MSG_STATUS_POSSIBLY_PERSISTED);
    if (is_authorization_error(message->err)) {
        char what[300];
        snprintf(what, sizeof what, "cannot write to topic %s", rd_kafka_topic_name(message->rkt));
        stop_sink(sink, what, rd_kafka_err2str(message->err));
    }
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    (void)rk;
    kafka_sink *sink = opaque;
    if (err == RD_KAFKA_RESP_ERR__FATAL)
        stop_on_fatal_error(sink);
    else if (is_authorization_error((rd_kafka_resp_err_t)err))
        stop_sink(sink, "the brokers refused the client", reason);
    else if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
        rt_log_warning(sink->self, "%s; rows wait in the producer's queue for up to message.timeout.ms", reason);
    else
        rt_log_warning(sink->self, "%s", reason);
}

/* librdkafka's own log lines (any thread): warnings and worse as warnings, the rest as information.
 * Connection failures ("FAIL") and fatal errors are left out: on_error reports them. */
static void on_log(const rd_kafka_t *rk, int level, const char *facility, const char *text)
{
    const kafka_sink *sink = rd_kafka_opaque(rk);
    if (strcmp(facility, "FAIL") == 0 || strcmp(facility, "FATAL") == 0)
        return;
    if (level <= 4)
        rt_log_warning(sink->self, "librdkafka %s: %s", facility, text);
    else
        rt_log_info(sink->self, "librdkafka %s: %s", facility, text);
}

static void kafka_sink_destroy(void *instance);

/* Creates the producer (its callbacks get the sink as opaque) and the topic handles of the rows. */
static int create_producer(kafka_sink *sink)
{
    rd_kafka_conf_t *conf = kafka_config_build(sink->self);
    if (!conf)
        return -1;
    rd_kafka_conf_set_opaque(conf, sink);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_conf_set_error_cb(conf, on_error);
    rd_kafka_conf_set_log_cb(conf, on_log);
    char err[512];
    sink->rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!sink->rk) {
        rd_kafka_conf_destroy(conf);
        rt_log_error(sink->self, "cannot create the Kafka producer: %s%s", err,
                     strstr(err, "idempotence") ? " (the sink sets enable.idempotence=true unless -X "
                                                  "kafka.enable.idempotence=false is given)" : "");
        return -1;
    }
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (sink->run->schemas[s] && !(sink->topics[s] = rd_kafka_topic_new(sink->rk, sink->settings.topics[s], NULL))) {
            rt_log_error(sink->self, "topic %s: %s", sink->settings.topics[s], rd_kafka_err2str(rd_kafka_last_error()));
            return -1;
        }
    return 0;
}

static int kafka_sink_open(rt_module *self, const rt_run *run, void **instance)
{
    kafka_sink *sink = calloc(1, sizeof *sink);
    if (!sink) {
        rt_log_error(self, "out of memory");
        return -1;
    }
    sink->self = self;
    sink->run = run;
    kafka_config_settings(self, &sink->settings);
    kafka_delivery_init(&sink->delivery);
    if (kafka_message_init(&sink->message, self, run, sink->settings.format) < 0 || create_producer(sink) < 0) {
        kafka_sink_destroy(sink);
        return -1;
    }
    if (sink->settings.schema_topic)
        kafka_schema_publish(self, sink->rk, sink->settings.schema_topic, &sink->message, &sink->delivery, run);
    *instance = sink;
    return 0;
}

/* Queues the encoded message, waiting while the producer's queue is full. Returns librdkafka's
 * error, RD_KAFKA_RESP_ERR__FATAL once the sink is stopped. */
static rd_kafka_resp_err_t send_row(kafka_sink *sink, const rt_batch *batch, void *tag)
{
    rd_kafka_resp_err_t err;
    while ((err = kafka_message_send(&sink->message, sink->rk, sink->topics[batch->stream], batch->schema, tag))
           == RD_KAFKA_RESP_ERR__QUEUE_FULL && !atomic_load(&sink->stopped)) {
        if (!sink->waited) {
            sink->waited = 1;
            rt_log_info(sink->self, "the producer's queue is full (queue.buffering.max.messages, "
                                    "queue.buffering.max.kbytes): rows wait for deliveries");
        }
        rd_kafka_poll(sink->rk, 100);
    }
    if (err == RD_KAFKA_RESP_ERR__FATAL)
        stop_on_fatal_error(sink);
    return atomic_load(&sink->stopped) ? RD_KAFKA_RESP_ERR__FATAL : err;
}

static rt_sink_status kafka_sink_write(void *instance, const rt_batch *batch, uint32_t *rows_failed)
{
    kafka_sink *sink = instance;
    uint64_t number = sink->batches++;
    void *tag = kafka_delivery_row_tag(batch->stream, number);
    kafka_reason_list refused = { .n = 0 };
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    *rows_failed = 0;
    for (uint32_t i = 0; i < batch->n_rows && !atomic_load(&sink->stopped); i++) {
        kafka_message_encode_row(&sink->message, batch->schema, &cursor);
        rd_kafka_resp_err_t err = send_row(sink, batch, tag);
        if (err && err != RD_KAFKA_RESP_ERR__FATAL) {
            kafka_reason_list_add(&refused, err, 1, 0);
            (*rows_failed)++;
        }
    }
    if (atomic_load(&sink->stopped)) {
        kafka_delivery_hand_back(&sink->delivery, number);
        *rows_failed = 0;
        return RT_SINK_FATAL;
    }
    kafka_delivery_batch(&sink->delivery, batch->stream, batch->n_rows, &refused);
    rd_kafka_poll(sink->rk, 0);
    return *rows_failed ? RT_SINK_DATA : RT_SINK_OK;
}

static rt_sink_status kafka_sink_flush(void *instance)
{
    kafka_sink *sink = instance;
    rd_kafka_poll(sink->rk, 0);
    return atomic_load(&sink->stopped) ? RT_SINK_FATAL : RT_SINK_OK;
}

/* Longest wait for the reports of purged messages. */
#define PURGE_REPORT_WAIT_MS 5000

static rt_sink_status kafka_sink_close(void *instance)
{
    kafka_sink *sink = instance;
    rd_kafka_flush(sink->rk, atomic_load(&sink->stopped) ? 0 : sink->settings.flush_timeout_ms);
    if (rd_kafka_outq_len(sink->rk) > 0) {
        rd_kafka_purge(sink->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        rd_kafka_flush(sink->rk, PURGE_REPORT_WAIT_MS);
    }
    rd_kafka_poll(sink->rk, 0);
    kafka_report_failures(sink->self, &sink->delivery, &sink->settings);
    return atomic_load(&sink->stopped) ? RT_SINK_FATAL : RT_SINK_OK;
}

static void kafka_sink_stats(void *instance, rt_stream stream, rt_sink_stats *out)
{
    kafka_sink *sink = instance;
    kafka_delivery_stats(&sink->delivery, stream, out);
}

static void kafka_sink_report(void *instance, rt_report *report)
{
    kafka_sink *sink = instance;
    kafka_report_write(report, &sink->delivery, &sink->settings, sink->run);
}

static void kafka_sink_destroy(void *instance)
{
    kafka_sink *sink = instance;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        if (sink->topics[s])
            rd_kafka_topic_destroy(sink->topics[s]);
    if (sink->rk)
        rd_kafka_destroy(sink->rk);
    kafka_message_free(&sink->message);
    free(sink);
}

RT_SINK_DEFINE = {
    RT_SINK_HEADER,
    .name = "kafka",
    .version = "1.0",
    .description = "Kafka topics rowtap.flows, rowtap.packets through librdkafka, one message per row (schema/kafka.md)",
    .options = kafka_config_options,
    .n_options = KAFKA_CONFIG_N_OPTIONS,
    .open = kafka_sink_open,
    .write = kafka_sink_write,
    .flush = kafka_sink_flush,
    .close = kafka_sink_close,
    .stats = kafka_sink_stats,
    .report = kafka_sink_report,
    .destroy = kafka_sink_destroy,
};
