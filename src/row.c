/* row.c — the row writer: appends typed values to a batch in the encoding of row_encoding.h,
 * checking each value against the schema so that a plugin bug is reported where it happens. */
#include <stdio.h>
#include <stdlib.h>

#include "row_encoding.h"
#include "row_writer.h"

void row_begin(rt_row *row, rt_buffer *out, const rt_schema *schema)
{
    row->out = out;
    row->schema = schema;
    row->col = 0;
    row->limit = 0;
    row->part = 0;
    row->remaining = 0;
    row->writer = "core";
}

void row_hand_over(rt_row *row, const char *writer, unsigned n_columns)
{
    row->writer = writer;
    row->limit = row->col + n_columns;
}

static void __attribute__((noreturn)) row_fault(const rt_row *row, const char *what)
{
    const char *column = row->col < row->schema->n_columns
                             ? row->schema->columns[row->col].column->name : "(past the last column)";
    fprintf(stderr, "rowtap: internal error: %s wrote %s at %s column %u '%s' — a bug in %s\n",
            row->writer, what, rt_stream_name(row->schema->stream), row->col + 1, column, row->writer);
    abort();
}

void row_check_done(rt_row *row)
{
    if (row->col != row->limit || row->remaining)
        row_fault(row, "too few values");
}

static void put_count(rt_buffer *out, uint32_t count)
{
    if (count < ROW_COUNT_LONG) {
        uint8_t *p = buffer_reserve(out, 1);
        *p = (uint8_t)count;
        out->len++;
    } else {
        uint8_t *p = buffer_reserve(out, 5);
        p[0] = ROW_COUNT_LONG;
        memcpy(p + 1, &count, 4);
        out->len += 5;
    }
}

static const rt_column *current_column(rt_row *row)
{
    if (row->col >= row->limit)
        row_fault(row, "more values than its columns");
    return row->schema->columns[row->col].column;
}

/* Is a value written as `given` acceptable for a column of type `declared`? */
static int type_accepts(rt_type declared, rt_type given)
{
    if (declared == given)
        return 1;
    switch (given) {
    case RT_U8: return declared == RT_H8;
    case RT_U16: return declared == RT_H16;
    case RT_U32: return declared == RT_H32;
    case RT_U64: return declared == RT_H64;
    case RT_S: return declared == RT_SC;
    default: return 0;
    }
}

/* Moves past one value of the current column; returns the catalog type the value must have. */
static rt_type begin_value(rt_row *row, rt_type given)
{
    const rt_column *column = current_column(row);
    if (row->remaining == 0) {
        if (column->repeated)
            row_fault(row, "a value without rt_row_repeat() on a repeated column");
        put_count(row->out, 1);
        row->remaining = 1;
    }
    rt_type declared = column->parts ? column->parts[row->part] : column->type;
    if (!type_accepts(declared, given)) {
        char what[96];
        snprintf(what, sizeof what, "a %s value where %s is declared",
                 rt_type_get(given)->id, rt_type_get(declared)->id);
        row_fault(row, what);
    }
    if (column->parts && ++row->part < column->n_parts)
        return declared;
    row->part = 0;
    if (--row->remaining == 0)
        row->col++;
    return declared;
}

void rt_row_absent(rt_row *row)
{
    if (!row)
        return;
    current_column(row);
    if (row->remaining)
        row_fault(row, "rt_row_absent() inside a column");
    put_count(row->out, RT_ABSENT);
    row->col++;
}

void rt_row_repeat(rt_row *row, uint32_t count)
{
    if (!row)
        return;
    const rt_column *column = current_column(row);
    if (!column->repeated)
        row_fault(row, "rt_row_repeat() on a column that is not repeated");
    if (row->remaining)
        row_fault(row, "rt_row_repeat() inside a column");
    if (count == RT_ABSENT)
        row_fault(row, "an impossible repetition count");
    put_count(row->out, count);
    if (count == 0)
        row->col++;
    else
        row->remaining = count;
}

/* Is the next value the whole of a plain (neither repeated nor compound) column of this type?
 * Then the count and the value are written at once; everything else takes begin_value's path. */
static inline int plain_column_next(const rt_row *row, rt_type given)
{
    if (row->remaining || row->col >= row->limit)
        return 0;
    const rt_column *column = row->schema->columns[row->col].column;
    return !column->repeated && type_accepts(column->type, given);
}

/* Writes one fixed-size value of `size` bytes (the size of the C type of the call, which is the
 * size of every type the call accepts). */
static inline void put_fixed(rt_row *row, rt_type given, const void *value, size_t size)
{
    if (plain_column_next(row, given)) {
        uint8_t *p = buffer_reserve(row->out, 1 + size);
        p[0] = 1;
        memcpy(p + 1, value, size);
        row->out->len += 1 + size;
        row->col++;
        return;
    }
    begin_value(row, given);
    buffer_append(row->out, value, size);
}

#define ROW_PUT(fn, ctype, type)                          \
    void fn(rt_row *row, ctype value)                     \
    {                                                     \
        if (row)                                          \
            put_fixed(row, type, &value, sizeof value);   \
    }
ROW_PUT(rt_row_i8, int8_t, RT_I8)
ROW_PUT(rt_row_i16, int16_t, RT_I16)
ROW_PUT(rt_row_i32, int32_t, RT_I32)
ROW_PUT(rt_row_i64, int64_t, RT_I64)
ROW_PUT(rt_row_u8, uint8_t, RT_U8)
ROW_PUT(rt_row_u16, uint16_t, RT_U16)
ROW_PUT(rt_row_u32, uint32_t, RT_U32)
ROW_PUT(rt_row_u64, uint64_t, RT_U64)
ROW_PUT(rt_row_float, float, RT_F)
ROW_PUT(rt_row_double, double, RT_D)
ROW_PUT(rt_row_char, char, RT_C)
ROW_PUT(rt_row_time, int64_t, RT_TS)
ROW_PUT(rt_row_duration, int64_t, RT_DUR)
#undef ROW_PUT

void rt_row_mac(rt_row *row, const uint8_t mac[6])
{
    if (row)
        put_fixed(row, RT_MAC, mac, 6);
}

void rt_row_ip4(rt_row *row, const uint8_t addr[4])
{
    if (row)
        put_fixed(row, RT_IP4, addr, 4);
}

void rt_row_ip6(rt_row *row, const uint8_t addr[16])
{
    if (row)
        put_fixed(row, RT_IP6, addr, 16);
}

void rt_row_ipx(rt_row *row, int version, const uint8_t *addr)
{
    if (!row)
        return;
    begin_value(row, RT_IPX);
    uint8_t *p = buffer_reserve(row->out, 17);
    memset(p, 0, 17);
    if (version == 4 || version == 6) {
        p[0] = (uint8_t)version;
        memcpy(p + 1, addr, version == 4 ? 4 : 16);
    }
    row->out->len += 17;
}

static void put_bytes(rt_row *row, rt_type given, const void *data, size_t len)
{
    int plain = plain_column_next(row, given);
    if (plain)
        row->col++;
    else
        begin_value(row, given);
    if (len > UINT32_MAX)
        len = UINT32_MAX;
    uint32_t n = (uint32_t)len;
    uint8_t *p = buffer_reserve(row->out, (size_t)plain + 4 + n);
    if (plain)
        *p++ = 1;
    memcpy(p, &n, 4);
    if (n)
        memcpy(p + 4, data, n);
    row->out->len += (size_t)plain + 4 + n;
}

void rt_row_string(rt_row *row, const char *value, size_t len)
{
    if (row)
        put_bytes(row, RT_S, value, len);
}

void rt_row_cstring(rt_row *row, const char *value)
{
    if (row)
        put_bytes(row, RT_S, value, strlen(value));
}

void rt_row_bytes(rt_row *row, const uint8_t *data, size_t len)
{
    if (row)
        put_bytes(row, RT_BIN, data, len);
}
