/* pgsql_copy.c — encoding rows of a batch into binary COPY tuples: big-endian numbers,
 * timestamps on PostgreSQL's 2000-01-01 epoch, inet/macaddr/array wire forms. */
#include <endian.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgsql_copy.h"

const uint8_t pgsql_copy_header[PGSQL_COPY_HEADER_SIZE] = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0, /* signature */
    0, 0, 0, 0,                                            /* flags */
    0, 0, 0, 0                                             /* header extension length */
};
const uint8_t pgsql_copy_trailer[PGSQL_COPY_TRAILER_SIZE] = { 0xff, 0xff };

/* Microseconds from 1970-01-01 to 2000-01-01 (10957 days). */
#define PG_EPOCH_US INT64_C(946684800000000)

/* PostgreSQL's inet address families. */
#define PGSQL_AF_INET 2
#define PGSQL_AF_INET6 3

static inline void put16(uint8_t *p, uint16_t v)
{
    v = htobe16(v);
    memcpy(p, &v, 2);
}

static inline void put32(uint8_t *p, uint32_t v)
{
    v = htobe32(v);
    memcpy(p, &v, 4);
}

static inline void put64(uint8_t *p, uint64_t v)
{
    v = htobe64(v);
    memcpy(p, &v, 8);
}

/* Appends a 4-byte length (or -1: NULL) and reserves `len` bytes after it. */
static inline uint8_t *put_field(rt_buffer *out, uint32_t len)
{
    uint8_t *p = buffer_reserve(out, 4 + (size_t)(len == UINT32_MAX ? 0 : len));
    put32(p, len);
    out->len += 4 + (len == UINT32_MAX ? 0 : len);
    return p + 4;
}

static inline void put_null(rt_buffer *out)
{
    put_field(out, UINT32_MAX);
}

void pgsql_copy_utf8(uint8_t *dst, const uint8_t *src, size_t n)
{
    size_t i = 0;
    while (i < n) {
        uint8_t b = src[i];
        if (b < 0x80) {
            dst[i] = b ? b : '.';
            i++;
            continue;
        }
        /* Length and the allowed range of the second byte of a well-formed sequence (RFC 3629). */
        size_t len = 0;
        uint8_t lo = 0x80, hi = 0xbf;
        if (b >= 0xc2 && b <= 0xdf)
            len = 2;
        else if (b >= 0xe0 && b <= 0xef)
            len = 3, lo = b == 0xe0 ? 0xa0 : 0x80, hi = b == 0xed ? 0x9f : 0xbf;
        else if (b >= 0xf0 && b <= 0xf4)
            len = 4, lo = b == 0xf0 ? 0x90 : 0x80, hi = b == 0xf4 ? 0x8f : 0xbf;
        int ok = len > 0 && i + len <= n && src[i + 1] >= lo && src[i + 1] <= hi;
        for (size_t k = 2; ok && k < len; k++)
            ok = src[i + k] >= 0x80 && src[i + k] <= 0xbf;
        if (ok) {
            memcpy(dst + i, src + i, len);
            i += len;
        } else {
            dst[i++] = '.';
        }
    }
}

/* Floor division of nanoseconds to microseconds. */
static inline int64_t floor_us(int64_t ns)
{
    int64_t us = ns / 1000;
    return ns % 1000 < 0 ? us - 1 : us;
}

/* Appends one value as a COPY field. Returns 1 when it was written as NULL. */
static int put_value(rt_buffer *out, pgsql_enc enc, rt_type type, const rt_value *v)
{
    uint8_t *p;
    switch (enc) {
    case PGSQL_ENC_INT2:
        put16(put_field(out, 2), (uint16_t)v->n.u);
        return 0;
    case PGSQL_ENC_INT4:
        put32(put_field(out, 4), (uint32_t)v->n.u);
        return 0;
    case PGSQL_ENC_INT8:
        put64(put_field(out, 8), v->n.u);
        return 0;
    case PGSQL_ENC_FLOAT4: {
        uint32_t bits;
        memcpy(&bits, &v->n.f, 4);
        put32(put_field(out, 4), bits);
        return 0;
    }
    case PGSQL_ENC_FLOAT8: {
        double d = type == RT_F ? (double)v->n.f : v->n.d;
        uint64_t bits;
        memcpy(&bits, &d, 8);
        put64(put_field(out, 8), bits);
        return 0;
    }
    case PGSQL_ENC_TEXT:
        if (type == RT_C) {
            uint8_t c = (uint8_t)v->n.c;
            pgsql_copy_utf8(put_field(out, 1), &c, 1);
        } else {
            pgsql_copy_utf8(put_field(out, v->len), v->bytes, v->len);
        }
        return 0;
    case PGSQL_ENC_TIMESTAMP:
        put64(put_field(out, 8), (uint64_t)(floor_us(v->n.i) - PG_EPOCH_US));
        return 0;
    case PGSQL_ENC_INTERVAL:
        p = put_field(out, 16);
        put64(p, (uint64_t)(v->n.i / 1000));
        memset(p + 8, 0, 8); /* days, months */
        return 0;
    case PGSQL_ENC_MACADDR:
        memcpy(put_field(out, 6), v->bytes, 6);
        return 0;
    case PGSQL_ENC_INET:
        if (v->len != 4 && v->len != 16) {
            put_null(out);
            return 1;
        }
        p = put_field(out, 4 + v->len);
        p[0] = v->len == 4 ? PGSQL_AF_INET : PGSQL_AF_INET6;
        p[1] = (uint8_t)(v->len * 8);
        p[2] = 0; /* not cidr */
        p[3] = (uint8_t)v->len;
        memcpy(p + 4, v->bytes, v->len);
        return 0;
    case PGSQL_ENC_BYTEA:
        memcpy(put_field(out, v->len), v->bytes, v->len);
        return 0;
    }
    return 0;
}

/* Appends a one-dimensional array of `count` repetitions; each repetition holds `n_parts`
 * values of `parts` and the array takes part `part` of each. Leaves the cursor after them. */
static void put_array(rt_buffer *out, const pgsql_field *f, rt_cursor *cursor, uint32_t count, const rt_type *parts,
                      unsigned n_parts, unsigned part)
{
    size_t start = out->len;
    uint8_t *p = buffer_reserve(out, 24);
    put32(p + 4, count ? 1 : 0); /* dimensions */
    put32(p + 12, f->elem_oid);
    put32(p + 16, count);
    put32(p + 20, 1); /* lower bound */
    out->len += count ? 24 : 16;
    int has_null = 0;
    for (uint32_t r = 0; r < count; r++)
        for (unsigned k = 0; k < n_parts; k++) {
            rt_value v;
            rt_cursor_value(cursor, parts[k], &v);
            if (k == part)
                has_null |= put_value(out, f->enc, parts[k], &v);
        }
    put32(out->data + start, (uint32_t)(out->len - start - 4));
    put32(out->data + start + 8, (uint32_t)has_null);
}

/* Appends the fields of one schema column (one per part of a compound); returns the number of
 * table columns written. */
static unsigned put_column(rt_buffer *out, const pgsql_field *f, const rt_column *column, rt_cursor *cursor)
{
    unsigned n_parts = f->column->n_parts;
    const rt_type *parts = column->type == RT_COMPOUND ? column->parts : &column->type;
    uint32_t count = rt_cursor_count(cursor);
    if (count == RT_ABSENT) {
        for (unsigned k = 0; k < n_parts; k++)
            put_null(out);
    } else if (!column->repeated) {
        for (unsigned k = 0; k < n_parts; k++) {
            rt_value v;
            rt_cursor_value(cursor, parts[k], &v);
            put_value(out, f[k].enc, parts[k], &v);
        }
    } else {
        rt_cursor start = *cursor;
        for (unsigned k = 0; k < n_parts; k++) {
            *cursor = start;
            put_array(out, &f[k], cursor, count, parts, n_parts, k);
        }
    }
    return n_parts;
}

void pgsql_copy_grow(void **items, size_t *cap, size_t n, size_t item_size)
{
    if (n < *cap)
        return;
    size_t grown_cap = *cap ? *cap * 2 : 64;
    void *grown = realloc(*items, grown_cap * item_size);
    if (!grown) {
        fputs("rowtap: pgsql: out of memory\n", stderr);
        exit(70);
    }
    *items = grown;
    *cap = grown_cap;
}

static void row_ends_push(pgsql_row_ends *ends, size_t at)
{
    pgsql_copy_grow((void **)&ends->at, &ends->cap, ends->n, sizeof *ends->at);
    ends->at[ends->n++] = at;
}

void pgsql_copy_batch(rt_buffer *out, pgsql_row_ends *ends, const pgsql_plan *plan, const rt_batch *batch)
{
    const schema_sql_table *table = plan->table;
    const rt_schema *schema = table->schema;
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    for (uint32_t r = 0; r < batch->n_rows; r++) {
        buffer_append(out, plan->row_prefix.data, plan->row_prefix.len);
        for (unsigned i = 2; i < table->n_columns;) {
            const pgsql_field *f = &plan->fields[i];
            i += put_column(out, f, schema->columns[f->column->source].column, &cursor);
        }
        row_ends_push(ends, out->len);
    }
}

void pgsql_row_ends_free(pgsql_row_ends *ends)
{
    free(ends->at);
    memset(ends, 0, sizeof *ends);
}

int pgsql_plan_init(pgsql_plan *plan, const schema_sql_table *table, uint64_t sensor_id, const char *run_id)
{
    memset(plan, 0, sizeof *plan);
    plan->table = table;
    plan->fields = calloc(table->n_columns, sizeof *plan->fields);
    if (!plan->fields)
        return -1;
    for (unsigned i = 0; i < table->n_columns; i++)
        plan->fields[i].column = &table->columns[i];
    plan->fields[0].enc = PGSQL_ENC_INT8; /* sensor_id and run_id: the row prefix */
    plan->fields[1].enc = PGSQL_ENC_TEXT;
    rt_buffer *pre = &plan->row_prefix;
    put16(buffer_reserve(pre, 2), (uint16_t)table->n_columns);
    pre->len += 2;
    put64(put_field(pre, 8), sensor_id);
    size_t len = strlen(run_id);
    pgsql_copy_utf8(put_field(pre, (uint32_t)len), (const uint8_t *)run_id, len);
    return 0;
}

void pgsql_plan_free(pgsql_plan *plan)
{
    free(plan->fields);
    buffer_free(&plan->row_prefix);
    memset(plan, 0, sizeof *plan);
}
