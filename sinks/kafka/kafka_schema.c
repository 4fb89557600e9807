/* kafka_schema.c — the schema message of a stream: key = schema hash, value = the stream header
 * (msgpack_row_pack_header for msgpack, the same keys and values as JSON here); published once
 * per stream at start. */
#include <stdio.h>
#include <string.h>

#include "json_render.h"
#include "kafka_schema.h"
#include "msgpack_format.h"
#include "msgpack_row.h"

static void put_raw(rt_buffer *out, const char *text)
{
    buffer_append(out, text, strlen(text));
}

static void put_string(rt_buffer *out, const char *text)
{
    json_render_string(out, (const uint8_t *)text, strlen(text));
}

/* ,"key": (the first member of an object passes first = 1) */
static void put_key(rt_buffer *out, const char *key, int first)
{
    if (!first)
        put_raw(out, ",");
    put_string(out, key);
    put_raw(out, ":");
}

static void put_string_member(rt_buffer *out, const char *key, const char *value, int first)
{
    put_key(out, key, first);
    put_string(out, value ? value : "");
}

/* One element of "columns" (schema/msgpack.md §2.1). */
static void put_column(rt_buffer *out, const rt_schema_column *sc)
{
    const rt_column *c = sc->column;
    char code[128];
    rt_column_type_code(c, code, sizeof code);
    put_string_member(out, "name", c->name, 1);
    put_string_member(out, "type", c->type == RT_COMPOUND ? MSGPACK_FORMAT_COMPOUND : rt_type_get(c->type)->id, 0);
    put_string_member(out, "code", code, 0);
    put_key(out, "repeated", 0);
    put_raw(out, c->repeated ? "true" : "false");
    put_key(out, "parts", 0);
    put_raw(out, "[");
    for (unsigned i = 0; c->type == RT_COMPOUND && i < c->n_parts; i++) {
        if (i)
            put_raw(out, ",");
        put_string(out, rt_type_get(c->parts[i])->id);
    }
    put_raw(out, "]");
    put_string_member(out, "description", c->description, 0);
    put_string_member(out, "plugin", sc->owner, 0);
}

/* The header as a JSON object, key for key as msgpack_row_pack_header writes it. */
static void render_json_header(rt_buffer *out, const rt_run *run, const rt_schema *schema)
{
    char text[160];
    put_raw(out, "{");
    put_string_member(out, "format", MSGPACK_FORMAT_NAME, 1);
    snprintf(text, sizeof text, "%d", MSGPACK_FORMAT_VERSION);
    put_key(out, "version", 0);
    put_raw(out, text);
    put_string_member(out, "stream", rt_stream_name(schema->stream), 0);
    snprintf(text, sizeof text, "rowtap %s", run->program_version ? run->program_version : "");
    put_string_member(out, "producer", text, 0);
    rt_value sensor = { .n.u = run->sensor_id };
    put_key(out, "sensor_id", 0);
    json_render_value(out, RT_U64, &sensor, run->time_digits);
    put_string_member(out, "time_precision", run->time_digits == 9 ? "ns" : "us", 0);
    put_string_member(out, "schema_hash", schema->hash_hex, 0);
    put_key(out, "columns", 0);
    put_raw(out, "[");
    for (unsigned i = 0; i < schema->n_columns; i++) {
        put_raw(out, i ? ",{" : "{");
        put_column(out, &schema->columns[i]);
        put_raw(out, "}");
    }
    put_raw(out, "]");
    if (run->run_id)
        put_string_member(out, "run_id", run->run_id, 0);
    rt_value start = { .n.i = run->start_time };
    put_key(out, "start_time", 0);
    json_render_value(out, RT_TS, &start, 9);
    if (run->command_line)
        put_string_member(out, "command_line", run->command_line, 0);
    put_key(out, "plugins", 0);
    put_raw(out, "[");
    for (unsigned i = 0; i < run->n_plugins; i++) {
        put_raw(out, i ? ",{" : "{");
        put_string_member(out, "name", run->plugin_names[i], 1);
        put_string_member(out, "version", run->plugin_versions[i], 0);
        put_raw(out, "}");
    }
    put_raw(out, "]}");
}

void kafka_schema_encode(kafka_message *m, const rt_run *run, const rt_schema *schema)
{
    m->key.len = 0;
    buffer_append(&m->key, schema->hash_hex, strlen(schema->hash_hex));
    m->value.len = 0;
    if (m->format == KAFKA_FORMAT_JSON)
        render_json_header(&m->value, run, schema);
    else
        msgpack_row_pack_header(&m->packer, schema, run);
}

void kafka_schema_publish(const rt_module *self, rd_kafka_t *rk, const char *topic, kafka_message *m,
                          kafka_delivery *d, const rt_run *run)
{
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        const rt_schema *schema = run->schemas[s];
        if (!schema)
            continue;
        kafka_schema_encode(m, run, schema);
        rd_kafka_resp_err_t err = rkt ? kafka_message_send(m, rk, rkt, schema, kafka_delivery_schema_tag((rt_stream)s))
                                      : rd_kafka_last_error();
        if (err)
            rt_log_error(self, "the %s schema cannot be published to topic %s: %s", rt_stream_name((rt_stream)s), topic,
                         kafka_delivery_reason_text(err));
        else
            kafka_delivery_schema_queued(d, (rt_stream)s);
    }
    if (rkt)
        rd_kafka_topic_destroy(rkt);
}
