/* json_render.c — JSON text of rows and values (the rules are in schema/msgpack.md §5). */
#include <arpa/inet.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "json_render.h"
#include "time_format.h"

static void put_text(rt_buffer *out, const char *text, size_t len)
{
    buffer_append(out, text, len);
}

static void put_cstr(rt_buffer *out, const char *text)
{
    put_text(out, text, strlen(text));
}

/* Length of the well-formed UTF-8 sequence at p (Unicode Table 3-7), 0 when there is none. */
static size_t utf8_length(const uint8_t *p, size_t avail)
{
    uint8_t b = p[0];
    size_t n;
    uint8_t lo = 0x80, hi = 0xbf; /* allowed range of the second byte */
    if (b < 0x80)
        return 1;
    if (b >= 0xc2 && b <= 0xdf)
        n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
        n = 3;
        lo = b == 0xe0 ? 0xa0 : 0x80;
        hi = b == 0xed ? 0x9f : 0xbf;
    } else if (b >= 0xf0 && b <= 0xf4) {
        n = 4;
        lo = b == 0xf0 ? 0x90 : 0x80;
        hi = b == 0xf4 ? 0x8f : 0xbf;
    } else {
        return 0;
    }
    if (avail < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
    return n;
}

/* Writes "\u00XX" for byte b at p; returns the length (6). */
static size_t unicode_escape(char *p, uint8_t b)
{
    static const char hex[] = "0123456789abcdef";
    memcpy(p, "\\u00", 4);
    p[4] = hex[b >> 4];
    p[5] = hex[b & 15];
    return 6;
}

void json_render_string(rt_buffer *out, const uint8_t *text, size_t len)
{
    static const char short_escapes[32] = { ['\b'] = 'b', ['\f'] = 'f', ['\n'] = 'n', ['\r'] = 'r', ['\t'] = 't' };
    char *p = (char *)buffer_reserve(out, 2 + 6 * len), *start = p;
    *p++ = '"';
    for (size_t i = 0; i < len;) {
        uint8_t b = text[i];
        if (b == '"' || b == '\\') {
            *p++ = '\\';
            *p++ = (char)b;
        } else if (b < 0x20 && short_escapes[b]) {
            *p++ = '\\';
            *p++ = short_escapes[b];
        } else if (b < 0x20) {
            p += unicode_escape(p, b);
        } else {
            size_t n = utf8_length(text + i, len - i);
            if (n == 0) {
                memcpy(p, "\\ufffd", 6);
                p += 6;
                n = 1;
            } else {
                memcpy(p, text + i, n);
                p += n;
            }
            i += n;
            continue;
        }
        i++;
    }
    *p++ = '"';
    out->len += (size_t)(p - start);
}

/* The JSON text of every byte value for raw bytes, filled once at start-up: printable ASCII except
 * '"' and '\\' as is, every other byte as \u00XX (ISO 8859-1). */
static char byte_text[256][8];
static uint8_t byte_length[256];

static void __attribute__((constructor)) byte_text_init(void)
{
    for (int b = 0; b < 256; b++)
        if (b >= 0x20 && b <= 0x7e && b != '"' && b != '\\') {
            byte_text[b][0] = (char)b;
            byte_length[b] = 1;
        } else {
            byte_length[b] = (uint8_t)unicode_escape(byte_text[b], (uint8_t)b);
        }
}

/* Raw bytes as a JSON string, one table look-up per byte. */
static void put_bytes(rt_buffer *out, const uint8_t *data, size_t len)
{
    char *p = (char *)buffer_reserve(out, 2 + 6 * len + 8), *start = p; /* 8: a whole entry is copied */
    *p++ = '"';
    for (size_t i = 0; i < len; i++) {
        memcpy(p, byte_text[data[i]], 8);
        p += byte_length[data[i]];
    }
    *p++ = '"';
    out->len += (size_t)(p - start);
}

/* The shortest %g form that reads back to the same value; null for NaN and infinities. */
static void put_float(rt_buffer *out, double value, int single)
{
    if (isnan(value) || isinf(value)) {
        put_cstr(out, "null");
        return;
    }
    char text[40];
    for (int precision = 1; precision <= (single ? 9 : 17); precision++) {
        snprintf(text, sizeof text, "%.*g", precision, value);
        if (single ? strtof(text, NULL) == (float)value : strtod(text, NULL) == value)
            break;
    }
    put_cstr(out, text);
}

/* "YYYY-MM-DDTHH:MM:SS.ffffff[fff]Z" */
static void put_time(rt_buffer *out, int64_t ns, int digits)
{
    int64_t sec = ns / 1000000000, frac = ns % 1000000000;
    if (frac < 0) {
        sec--;
        frac += 1000000000;
    }
    time_t t = (time_t)sec;
    struct tm tm;
    char text[64];
    if (!gmtime_r(&t, &tm)) {
        put_cstr(out, "null");
        return;
    }
    snprintf(text, sizeof text, "\"%04d-%02d-%02dT%02d:%02d:%02d.%0*" PRId64 "Z\"", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, digits, digits == 6 ? frac / 1000 : frac);
    put_cstr(out, text);
}

static void put_address(rt_buffer *out, int family, const uint8_t *addr)
{
    char text[INET6_ADDRSTRLEN + 2];
    text[0] = '"';
    inet_ntop(family, addr, text + 1, INET6_ADDRSTRLEN);
    size_t n = strlen(text);
    text[n] = '"';
    put_text(out, text, n + 1);
}

void json_render_value(rt_buffer *out, rt_type type, const rt_value *value, int time_digits)
{
    static const int hex_digits[RT_TYPE_COUNT] = { [RT_H8] = 2, [RT_H16] = 4, [RT_H32] = 8, [RT_H64] = 16 };
    char text[48];
    switch (type) {
    case RT_I8: case RT_I16: case RT_I32: case RT_I64:
        snprintf(text, sizeof text, "%" PRId64, value->n.i);
        break;
    case RT_U8: case RT_U16: case RT_U32: case RT_U64:
        snprintf(text, sizeof text, "%" PRIu64, value->n.u);
        break;
    case RT_H8: case RT_H16: case RT_H32: case RT_H64:
        snprintf(text, sizeof text, "\"0x%0*" PRIx64 "\"", hex_digits[type], value->n.u);
        break;
    case RT_F:
        put_float(out, value->n.f, 1);
        return;
    case RT_D:
        put_float(out, value->n.d, 0);
        return;
    case RT_C:
        json_render_string(out, (const uint8_t *)&value->n.c, 1);
        return;
    case RT_S: case RT_SC:
        json_render_string(out, value->bytes, value->len);
        return;
    case RT_TS:
        put_time(out, value->n.i, time_digits);
        return;
    case RT_DUR:
        time_format_seconds(text, sizeof text, value->n.i, time_digits);
        break;
    case RT_MAC: {
        const uint8_t *m = value->bytes;
        snprintf(text, sizeof text, "\"%02x:%02x:%02x:%02x:%02x:%02x\"", m[0], m[1], m[2], m[3], m[4], m[5]);
        break;
    }
    case RT_IP4:
        put_address(out, AF_INET, value->bytes);
        return;
    case RT_IP6:
        put_address(out, AF_INET6, value->bytes);
        return;
    case RT_IPX:
        if (value->ip_version == 0)
            put_cstr(out, "null");
        else
            put_address(out, value->ip_version == 4 ? AF_INET : AF_INET6, value->bytes);
        return;
    case RT_BIN:
        put_bytes(out, value->bytes, value->len);
        return;
    default:
        snprintf(text, sizeof text, "null");
        break;
    }
    put_cstr(out, text);
}

/* One value of the column, or a compound as an array of its parts. */
static void put_element(rt_buffer *out, const rt_column *column, rt_cursor *cursor, int time_digits)
{
    rt_value value;
    if (column->type != RT_COMPOUND) {
        rt_cursor_value(cursor, column->type, &value);
        json_render_value(out, column->type, &value, time_digits);
        return;
    }
    put_text(out, "[", 1);
    for (unsigned i = 0; i < column->n_parts; i++) {
        if (i)
            put_text(out, ",", 1);
        rt_cursor_value(cursor, column->parts[i], &value);
        json_render_value(out, column->parts[i], &value, time_digits);
    }
    put_text(out, "]", 1);
}

void json_render_object(rt_buffer *out, const rt_schema *schema, rt_cursor *cursor, int time_digits)
{
    put_text(out, "{", 1);
    for (unsigned c = 0; c < schema->n_columns; c++) {
        const rt_column *column = schema->columns[c].column;
        if (c)
            put_text(out, ",", 1);
        json_render_string(out, (const uint8_t *)column->name, strlen(column->name));
        put_text(out, ":", 1);
        uint32_t count = rt_cursor_count(cursor);
        if (count == RT_ABSENT) {
            put_cstr(out, "null");
        } else if (!column->repeated) {
            put_element(out, column, cursor, time_digits);
        } else {
            put_text(out, "[", 1);
            for (uint32_t i = 0; i < count; i++) {
                if (i)
                    put_text(out, ",", 1);
                put_element(out, column, cursor, time_digits);
            }
            put_text(out, "]", 1);
        }
    }
    put_text(out, "}", 1);
}

void json_render_row(rt_buffer *out, const rt_schema *schema, rt_cursor *cursor, int time_digits)
{
    json_render_object(out, schema, cursor, time_digits);
    put_text(out, "\n", 1);
}
