/* kafka_message.c — encoding rows as Kafka messages and handing them to librdkafka. The values
 * come from the shared encoders (msgpack_row for msgpack, json_render for JSON), so that a Kafka
 * value holds exactly what the msgpack sink and rowtap-cat --json write for the same row. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "json_render.h"
#include "kafka_message.h"
#include "msgpack_row.h"

int kafka_message_init(kafka_message *m, const rt_module *self, const rt_run *run, kafka_format format)
{
    memset(m, 0, sizeof *m);
    m->format = format;
    m->time_digits = run->time_digits;
    snprintf(m->sensor_id, sizeof m->sensor_id, "%" PRIu64, run->sensor_id);
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        const rt_schema *schema = run->schemas[s];
        if (!schema)
            continue;
        unsigned i = 0;
        while (i < schema->n_columns && strcmp(schema->columns[i].column->name, "flowInd") != 0)
            i++;
        const rt_column *c = i < schema->n_columns ? schema->columns[i].column : NULL;
        if (!c || c->type != RT_U64 || c->repeated) {
            rt_log_error(self, "the %s schema has no U64 column flowInd to key the messages with",
                         rt_stream_name((rt_stream)s));
            return -1;
        }
        m->flow_column[s] = i;
    }
    msgpack_row_packer_init(&m->packer, &m->value);
    buffer_reserve(&m->key, 48);
    buffer_reserve(&m->value, 4096);
    return 0;
}

void kafka_message_free(kafka_message *m)
{
    buffer_free(&m->key);
    buffer_free(&m->value);
}

/* Reads past one column. */
static void skip_column(const rt_column *column, rt_cursor *cursor)
{
    rt_value value;
    uint32_t count = rt_cursor_count(cursor);
    if (count == RT_ABSENT)
        return;
    for (uint32_t i = 0; i < count; i++) {
        if (column->type != RT_COMPOUND)
            rt_cursor_value(cursor, column->type, &value);
        for (unsigned p = 0; column->type == RT_COMPOUND && p < column->n_parts; p++)
            rt_cursor_value(cursor, column->parts[p], &value);
    }
}

/* Appends the decimal digits of v. */
static void put_decimal(rt_buffer *out, uint64_t v)
{
    char digits[20];
    size_t n = 0;
    do {
        digits[sizeof digits - ++n] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    buffer_append(out, digits + sizeof digits - n, n);
}

/* "<sensor ID>:<flowInd>" of the row at the cursor (which is not moved); just "<sensor ID>:" when
 * flowInd is absent. */
static void encode_key(kafka_message *m, const rt_schema *schema, rt_cursor cursor)
{
    unsigned flow_column = m->flow_column[schema->stream];
    for (unsigned i = 0; i < flow_column; i++)
        skip_column(schema->columns[i].column, &cursor);
    m->key.len = 0;
    buffer_append(&m->key, m->sensor_id, strlen(m->sensor_id));
    buffer_append(&m->key, ":", 1);
    if (rt_cursor_count(&cursor) == RT_ABSENT)
        return;
    rt_value flow;
    rt_cursor_value(&cursor, RT_U64, &flow);
    put_decimal(&m->key, flow.n.u);
}

void kafka_message_encode_row(kafka_message *m, const rt_schema *schema, rt_cursor *cursor)
{
    encode_key(m, schema, *cursor);
    m->value.len = 0;
    if (m->format == KAFKA_FORMAT_JSON)
        json_render_object(&m->value, schema, cursor, m->time_digits);
    else
        msgpack_row_pack_row_map(&m->packer, schema, cursor);
}

rd_kafka_resp_err_t kafka_message_send(const kafka_message *m, rd_kafka_t *rk, rd_kafka_topic_t *rkt,
                                       const rt_schema *schema, void *opaque)
{
    const char *stream = rt_stream_name(schema->stream);
    return rd_kafka_producev(rk, RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(m->key.data, m->key.len), RD_KAFKA_V_VALUE(m->value.data, m->value.len),
                             RD_KAFKA_V_HEADER("stream", stream, (ssize_t)strlen(stream)),
                             RD_KAFKA_V_HEADER("schema_hash", schema->hash_hex, 16),
                             RD_KAFKA_V_HEADER("sensor_id", m->sensor_id, (ssize_t)strlen(m->sensor_id)),
                             RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}
