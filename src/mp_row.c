/* mp_row.c — one msgpack row array into the internal row encoding (schema/msgpack.md §3). */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

#include "mp_row.h"
#include "row_writer.h"

/* State of one row being decoded. */
typedef struct decode {
    mp_reader *r;
    const rt_schema *schema;
    uint64_t row_number;
    unsigned col;        /* column being decoded */
    rt_row row;
    char *err;
    size_t err_size;
    mp_status status;    /* MP_SHORT or MP_BAD once something failed */
} decode;

/* What each catalog type accepts, for checks and messages. Integer types give their range. */
static const struct accepts {
    const char *what;
    int64_t min;
    uint64_t max;
} accepts[RT_TYPE_COUNT] = {
    [RT_I8] = { "an integer from -128 to 127", INT8_MIN, INT8_MAX },
    [RT_I16] = { "an integer from -32768 to 32767", INT16_MIN, INT16_MAX },
    [RT_I32] = { "a signed 32-bit integer", INT32_MIN, INT32_MAX },
    [RT_I64] = { "a signed 64-bit integer", INT64_MIN, INT64_MAX },
    [RT_U8] = { "an unsigned integer up to 255", 0, UINT8_MAX },
    [RT_U16] = { "an unsigned integer up to 65535", 0, UINT16_MAX },
    [RT_U32] = { "an unsigned 32-bit integer", 0, UINT32_MAX },
    [RT_U64] = { "an unsigned 64-bit integer", 0, UINT64_MAX },
    [RT_H8] = { "an unsigned integer up to 255", 0, UINT8_MAX },
    [RT_H16] = { "an unsigned integer up to 65535", 0, UINT16_MAX },
    [RT_H32] = { "an unsigned 32-bit integer", 0, UINT32_MAX },
    [RT_H64] = { "an unsigned 64-bit integer", 0, UINT64_MAX },
    [RT_F] = { "a float within the single-precision range", 0, 0 },
    [RT_D] = { "a float", 0, 0 },
    [RT_C] = { "a str of length 1", 0, 0 },
    [RT_S] = { "a str", 0, 0 },
    [RT_SC] = { "a str", 0, 0 },
    [RT_TS] = { "a timestamp (ext -1)", 0, 0 },
    [RT_DUR] = { "a signed 64-bit integer of nanoseconds", INT64_MIN, INT64_MAX },
    [RT_MAC] = { "a bin of length 6", 0, 0 },
    [RT_IP4] = { "a bin of length 4", 0, 0 },
    [RT_IP6] = { "a bin of length 16", 0, 0 },
    [RT_IPX] = { "a bin of length 4 or 16, or nil", 0, 0 },
    [RT_BIN] = { "a bin", 0, 0 },
};

/* Records a problem at `at`; returns -1. */
static int bad(decode *d, const uint8_t *at, const char *problem)
{
    const rt_schema_column *sc = &d->schema->columns[d->col];
    mp_reader_error(d->r, at, d->err, d->err_size, "row %" PRIu64 ", column %u '%s': %s", d->row_number,
                    sc->number, sc->column->name, problem);
    d->status = MP_BAD;
    return -1;
}

/* Reads the next item; -1 (status set) when the bytes end or are not msgpack. */
static int next(decode *d, mp_item *item)
{
    const uint8_t *at = d->r->pos;
    mp_status st = mp_reader_next(d->r, item);
    if (st == MP_OK)
        return 0;
    if (st == MP_SHORT) {
        d->status = MP_SHORT;
        return -1;
    }
    return bad(d, at, "invalid msgpack byte 0xc1");
}

static int wrong_value(decode *d, const uint8_t *at, rt_type type, const mp_item *item)
{
    char problem[160];
    if (item->kind == MP_STR || item->kind == MP_BIN)
        snprintf(problem, sizeof problem, "expected %s, found a %s of length %" PRIu32, accepts[type].what,
                 mp_kind_name(item->kind), item->len);
    else
        snprintf(problem, sizeof problem, "expected %s, found %s", accepts[type].what, mp_kind_name(item->kind));
    return bad(d, at, problem);
}

/* Checks an integer item against the range of `type`; sets *value to its bits. */
static int integer(const mp_item *item, rt_type type, uint64_t *value)
{
    if (item->kind == MP_UINT && item->v.u <= accepts[type].max) {
        *value = item->v.u;
        return 0;
    }
    if (item->kind == MP_INT && item->v.i >= accepts[type].min) {
        *value = (uint64_t)item->v.i;
        return 0;
    }
    return -1;
}

/* Checks one value of a catalog type and writes it to the row. */
static int put_value(decode *d, const uint8_t *at, rt_type type, const mp_item *item)
{
    rt_row *row = &d->row;
    uint64_t n;
    int64_t ns;
    switch (type) {
    case RT_I8: case RT_I16: case RT_I32: case RT_I64: case RT_DUR:
    case RT_U8: case RT_U16: case RT_U32: case RT_U64:
    case RT_H8: case RT_H16: case RT_H32: case RT_H64:
        if (integer(item, type, &n) < 0)
            break;
        switch (type) {
        case RT_I8: rt_row_i8(row, (int8_t)n); break;
        case RT_I16: rt_row_i16(row, (int16_t)n); break;
        case RT_I32: rt_row_i32(row, (int32_t)n); break;
        case RT_I64: rt_row_i64(row, (int64_t)n); break;
        case RT_DUR: rt_row_duration(row, (int64_t)n); break;
        case RT_U8: case RT_H8: rt_row_u8(row, (uint8_t)n); break;
        case RT_U16: case RT_H16: rt_row_u16(row, (uint16_t)n); break;
        case RT_U32: case RT_H32: rt_row_u32(row, (uint32_t)n); break;
        default: rt_row_u64(row, n); break;
        }
        return 0;
    case RT_F: case RT_D: {
        if (item->kind != MP_FLOAT32 && item->kind != MP_FLOAT64)
            break;
        double v = item->kind == MP_FLOAT32 ? (double)item->v.f : item->v.d;
        if (type == RT_F && !isinf(v) && (v > FLT_MAX || v < -FLT_MAX))
            break;
        if (type == RT_F)
            rt_row_float(row, item->kind == MP_FLOAT32 ? item->v.f : (float)v);
        else
            rt_row_double(row, v);
        return 0;
    }
    case RT_C:
        if (item->kind != MP_STR || item->len != 1)
            break;
        rt_row_char(row, (char)item->body[0]);
        return 0;
    case RT_S: case RT_SC:
        if (item->kind != MP_STR)
            break;
        rt_row_string(row, (const char *)item->body, item->len);
        return 0;
    case RT_BIN:
        if (item->kind != MP_BIN)
            break;
        rt_row_bytes(row, item->body, item->len);
        return 0;
    case RT_TS:
        if (mp_reader_timestamp(item, &ns) < 0)
            break;
        rt_row_time(row, ns);
        return 0;
    case RT_MAC:
        if (item->kind != MP_BIN || item->len != 6)
            break;
        rt_row_mac(row, item->body);
        return 0;
    case RT_IP4:
        if (item->kind != MP_BIN || item->len != 4)
            break;
        rt_row_ip4(row, item->body);
        return 0;
    case RT_IP6:
        if (item->kind != MP_BIN || item->len != 16)
            break;
        rt_row_ip6(row, item->body);
        return 0;
    case RT_IPX:
        if (item->kind == MP_NIL) {
            rt_row_ipx(row, 0, NULL);
            return 0;
        }
        if (item->kind != MP_BIN || (item->len != 4 && item->len != 16))
            break;
        rt_row_ipx(row, item->len == 4 ? 4 : 6, item->body);
        return 0;
    default:
        break;
    }
    return wrong_value(d, at, type, item);
}

/* One element of a column: a value, or a compound's part array. `item` has just been read. */
static int put_element(decode *d, const uint8_t *at, const rt_column *column, const mp_item *item)
{
    if (column->type != RT_COMPOUND)
        return put_value(d, at, column->type, item);
    if (item->kind != MP_ARRAY || item->len != column->n_parts) {
        char problem[96];
        snprintf(problem, sizeof problem, "expected a compound (an array of %u parts), found %s", column->n_parts,
                 mp_kind_name(item->kind));
        return bad(d, at, problem);
    }
    for (unsigned i = 0; i < column->n_parts; i++) {
        mp_item part;
        const uint8_t *part_at = d->r->pos;
        if (next(d, &part) < 0 || put_value(d, part_at, column->parts[i], &part) < 0)
            return -1;
    }
    return 0;
}

/* nil at element level: absent, except "no address" in a plain IPX column of a flow row (§3.1). */
static void put_nil(decode *d, const rt_column *column)
{
    if (column->type == RT_IPX && !column->repeated && d->schema->stream == RT_STREAM_FLOWS)
        rt_row_ipx(&d->row, 0, NULL);
    else
        rt_row_absent(&d->row);
}

static int put_column(decode *d, const rt_column *column)
{
    mp_item item;
    const uint8_t *at = d->r->pos;
    if (next(d, &item) < 0)
        return -1;
    if (item.kind == MP_NIL) {
        put_nil(d, column);
        return 0;
    }
    if (!column->repeated)
        return put_element(d, at, column, &item);
    if (item.kind != MP_ARRAY || item.len == RT_ABSENT) {
        char problem[96];
        snprintf(problem, sizeof problem, "expected the array of a repeated column, found %s", mp_kind_name(item.kind));
        return bad(d, at, problem);
    }
    rt_row_repeat(&d->row, item.len);
    for (uint32_t i = 0; i < item.len; i++) {
        mp_item element;
        const uint8_t *element_at = d->r->pos;
        if (next(d, &element) < 0 || put_element(d, element_at, column, &element) < 0)
            return -1;
    }
    return 0;
}

mp_status mp_row_read(mp_reader *r, const rt_schema *schema, uint64_t row_number, rt_buffer *out,
                      char *err, size_t err_size)
{
    decode d = { .r = r, .schema = schema, .row_number = row_number, .err = err, .err_size = err_size };
    const uint8_t *start = r->pos;
    size_t out_len = out->len;
    mp_item item;
    mp_status st = mp_reader_next(r, &item);
    if (st == MP_SHORT)
        return MP_SHORT;
    if (st == MP_BAD || item.kind != MP_ARRAY || item.len != schema->n_columns) {
        r->pos = start;
        if (st == MP_BAD)
            mp_reader_error(r, start, err, err_size, "row %" PRIu64 ": invalid msgpack byte 0xc1", row_number);
        else if (item.kind != MP_ARRAY)
            mp_reader_error(r, start, err, err_size, "row %" PRIu64 ": expected an array of %u values, found %s",
                            row_number, schema->n_columns, mp_kind_name(item.kind));
        else
            mp_reader_error(r, start, err, err_size, "row %" PRIu64 ": an array of %" PRIu32
                            " values, but the header lists %u columns", row_number, item.len, schema->n_columns);
        return MP_BAD;
    }
    row_begin(&d.row, out, schema);
    row_hand_over(&d.row, "the msgpack decoder", schema->n_columns);
    for (d.col = 0; d.col < schema->n_columns; d.col++)
        if (put_column(&d, schema->columns[d.col].column) < 0) {
            out->len = out_len;
            r->pos = start;
            return d.status;
        }
    row_check_done(&d.row);
    return MP_OK;
}
