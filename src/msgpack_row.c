/* msgpack_row.c — the msgpack encoding of headers and rows (schema/msgpack.md). Headers use
 * msgpack-c's packer; row values, the hot path, are encoded here straight into the rt_buffer the
 * packer writes to, in the same smallest forms msgpack-c chooses. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cursor_inline.h"
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

/* ---- rows: values encoded straight into the buffer (the same bytes msgpack-c writes) ---- */

static inline uint8_t *put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
    return p + 2;
}

static inline uint8_t *put_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
    return p + 4;
}

static inline uint8_t *put_be64(uint8_t *p, uint64_t v)
{
    return put_be32(put_be32(p, (uint32_t)(v >> 32)), (uint32_t)v);
}

/* An unsigned integer in its smallest form: positive fixint, uint 8/16/32/64. */
static inline uint8_t *put_uint(uint8_t *p, uint64_t v)
{
    if (v < 0x80) {
        *p = (uint8_t)v;
        return p + 1;
    }
    if (v <= UINT8_MAX) {
        p[0] = 0xcc;
        p[1] = (uint8_t)v;
        return p + 2;
    }
    if (v <= UINT16_MAX) {
        *p = 0xcd;
        return put_be16(p + 1, (uint16_t)v);
    }
    if (v <= UINT32_MAX) {
        *p = 0xce;
        return put_be32(p + 1, (uint32_t)v);
    }
    *p = 0xcf;
    return put_be64(p + 1, v);
}

/* A signed integer in its smallest form: non-negative as unsigned, negative fixint, int 8-64. */
static inline uint8_t *put_int(uint8_t *p, int64_t v)
{
    if (v >= 0)
        return put_uint(p, (uint64_t)v);
    if (v >= -32) {
        *p = (uint8_t)(0xe0 | (v + 32));
        return p + 1;
    }
    if (v >= INT8_MIN) {
        p[0] = 0xd0;
        p[1] = (uint8_t)v;
        return p + 2;
    }
    if (v >= INT16_MIN) {
        *p = 0xd1;
        return put_be16(p + 1, (uint16_t)v);
    }
    if (v >= INT32_MIN) {
        *p = 0xd2;
        return put_be32(p + 1, (uint32_t)v);
    }
    *p = 0xd3;
    return put_be64(p + 1, (uint64_t)v);
}

/* The header of a str or bin of `len` bytes (fixstr / str8-32, bin8-32). */
static inline uint8_t *put_length(uint8_t *p, uint32_t len, int is_str)
{
    if (is_str && len < 32) {
        *p = (uint8_t)(0xa0 | len);
        return p + 1;
    }
    if (len <= UINT8_MAX) {
        p[0] = is_str ? 0xd9 : 0xc4;
        p[1] = (uint8_t)len;
        return p + 2;
    }
    if (len <= UINT16_MAX) {
        *p = is_str ? 0xda : 0xc5;
        return put_be16(p + 1, (uint16_t)len);
    }
    *p = is_str ? 0xdb : 0xc6;
    return put_be32(p + 1, len);
}

/* An array header of n elements. */
static inline uint8_t *put_array(uint8_t *p, uint32_t n)
{
    if (n < 16) {
        *p = (uint8_t)(0x90 | n);
        return p + 1;
    }
    if (n <= UINT16_MAX) {
        *p = 0xdc;
        return put_be16(p + 1, (uint16_t)n);
    }
    *p = 0xdd;
    return put_be32(p + 1, n);
}

/* A timestamp (extension -1) in the smallest of its 32-, 64- and 96-bit forms. */
static inline uint8_t *put_time(uint8_t *p, int64_t ns)
{
    int64_t sec = ns / 1000000000, nsec = ns % 1000000000;
    if (nsec < 0) {
        sec--;
        nsec += 1000000000;
    }
    if ((uint64_t)sec >> 34 == 0) {
        uint64_t packed = (uint64_t)nsec << 34 | (uint64_t)sec;
        if (packed >> 32 == 0) {
            p[0] = 0xd6;
            p[1] = 0xff;
            return put_be32(p + 2, (uint32_t)packed);
        }
        p[0] = 0xd7;
        p[1] = 0xff;
        return put_be64(p + 2, packed);
    }
    p[0] = 0xc7;
    p[1] = 12;
    p[2] = 0xff;
    return put_be64(put_be32(p + 3, (uint32_t)nsec), (uint64_t)sec);
}

/* Room for the encoding of any value but its str/bin bytes. */
#define VALUE_ROOM 16

/* Encodes one value at p (which has VALUE_ROOM + len bytes for str/bin values). */
static inline uint8_t *put_value(uint8_t *p, rt_type type, const rt_value *value)
{
    switch (type) {
    case RT_I8: case RT_I16: case RT_I32: case RT_I64: case RT_DUR:
        return put_int(p, value->n.i);
    case RT_U8: case RT_U16: case RT_U32: case RT_U64:
    case RT_H8: case RT_H16: case RT_H32: case RT_H64:
        return put_uint(p, value->n.u);
    case RT_F: {
        uint32_t bits;
        memcpy(&bits, &value->n.f, 4);
        *p = 0xca;
        return put_be32(p + 1, bits);
    }
    case RT_D: {
        uint64_t bits;
        memcpy(&bits, &value->n.d, 8);
        *p = 0xcb;
        return put_be64(p + 1, bits);
    }
    case RT_C:
        p[0] = 0xa1;
        p[1] = (uint8_t)value->n.c;
        return p + 2;
    case RT_TS:
        return put_time(p, value->n.i);
    case RT_IPX:
        if (value->ip_version == 0) {
            *p = 0xc0;
            return p + 1;
        }
        break;
    default:
        break;
    }
    int is_str = type == RT_S || type == RT_SC;
    p = put_length(p, value->len, is_str);
    memcpy(p, value->bytes, value->len);
    return p + value->len;
}

/* Appends one value to the buffer. */
static inline void append_value(rt_buffer *out, rt_type type, const rt_value *value)
{
    int variable = type == RT_S || type == RT_SC || type == RT_BIN || type == RT_MAC || type == RT_IP4
                   || type == RT_IP6 || type == RT_IPX;
    uint8_t *start = buffer_reserve(out, VALUE_ROOM + (variable ? value->len : 0));
    out->len += (size_t)(put_value(start, type, value) - start);
}

static inline void append_byte(rt_buffer *out, uint8_t byte)
{
    *buffer_reserve(out, 1) = byte;
    out->len++;
}

static inline void append_array(rt_buffer *out, uint32_t n)
{
    uint8_t *start = buffer_reserve(out, 5);
    out->len += (size_t)(put_array(start, n) - start);
}

void msgpack_row_pack_value(msgpack_packer *pk, rt_type type, const rt_value *value)
{
    append_value(pk->data, type, value);
}

/* One value of the column, or one compound (an array of its parts). */
static inline void pack_element(rt_buffer *out, const rt_column *column, rt_cursor *cursor)
{
    rt_value value;
    if (column->type != RT_COMPOUND) {
        cursor_value(cursor, column->type, &value);
        append_value(out, column->type, &value);
        return;
    }
    append_array(out, column->n_parts);
    for (unsigned i = 0; i < column->n_parts; i++) {
        cursor_value(cursor, column->parts[i], &value);
        append_value(out, column->parts[i], &value);
    }
}

static inline void pack_column(rt_buffer *out, const rt_column *column, rt_cursor *cursor)
{
    uint32_t count = cursor_count(cursor);
    if (count == RT_ABSENT) {
        append_byte(out, 0xc0);
        return;
    }
    if (!column->repeated) {
        pack_element(out, column, cursor);
        return;
    }
    append_array(out, count);
    for (uint32_t i = 0; i < count; i++)
        pack_element(out, column, cursor);
}

void msgpack_row_pack_column(msgpack_packer *pk, const rt_column *column, rt_cursor *cursor)
{
    pack_column(pk->data, column, cursor);
}

void msgpack_row_pack_row(msgpack_packer *pk, const rt_schema *schema, rt_cursor *cursor)
{
    rt_buffer *out = pk->data;
    append_array(out, schema->n_columns);
    for (unsigned i = 0; i < schema->n_columns; i++)
        pack_column(out, schema->columns[i].column, cursor);
}

void msgpack_row_pack_row_map(msgpack_packer *pk, const rt_schema *schema, rt_cursor *cursor)
{
    msgpack_pack_map(pk, schema->n_columns);
    for (unsigned i = 0; i < schema->n_columns; i++) {
        pack_cstr(pk, schema->columns[i].column->name);
        msgpack_row_pack_column(pk, schema->columns[i].column, cursor);
    }
}
