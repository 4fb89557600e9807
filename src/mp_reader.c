/* mp_reader.c — reading msgpack items from a byte range (the msgpack specification's formats),
 * checking every length against the bytes present. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "mp_reader.h"

void mp_reader_init(mp_reader *r, const uint8_t *data, size_t len, uint64_t base)
{
    r->start = data;
    r->pos = data;
    r->end = data + len;
    r->base = base;
}

uint64_t mp_reader_offset(const mp_reader *r, const uint8_t *at)
{
    return r->base + (uint64_t)(at - r->start);
}

int mp_reader_error(const mp_reader *r, const uint8_t *at, char *err, size_t err_size, const char *fmt, ...)
{
    int n = snprintf(err, err_size, "byte %" PRIu64 ": ", mp_reader_offset(r, at));
    if (n >= 0 && (size_t)n < err_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err + n, err_size - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* Big-endian unsigned integer of n (1, 2, 4 or 8) bytes. */
static uint64_t big_endian(const uint8_t *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* How the bytes after the first byte of a format are laid out. */
typedef enum layout {
    L_NONE,    /* nothing follows (fix formats, nil, bool) */
    L_UINT,    /* an unsigned integer of `width` bytes */
    L_INT,     /* a signed integer of `width` bytes */
    L_FLOAT,   /* a float of `width` bytes */
    L_LEN,     /* a length of `width` bytes, then the body (str, bin) */
    L_COUNT,   /* a count of `width` bytes (array, map) */
    L_EXT,     /* a length of `width` bytes, the type byte, then the body */
    L_FIXEXT,  /* the type byte, then a body of `width` bytes */
} layout;

typedef struct format {
    unsigned char kind, layout, width;
} format;

/* Formats whose first byte is 0xc0..0xdf (the fix ranges are handled in code). */
static const format formats[32] = {
    [0x00] = { MP_NIL, L_NONE, 0 },      [0x01] = { 0xff, 0, 0 },           /* 0xc1: never used */
    [0x02] = { MP_BOOL, L_NONE, 0 },     [0x03] = { MP_BOOL, L_NONE, 0 },
    [0x04] = { MP_BIN, L_LEN, 1 },       [0x05] = { MP_BIN, L_LEN, 2 },     [0x06] = { MP_BIN, L_LEN, 4 },
    [0x07] = { MP_EXT, L_EXT, 1 },       [0x08] = { MP_EXT, L_EXT, 2 },     [0x09] = { MP_EXT, L_EXT, 4 },
    [0x0a] = { MP_FLOAT32, L_FLOAT, 4 }, [0x0b] = { MP_FLOAT64, L_FLOAT, 8 },
    [0x0c] = { MP_UINT, L_UINT, 1 },     [0x0d] = { MP_UINT, L_UINT, 2 },
    [0x0e] = { MP_UINT, L_UINT, 4 },     [0x0f] = { MP_UINT, L_UINT, 8 },
    [0x10] = { MP_INT, L_INT, 1 },       [0x11] = { MP_INT, L_INT, 2 },
    [0x12] = { MP_INT, L_INT, 4 },       [0x13] = { MP_INT, L_INT, 8 },
    [0x14] = { MP_EXT, L_FIXEXT, 1 },    [0x15] = { MP_EXT, L_FIXEXT, 2 },  [0x16] = { MP_EXT, L_FIXEXT, 4 },
    [0x17] = { MP_EXT, L_FIXEXT, 8 },    [0x18] = { MP_EXT, L_FIXEXT, 16 },
    [0x19] = { MP_STR, L_LEN, 1 },       [0x1a] = { MP_STR, L_LEN, 2 },     [0x1b] = { MP_STR, L_LEN, 4 },
    [0x1c] = { MP_ARRAY, L_COUNT, 2 },   [0x1d] = { MP_ARRAY, L_COUNT, 4 },
    [0x1e] = { MP_MAP, L_COUNT, 2 },     [0x1f] = { MP_MAP, L_COUNT, 4 },
};

/* Sets a signed value, normalized to MP_UINT when it is not negative. */
static void set_int(mp_item *item, int64_t value)
{
    if (value >= 0) {
        item->kind = MP_UINT;
        item->v.u = (uint64_t)value;
    } else {
        item->kind = MP_INT;
        item->v.i = value;
    }
}

/* Reads the bytes after the first byte of a 0xc0..0xdf format. */
static mp_status read_format(const uint8_t *p, size_t avail, uint8_t first, mp_item *item, size_t *used)
{
    format f = formats[first - 0xc0];
    if (f.kind == 0xff)
        return MP_BAD;
    item->kind = (mp_kind)f.kind;
    size_t head = 1 + (size_t)f.width + (f.layout == L_EXT);
    if (f.layout == L_FIXEXT)
        head = 2;
    if (avail < head)
        return MP_SHORT;
    uint64_t n = f.width && f.layout != L_FIXEXT ? big_endian(p + 1, f.width) : 0;
    size_t body = 0;
    switch ((layout)f.layout) {
    case L_NONE:
        item->v.b = first == 0xc3;
        break;
    case L_UINT:
        item->v.u = n;
        break;
    case L_INT: {
        unsigned shift = 64 - 8 * f.width;
        set_int(item, (int64_t)(n << shift) >> shift);
        break;
    }
    case L_FLOAT:
        if (f.width == 4) {
            uint32_t bits = (uint32_t)n;
            memcpy(&item->v.f, &bits, 4);
        } else {
            memcpy(&item->v.d, &n, 8);
        }
        break;
    case L_LEN:
        body = (size_t)n;
        break;
    case L_COUNT:
        item->len = (uint32_t)n;
        break;
    case L_EXT:
        body = (size_t)n;
        item->ext_type = (int8_t)p[head - 1];
        break;
    case L_FIXEXT:
        body = f.width;
        item->ext_type = (int8_t)p[1];
        break;
    }
    if (f.layout == L_LEN || f.layout == L_EXT || f.layout == L_FIXEXT) {
        if (avail - head < body)
            return MP_SHORT;
        item->len = (uint32_t)body;
        item->body = p + head;
    }
    *used = head + body;
    return MP_OK;
}

mp_status mp_reader_next(mp_reader *r, mp_item *item)
{
    const uint8_t *p = r->pos;
    size_t avail = (size_t)(r->end - p);
    if (avail == 0)
        return MP_SHORT;
    uint8_t first = p[0];
    size_t used = 1;
    item->len = 0;
    item->body = NULL;
    if (first <= 0x7f) {
        item->kind = MP_UINT;
        item->v.u = first;
    } else if (first <= 0x8f) {
        item->kind = MP_MAP;
        item->len = first & 0x0fu;
    } else if (first <= 0x9f) {
        item->kind = MP_ARRAY;
        item->len = first & 0x0fu;
    } else if (first <= 0xbf) {
        item->kind = MP_STR;
        item->len = first & 0x1fu;
        if (avail - 1 < item->len)
            return MP_SHORT;
        item->body = p + 1;
        used += item->len;
    } else if (first >= 0xe0) {
        set_int(item, (int8_t)first);
    } else {
        mp_status st = read_format(p, avail, first, item, &used);
        if (st != MP_OK)
            return st;
    }
    r->pos = p + used;
    return MP_OK;
}

mp_status mp_reader_skip(mp_reader *r)
{
    uint64_t pending = 1;
    while (pending) {
        mp_item item;
        mp_status st = mp_reader_next(r, &item);
        if (st != MP_OK)
            return st;
        pending--;
        if (item.kind == MP_ARRAY)
            pending += item.len;
        else if (item.kind == MP_MAP)
            pending += 2 * (uint64_t)item.len;
    }
    return MP_OK;
}

int mp_reader_timestamp(const mp_item *item, int64_t *ns)
{
    if (item->kind != MP_EXT || item->ext_type != -1)
        return -1;
    int64_t sec;
    uint64_t nsec;
    if (item->len == 4) {
        sec = (int64_t)big_endian(item->body, 4);
        nsec = 0;
    } else if (item->len == 8) {
        uint64_t v = big_endian(item->body, 8);
        nsec = v >> 34;
        sec = (int64_t)(v & ((UINT64_C(1) << 34) - 1));
    } else if (item->len == 12) {
        nsec = big_endian(item->body, 4);
        sec = (int64_t)big_endian(item->body + 4, 8);
    } else {
        return -1;
    }
    int64_t whole;
    if (nsec >= 1000000000u || __builtin_mul_overflow(sec, (int64_t)1000000000, &whole)
        || __builtin_add_overflow(whole, (int64_t)nsec, ns))
        return -1;
    return 0;
}

const char *mp_kind_name(mp_kind kind)
{
    static const char *const names[] = {
        [MP_NIL] = "nil", [MP_BOOL] = "bool", [MP_UINT] = "uint", [MP_INT] = "negative int",
        [MP_FLOAT32] = "float 32", [MP_FLOAT64] = "float 64", [MP_STR] = "str", [MP_BIN] = "bin",
        [MP_ARRAY] = "array", [MP_MAP] = "map", [MP_EXT] = "ext",
    };
    return (unsigned)kind < sizeof names / sizeof names[0] ? names[kind] : "?";
}
