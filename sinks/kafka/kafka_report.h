/* kafka_report.h — what the Kafka sink says at the end of a run: an error naming how many rows of
 * each stream were not delivered and why, and the lines of the end report (rows, delivered,
 * failed by reason, schema publication). */
#ifndef ROWTAP_KAFKA_REPORT_H
#define ROWTAP_KAFKA_REPORT_H

#include "kafka_config.h"
#include "kafka_delivery.h"

/* Logs an error for every stream with failed rows and for every schema that was not published. */
void kafka_report_failures(const rt_module *self, kafka_delivery *d, const kafka_settings *settings);
/* Writes the sink's lines of the end report for the streams of `run`. */
void kafka_report_write(rt_report *report, kafka_delivery *d, const kafka_settings *settings, const rt_run *run);

#endif
