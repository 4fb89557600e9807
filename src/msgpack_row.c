/* msgpack_row.c — the msgpack encoding of headers and rows (schema/msgpack.md), on msgpack-c's
 * packer writing straight into an rt_buffer. */
#include <stdio.h>
#include <string.h>

#include "msgpack_row.h"

static int append_to_buffer(void *data, const char *bytes, size_t len)
{
    buffer_append(data, bytes, len);
    return 0;
}

void msgpack_row_packer_init(msgpack_packer *pk, rt_buffer *out)
{
    msgpack_packer_init(pk, out, append_to_buffer);
}

static void pack_cstr(msgpack_packer *pk, const char *text)
{
    msgpack_pack_str_with_body(pk, text, strlen(text));
}

/* Nanoseconds since the epoch as a msgpack timestamp (seconds rounded down, nsec 0..999999999). */
static void pack_time(msgpack_packer *pk, int64_t ns)
{
    int64_t sec = ns / 1000000000;
    int64_t nsec = ns % 1000000000;
    if (nsec < 0) {
        sec--;
        nsec += 1000000000;
    }
    msgpack_timestamp ts = { sec, (uint32_t)nsec };
    msgpack_pack_timestamp(pk, &ts);
}

static void pack_column_description(msgpack_packer *pk, const rt_schema_column *sc)
{
    const rt_column *c = sc->column;
    char code[128];
    rt_column_type_code(c, code, sizeof code);
    msgpack_pack_map(pk, 7);
    pack_cstr(pk, "name");
    pack_cstr(pk, c->name);
    pack_cstr(pk, "type");
    pack_cstr(pk, c->type == RT_COMPOUND ? MSGPACK_FORMAT_COMPOUND : rt_type_get(c->type)->id);
    pack_cstr(pk, "code");
    pack_cstr(pk, code);
    pack_cstr(pk, "repeated");
    if (c->repeated)
        msgpack_pack_true(pk);
    else
        msgpack_pack_false(pk);
    pack_cstr(pk, "parts");
    msgpack_pack_array(pk, c->type == RT_COMPOUND ? c->n_parts : 0);
    for (unsigned i = 0; c->type == RT_COMPOUND && i < c->n_parts; i++)
        pack_cstr(pk, rt_type_get(c->parts[i])->id);
    pack_cstr(pk, "description");
    pack_cstr(pk, c->description ? c->description : "");
    pack_cstr(pk, "plugin");
    pack_cstr(pk, sc->owner ? sc->owner : "");
}

void msgpack_row_pack_header(msgpack_packer *pk, const rt_schema *schema, const rt_run *run)
{
    char producer[128];
    snprintf(producer, sizeof producer, "rowtap %s", run->program_version ? run->program_version : "");
    msgpack_pack_map(pk, 8 + (run->run_id != NULL) + 1 + (run->command_line != NULL) + 1);
    pack_cstr(pk, "format");
    pack_cstr(pk, MSGPACK_FORMAT_NAME);
    pack_cstr(pk, "version");
    msgpack_pack_unsigned_int(pk, MSGPACK_FORMAT_VERSION);
    pack_cstr(pk, "stream");
    pack_cstr(pk, rt_stream_name(schema->stream));
    pack_cstr(pk, "producer");
    pack_cstr(pk, producer);
    pack_cstr(pk, "sensor_id");
    msgpack_pack_uint64(pk, run->sensor_id);
    pack_cstr(pk, "time_precision");
    pack_cstr(pk, run->time_digits == 9 ? "ns" : "us");
    pack_cstr(pk, "schema_hash");
    pack_cstr(pk, schema->hash_hex);
    pack_cstr(pk, "columns");
    msgpack_pack_array(pk, schema->n_columns);
    for (unsigned i = 0; i < schema->n_columns; i++)
        pack_column_description(pk, &schema->columns[i]);
    if (run->run_id) {
        pack_cstr(pk, "run_id");
        pack_cstr(pk, run->run_id);
    }
    pack_cstr(pk, "start_time");
    pack_time(pk, run->start_time);
    if (run->command_line) {
        pack_cstr(pk, "command_line");
        pack_cstr(pk, run->command_line);
    }
    pack_cstr(pk, "plugins");
    msgpack_pack_array(pk, run->n_plugins);
    for (unsigned i = 0; i < run->n_plugins; i++) {
        msgpack_pack_map(pk, 2);
        pack_cstr(pk, "name");
        pack_cstr(pk, run->plugin_names[i]);
        pack_cstr(pk, "version");
        pack_cstr(pk, run->plugin_versions[i] ? run->plugin_versions[i] : "");
    }
}

void msgpack_row_pack_value(msgpack_packer *pk, rt_type type, const rt_value *value)
{
    switch (type) {
    case RT_I8: case RT_I16: case RT_I32: case RT_I64: case RT_DUR:
        msgpack_pack_int64(pk, value->n.i);
        break;
    case RT_U8: case RT_U16: case RT_U32: case RT_U64:
    case RT_H8: case RT_H16: case RT_H32: case RT_H64:
        msgpack_pack_uint64(pk, value->n.u);
        break;
    case RT_F:
        msgpack_pack_float(pk, value->n.f);
        break;
    case RT_D:
        msgpack_pack_double(pk, value->n.d);
        break;
    case RT_C:
        msgpack_pack_str_with_body(pk, &value->n.c, 1);
        break;
    case RT_S: case RT_SC:
        msgpack_pack_str_with_body(pk, value->bytes, value->len);
        break;
    case RT_TS:
        pack_time(pk, value->n.i);
        break;
    case RT_IPX:
        if (value->ip_version == 0)
            msgpack_pack_nil(pk);
        else
            msgpack_pack_bin_with_body(pk, value->bytes, value->len);
        break;
    case RT_MAC: case RT_IP4: case RT_IP6: case RT_BIN:
        msgpack_pack_bin_with_body(pk, value->bytes, value->len);
        break;
    default:
        msgpack_pack_nil(pk);
        break;
    }
}

/* One value of the column, or one compound (an array of its parts). */
static void pack_element(msgpack_packer *pk, const rt_column *column, rt_cursor *cursor)
{
    rt_value value;
    if (column->type != RT_COMPOUND) {
        rt_cursor_value(cursor, column->type, &value);
        msgpack_row_pack_value(pk, column->type, &value);
        return;
    }
    msgpack_pack_array(pk, column->n_parts);
    for (unsigned i = 0; i < column->n_parts; i++) {
        rt_cursor_value(cursor, column->parts[i], &value);
        msgpack_row_pack_value(pk, column->parts[i], &value);
    }
}

void msgpack_row_pack_column(msgpack_packer *pk, const rt_column *column, rt_cursor *cursor)
{
    uint32_t count = rt_cursor_count(cursor);
    if (count == RT_ABSENT) {
        msgpack_pack_nil(pk);
        return;
    }
    if (!column->repeated) {
        pack_element(pk, column, cursor);
        return;
    }
    msgpack_pack_array(pk, count);
    for (uint32_t i = 0; i < count; i++)
        pack_element(pk, column, cursor);
}

void msgpack_row_pack_row(msgpack_packer *pk, const rt_schema *schema, rt_cursor *cursor)
{
    msgpack_pack_array(pk, schema->n_columns);
    for (unsigned i = 0; i < schema->n_columns; i++)
        msgpack_row_pack_column(pk, schema->columns[i].column, cursor);
}

void msgpack_row_pack_row_map(msgpack_packer *pk, const rt_schema *schema, rt_cursor *cursor)
{
    msgpack_pack_map(pk, schema->n_columns);
    for (unsigned i = 0; i < schema->n_columns; i++) {
        pack_cstr(pk, schema->columns[i].column->name);
        msgpack_row_pack_column(pk, schema->columns[i].column, cursor);
    }
}
