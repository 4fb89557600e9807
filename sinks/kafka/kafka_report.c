/* kafka_report.c — end-of-run messages of the Kafka sink. */
#include <inttypes.h>
#include <stdio.h>

#include "kafka_report.h"

/* "1200 not delivered within message.timeout.ms (...), 3 possibly written by the broker; 34 ..." */
static void describe_failures(char *out, size_t size, const kafka_reason_list *list)
{
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < list->n && used < size; i++) {
        const kafka_failure_reason *r = &list->item[i];
        used += (size_t)snprintf(out + used, size - used, "%s%" PRIu64 " %s", i ? "; " : "", r->rows,
                                 kafka_delivery_reason_text(r->err));
        if (r->possibly_persisted && used < size)
            used += (size_t)snprintf(out + used, size - used, " (%" PRIu64 " of them possibly written by the broker)",
                                     r->possibly_persisted);
    }
    if (list->other && used < size)
        snprintf(out + used, size - used, "%s%" PRIu64 " other errors", list->n ? "; " : "", list->other);
}

void kafka_report_failures(const rt_module *self, kafka_delivery *d, const kafka_settings *settings)
{
    char reasons[2048];
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        kafka_stream_counts *c = &d->streams[s];
        uint64_t failed = atomic_load(&c->failed);
        if (failed) {
            describe_failures(reasons, sizeof reasons, &c->failures);
            rt_log_error(self, "%" PRIu64 " of %" PRIu64 " %s rows were not delivered to topic %s: %s", failed,
                         (uint64_t)atomic_load(&c->rows), rt_stream_name((rt_stream)s), settings->topics[s], reasons);
        }
        if (d->schema[s] == KAFKA_SCHEMA_FAILED || d->schema[s] == KAFKA_SCHEMA_QUEUED)
            rt_log_error(self, "the %s schema was not published to topic %s: %s", rt_stream_name((rt_stream)s),
                         settings->schema_topic,
                         d->schema[s] == KAFKA_SCHEMA_FAILED ? kafka_delivery_reason_text(d->schema_err[s])
                                                             : "no delivery report");
    }
}

void kafka_report_write(rt_report *report, kafka_delivery *d, const kafka_settings *settings, const rt_run *run)
{
    char reasons[2048];
    for (int s = RT_STREAM_COUNT - 1; s >= 0; s--) {
        if (!run->schemas[s])
            continue;
        kafka_stream_counts *c = &d->streams[s];
        rt_report_line(report, "%s to topic %s (%s): %" PRIu64 " rows produced, %" PRIu64 " delivered (%" PRIu64
                       " bytes), %" PRIu64 " failed", rt_stream_name((rt_stream)s), settings->topics[s],
                       settings->format == KAFKA_FORMAT_JSON ? "json" : "msgpack", (uint64_t)atomic_load(&c->rows),
                       (uint64_t)atomic_load(&c->delivered), (uint64_t)atomic_load(&c->bytes),
                       (uint64_t)atomic_load(&c->failed));
        if (atomic_load(&c->failed)) {
            describe_failures(reasons, sizeof reasons, &c->failures);
            rt_report_line(report, "%s failures: %s", rt_stream_name((rt_stream)s), reasons);
        }
        if (d->schema[s] == KAFKA_SCHEMA_DELIVERED)
            rt_report_line(report, "%s schema %s published to topic %s", rt_stream_name((rt_stream)s),
                           run->schemas[s]->hash_hex, settings->schema_topic);
    }
}
