/* test_kafka.c — the Kafka sink's parts without a broker: message keys and values (bytes from the
 * rules of schema/kafka.md and schema/msgpack.md), the delivery accounting, the librdkafka
 * configuration built from options, and the whole sink against an address where no broker
 * listens (every row must end as failed, with the reason, exactly once). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kafka_config.h"
#include "kafka_delivery.h"
#include "kafka_message.h"
#include "kafka_schema.h"
#include "log.h"
#include "options.h"
#include "report_lines.h"
#include "row_writer.h"
#include "schema_registry.h"
#include "unit_run.h"

extern const rt_sink rowtap_sink;

static rt_module kafka_module = { .kind = MODULE_SINK, .name = "kafka", .options = kafka_config_options,
                                  .n_options = KAFKA_CONFIG_N_OPTIONS };
static rt_module *const modules[] = { &kafka_module };

/* The packet row of schema/msgpack.md §4: pktNo 1273, flowInd 35, srcPort absent, ethVlanID 20
 * and 100, pktIAT -0.000120 s. */
static const rt_column example_columns[] = {
    RT_COLUMN("pktNo", U64, "Packet number"),
    RT_COLUMN("flowInd", U64, "Flow index"),
    RT_COLUMN("srcPort", U16, "Source port"),
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs"),
    RT_COLUMN("pktIAT", DUR, "Gap"),
};

static const rt_schema *example_schema(schema_registry *reg, const rt_column *columns, unsigned n)
{
    char err[256];
    schema_registry_init(reg, RT_STREAM_PACKETS);
    ck_assert_int_eq(schema_registry_add(reg, "core", columns, n, err, sizeof err), 0);
    return schema_registry_finish(reg);
}

/* Appends the example row with the given flowInd (UINT64_MAX: absent). */
static void write_example(rt_buffer *out, const rt_schema *schema, uint64_t flow)
{
    rt_row row;
    row_begin(&row, out, schema);
    row_hand_over(&row, "test", schema->n_columns);
    rt_row_u64(&row, 1273);
    if (flow == UINT64_MAX)
        rt_row_absent(&row);
    else
        rt_row_u64(&row, flow);
    rt_row_absent(&row);
    rt_row_repeat(&row, 2);
    rt_row_u16(&row, 20);
    rt_row_u16(&row, 100);
    rt_row_duration(&row, -120000);
    row_check_done(&row);
}

static void batch_of(rt_batch *batch, const rt_buffer *rows, const rt_schema *schema, uint32_t n)
{
    batch->stream = schema->stream;
    batch->schema = schema;
    batch->n_rows = n;
    batch->size = rows->len;
    batch->data = rows->data;
}

static rt_run run_of(const rt_schema *packets, uint64_t sensor)
{
    rt_run run = { .program_version = "0.1.0", .sensor_id = sensor, .time_digits = 6, .run_id = "666-1-2",
                   .command_line = "rowtap -o kafka", .start_time = 1700000000123456789 };
    run.schemas[RT_STREAM_PACKETS] = packets;
    return run;
}

static void assert_buffer(const rt_buffer *got, const void *expected, size_t len, const char *what)
{
    char hex[512] = "";
    for (size_t i = 0; i < got->len && i < 120; i++)
        snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%02x ", got->data[i]);
    ck_assert_msg(got->len == len && memcmp(got->data, expected, len) == 0, "%s: got %zu bytes %s", what, got->len,
                  hex);
}

/* Encodes the example row in `format` with `sensor`; checks key and value. */
static void check_encoding(kafka_format format, uint64_t sensor, uint64_t flow, const char *key, const void *value,
                           size_t value_len)
{
    schema_registry reg;
    const rt_schema *schema = example_schema(&reg, example_columns, 5);
    rt_buffer rows = { 0 };
    write_example(&rows, schema, flow);
    write_example(&rows, schema, flow);
    rt_batch batch;
    batch_of(&batch, &rows, schema, 2);
    rt_run run = run_of(schema, sensor);
    kafka_message m;
    ck_assert_int_eq(kafka_message_init(&m, &kafka_module, &run, format), 0);
    rt_cursor cursor;
    rt_cursor_init(&cursor, &batch);
    for (int i = 0; i < 2; i++) { /* the second row proves the cursor moved past the first */
        kafka_message_encode_row(&m, schema, &cursor);
        assert_buffer(&m.key, key, strlen(key), "key");
        assert_buffer(&m.value, value, value_len, "value");
    }
    ck_assert_ptr_eq(cursor.pos, cursor.end);
    kafka_message_free(&m);
    buffer_free(&rows);
    schema_registry_free(&reg);
}

START_TEST(msgpack_value_is_a_map_of_the_columns)
{
    static const uint8_t expected[] = {
        0x85,
        0xa5, 'p', 'k', 't', 'N', 'o', 0xcd, 0x04, 0xf9,
        0xa7, 'f', 'l', 'o', 'w', 'I', 'n', 'd', 0x23,
        0xa7, 's', 'r', 'c', 'P', 'o', 'r', 't', 0xc0,
        0xa9, 'e', 't', 'h', 'V', 'l', 'a', 'n', 'I', 'D', 0x92, 0x14, 0x64,
        0xa6, 'p', 'k', 't', 'I', 'A', 'T', 0xd2, 0xff, 0xfe, 0x2b, 0x40,
    };
    check_encoding(KAFKA_FORMAT_MSGPACK, 666, 35, "666:35", expected, sizeof expected);
}
END_TEST

START_TEST(json_value_is_an_object_without_newline)
{
    static const char expected[] = "{\"pktNo\":1273,\"flowInd\":35,\"srcPort\":null,\"ethVlanID\":[20,100],"
                                   "\"pktIAT\":-0.000120}";
    check_encoding(KAFKA_FORMAT_JSON, 666, 35, "666:35", expected, strlen(expected));
}
END_TEST

START_TEST(key_holds_the_full_sensor_and_flow_numbers)
{
    static const char expected[] = "{\"pktNo\":1273,\"flowInd\":18446744073709551614,\"srcPort\":null,"
                                   "\"ethVlanID\":[20,100],\"pktIAT\":-0.000120}";
    check_encoding(KAFKA_FORMAT_JSON, UINT64_MAX, UINT64_MAX - 1, "18446744073709551615:18446744073709551614",
                   expected, strlen(expected));
}
END_TEST

START_TEST(absent_flow_index_leaves_the_sensor_alone_in_the_key)
{
    static const char expected[] = "{\"pktNo\":1273,\"flowInd\":null,\"srcPort\":null,"
                                   "\"ethVlanID\":[20,100],\"pktIAT\":-0.000120}";
    check_encoding(KAFKA_FORMAT_JSON, 7, UINT64_MAX, "7:", expected, strlen(expected));
}
END_TEST

START_TEST(json_schema_message_is_the_stream_header)
{
    schema_registry reg;
    const rt_schema *schema = example_schema(&reg, example_columns, 5);
    rt_run run = run_of(schema, 666);
    kafka_message m;
    ck_assert_int_eq(kafka_message_init(&m, &kafka_module, &run, KAFKA_FORMAT_JSON), 0);
    kafka_schema_encode(&m, &run, schema);
    assert_buffer(&m.key, schema->hash_hex, 16, "key");
    char expected[2048];
    snprintf(expected, sizeof expected,
             "{\"format\":\"rowtap-msgpack\",\"version\":1,\"stream\":\"packets\",\"producer\":\"rowtap 0.1.0\","
             "\"sensor_id\":666,\"time_precision\":\"us\",\"schema_hash\":\"%s\",\"columns\":["
             "{\"name\":\"pktNo\",\"type\":\"U64\",\"code\":\"U64\",\"repeated\":false,\"parts\":[],"
             "\"description\":\"Packet number\",\"plugin\":\"core\"},"
             "{\"name\":\"flowInd\",\"type\":\"U64\",\"code\":\"U64\",\"repeated\":false,\"parts\":[],"
             "\"description\":\"Flow index\",\"plugin\":\"core\"},"
             "{\"name\":\"srcPort\",\"type\":\"U16\",\"code\":\"U16\",\"repeated\":false,\"parts\":[],"
             "\"description\":\"Source port\",\"plugin\":\"core\"},"
             "{\"name\":\"ethVlanID\",\"type\":\"U16\",\"code\":\"U16:R\",\"repeated\":true,\"parts\":[],"
             "\"description\":\"VLAN IDs\",\"plugin\":\"core\"},"
             "{\"name\":\"pktIAT\",\"type\":\"DUR\",\"code\":\"U64.U32\",\"repeated\":false,\"parts\":[],"
             "\"description\":\"Gap\",\"plugin\":\"core\"}],"
             "\"run_id\":\"666-1-2\",\"start_time\":\"2023-11-14T22:13:20.123456789Z\","
             "\"command_line\":\"rowtap -o kafka\",\"plugins\":[]}",
             schema->hash_hex);
    assert_buffer(&m.value, expected, strlen(expected), "value");
    kafka_message_free(&m);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(schema_without_flow_index_is_refused)
{
    static const rt_column columns[] = { RT_COLUMN("pktNo", U64, "Packet number") };
    schema_registry reg;
    const rt_schema *schema = example_schema(&reg, columns, 1);
    rt_run run = run_of(schema, 666);
    kafka_message m;
    unsigned errors = log_error_count();
    ck_assert_int_eq(kafka_message_init(&m, &kafka_module, &run, KAFKA_FORMAT_MSGPACK), -1);
    ck_assert_uint_eq(log_error_count(), errors + 1);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(delivery_counts_every_row_once)
{
    kafka_delivery d;
    kafka_delivery_init(&d);
    kafka_reason_list refused = { .n = 0 };
    kafka_reason_list_add(&refused, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, 2, 0);
    kafka_delivery_batch(&d, RT_STREAM_PACKETS, 10, &refused);
    for (int i = 0; i < 6; i++)
        kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_PACKETS, 0), 0, 100, 0);
    kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_PACKETS, 0), RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, 100, 1);
    kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_PACKETS, 0), RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, 100, 0);
    kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_FLOWS, 0), 0, 40, 0);
    rt_sink_stats stats;
    kafka_delivery_stats(&d, RT_STREAM_PACKETS, &stats);
    ck_assert_uint_eq(stats.rows_written, 6);
    ck_assert_uint_eq(stats.bytes_written, 600);
    ck_assert_uint_eq(stats.rows_failed, 4);
    const kafka_reason_list *reasons = &d.streams[RT_STREAM_PACKETS].failures;
    ck_assert_uint_eq(reasons->n, 2);
    ck_assert_int_eq(reasons->item[0].err, RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE);
    ck_assert_uint_eq(reasons->item[0].rows, 2);
    ck_assert_int_eq(reasons->item[1].err, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
    ck_assert_uint_eq(reasons->item[1].rows, 2);
    ck_assert_uint_eq(reasons->item[1].possibly_persisted, 1);
    kafka_delivery_stats(&d, RT_STREAM_FLOWS, &stats);
    ck_assert_uint_eq(stats.rows_written, 1);
    ck_assert_uint_eq(stats.bytes_written, 40);
    ck_assert_uint_eq(kafka_delivery_failed(&d), 4);
}
END_TEST

START_TEST(rows_handed_back_to_the_core_are_not_counted)
{
    kafka_delivery d;
    kafka_delivery_init(&d);
    kafka_reason_list none = { .n = 0 };
    kafka_delivery_batch(&d, RT_STREAM_FLOWS, 3, &none);
    kafka_delivery_hand_back(&d, 4);
    kafka_delivery_stop(&d);
    kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_FLOWS, 3), RD_KAFKA_RESP_ERR__PURGE_QUEUE, 10, 0);
    kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_FLOWS, 4), RD_KAFKA_RESP_ERR__PURGE_QUEUE, 10, 0);
    kafka_delivery_report(&d, kafka_delivery_row_tag(RT_STREAM_FLOWS, 9), 0, 10, 0);
    rt_sink_stats stats;
    kafka_delivery_stats(&d, RT_STREAM_FLOWS, &stats);
    ck_assert_uint_eq(stats.rows_written, 0);
    ck_assert_uint_eq(stats.rows_failed, 1);
    ck_assert_int_eq(d.streams[RT_STREAM_FLOWS].failures.item[0].err, RD_KAFKA_RESP_ERR__FATAL);
    ck_assert_ptr_nonnull(strstr(kafka_delivery_reason_text(RD_KAFKA_RESP_ERR__FATAL), "fatal error"));
}
END_TEST

START_TEST(schema_messages_have_their_own_state)
{
    kafka_delivery d;
    kafka_delivery_init(&d);
    kafka_delivery_schema_queued(&d, RT_STREAM_FLOWS);
    kafka_delivery_schema_queued(&d, RT_STREAM_PACKETS);
    kafka_delivery_report(&d, kafka_delivery_schema_tag(RT_STREAM_FLOWS), 0, 900, 0);
    kafka_delivery_report(&d, kafka_delivery_schema_tag(RT_STREAM_PACKETS),
                          RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, 900, 0);
    ck_assert_int_eq(d.schema[RT_STREAM_FLOWS], KAFKA_SCHEMA_DELIVERED);
    ck_assert_int_eq(d.schema[RT_STREAM_PACKETS], KAFKA_SCHEMA_FAILED);
    ck_assert_int_eq(d.schema_err[RT_STREAM_PACKETS], RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
    ck_assert_uint_eq(kafka_delivery_failed(&d), 0);
    rt_sink_stats stats;
    kafka_delivery_stats(&d, RT_STREAM_FLOWS, &stats);
    ck_assert_uint_eq(stats.rows_written, 0);
}
END_TEST

START_TEST(reasons_beyond_the_list_are_summed)
{
    kafka_reason_list list = { .n = 0 };
    for (int i = 0; i < KAFKA_DELIVERY_REASONS + 3; i++)
        kafka_reason_list_add(&list, (rd_kafka_resp_err_t)(100 + i), 2, 0);
    kafka_reason_list_add(&list, (rd_kafka_resp_err_t)100, 1, 0);
    ck_assert_uint_eq(list.n, KAFKA_DELIVERY_REASONS);
    ck_assert_uint_eq(list.item[0].rows, 3);
    ck_assert_uint_eq(list.other, 6);
}
END_TEST

/* Option values of the test, then the librdkafka property `name` of the built configuration. */
static void set_options(const char *const *assignments)
{
    char err[512];
    options_reset();
    for (; *assignments; assignments++)
        ck_assert_int_eq(options_add(*assignments, "-X", err, sizeof err), 0);
    ck_assert_msg(options_validate(modules, 1, err, sizeof err) == 0, "%s", err);
}

static void assert_property(rd_kafka_conf_t *conf, const char *name, const char *expected)
{
    char value[256];
    size_t size = sizeof value;
    ck_assert_int_eq(rd_kafka_conf_get(conf, name, value, &size), RD_KAFKA_CONF_OK);
    ck_assert_msg(strcmp(value, expected) == 0, "%s = %s, expected %s", name, value, expected);
}

START_TEST(defaults_then_user_properties)
{
    static const char *const given[] = { "kafka.bootstrap.servers=127.0.0.1:1", "kafka.linger.ms=20",
                                         "kafka.compression.type=zstd", "kafka.format=json",
                                         "kafka.topic.flows=f", "kafka.topic.schemas=", NULL };
    set_options(given);
    rd_kafka_conf_t *conf = kafka_config_build(&kafka_module);
    ck_assert_ptr_nonnull(conf);
    assert_property(conf, "bootstrap.servers", "127.0.0.1:1");
    assert_property(conf, "enable.idempotence", "true");
    assert_property(conf, "acks", "-1");
    assert_property(conf, "linger.ms", "20");
    assert_property(conf, "compression.type", "zstd");
    assert_property(conf, "client.id", "rowtap");
    size_t size = 0;
    ck_assert_int_eq(rd_kafka_conf_get(conf, "format", NULL, &size), RD_KAFKA_CONF_UNKNOWN);
    rd_kafka_conf_destroy(conf);
    kafka_settings settings;
    kafka_config_settings(&kafka_module, &settings);
    ck_assert_int_eq(settings.format, KAFKA_FORMAT_JSON);
    ck_assert_str_eq(settings.topics[RT_STREAM_FLOWS], "f");
    ck_assert_str_eq(settings.topics[RT_STREAM_PACKETS], "rowtap.packets");
    ck_assert_ptr_null(settings.schema_topic);
    ck_assert_int_eq(settings.flush_timeout_ms, 60000);
    options_reset();
}
END_TEST

START_TEST(bad_properties_are_errors)
{
    static const char *const unknown[] = { "kafka.bootstrap.servers=b:9092", "kafka.no.such.property=1", NULL };
    static const char *const invalid[] = { "kafka.bootstrap.servers=b:9092", "kafka.acks=maybe", NULL };
    static const char *const no_broker[] = { "kafka.linger.ms=1", NULL };
    const char *const *cases[] = { unknown, invalid, no_broker };
    for (size_t i = 0; i < 3; i++) {
        set_options(cases[i]);
        unsigned errors = log_error_count();
        ck_assert_ptr_null(kafka_config_build(&kafka_module));
        ck_assert_uint_eq(log_error_count(), errors + 1);
    }
    options_reset();
}
END_TEST

/* The sink against 127.0.0.1 port 1, where nothing listens: the rows of a batch fail after close,
 * once each, and the end report gives the reason `expected`. */
static void run_unreachable(const char *const *given, rd_kafka_resp_err_t expected)
{
    set_options(given);
    schema_registry reg;
    const rt_schema *schema = example_schema(&reg, example_columns, 5);
    rt_buffer rows = { 0 };
    for (int i = 0; i < 3; i++)
        write_example(&rows, schema, 35 + (uint64_t)i);
    rt_batch batch;
    batch_of(&batch, &rows, schema, 3);
    rt_run run = run_of(schema, 666);
    void *sink;
    ck_assert_int_eq(rowtap_sink.open(&kafka_module, &run, &sink), 0);
    uint32_t failed = 99;
    ck_assert_int_eq(rowtap_sink.write(sink, &batch, &failed), RT_SINK_OK);
    ck_assert_uint_eq(failed, 0);
    ck_assert_int_eq(rowtap_sink.flush(sink), RT_SINK_OK);
    unsigned errors = log_error_count();
    ck_assert_int_eq(rowtap_sink.close(sink), RT_SINK_OK);
    ck_assert_uint_ge(log_error_count(), errors + 1);
    rt_sink_stats stats;
    rowtap_sink.stats(sink, RT_STREAM_PACKETS, &stats);
    ck_assert_uint_eq(stats.rows_written, 0);
    ck_assert_uint_eq(stats.rows_failed, 3);
    char *text = NULL;
    size_t text_len = 0;
    FILE *out = open_memstream(&text, &text_len);
    rt_report report = { out, "kafka" };
    rowtap_sink.report(sink, &report);
    fclose(out);
    char line[512];
    snprintf(line, sizeof line, "kafka: packets failures: 3 %s\n", kafka_delivery_reason_text(expected));
    ck_assert_msg(strstr(text, line) != NULL, "report without '%s':\n%s", line, text);
    ck_assert_ptr_nonnull(strstr(text, "3 rows produced, 0 delivered (0 bytes), 3 failed"));
    free(text);
    rowtap_sink.destroy(sink);
    buffer_free(&rows);
    schema_registry_free(&reg);
    options_reset();
}

START_TEST(unreachable_broker_rows_time_out)
{
    static const char *const given[] = { "kafka.bootstrap.servers=127.0.0.1:1", "kafka.message.timeout.ms=300",
                                         "kafka.log_level=0", NULL };
    run_unreachable(given, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT);
}
END_TEST

START_TEST(rows_still_queued_at_the_flush_timeout_fail)
{
    static const char *const given[] = { "kafka.bootstrap.servers=127.0.0.1:1", "kafka.flushTimeout=100",
                                         "kafka.log_level=0", NULL };
    run_unreachable(given, RD_KAFKA_RESP_ERR__PURGE_QUEUE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("kafka");
    TCase *tc = tcase_create("kafka");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, msgpack_value_is_a_map_of_the_columns);
    tcase_add_test(tc, json_value_is_an_object_without_newline);
    tcase_add_test(tc, key_holds_the_full_sensor_and_flow_numbers);
    tcase_add_test(tc, absent_flow_index_leaves_the_sensor_alone_in_the_key);
    tcase_add_test(tc, json_schema_message_is_the_stream_header);
    tcase_add_test(tc, schema_without_flow_index_is_refused);
    tcase_add_test(tc, delivery_counts_every_row_once);
    tcase_add_test(tc, rows_handed_back_to_the_core_are_not_counted);
    tcase_add_test(tc, schema_messages_have_their_own_state);
    tcase_add_test(tc, reasons_beyond_the_list_are_summed);
    tcase_add_test(tc, defaults_then_user_properties);
    tcase_add_test(tc, bad_properties_are_errors);
    tcase_add_test(tc, unreachable_broker_rows_time_out);
    tcase_add_test(tc, rows_still_queued_at_the_flush_timeout_fail);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
