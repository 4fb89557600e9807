/* pgsql_text.c — rendering binary COPY values as PostgreSQL input text. */
#include <arpa/inet.h>
#include <endian.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "pgsql_text.h"

/* Microseconds from 1970-01-01 to 2000-01-01. */
#define PG_EPOCH_US INT64_C(946684800000000)

static uint16_t get16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, 2);
    return be16toh(v);
}

static uint32_t get32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return be32toh(v);
}

static uint64_t get64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return be64toh(v);
}

static void append_double(rt_buffer *out, double d, int digits)
{
    char text[64];
    if (isnan(d))
        snprintf(text, sizeof text, "NaN");
    else if (isinf(d))
        snprintf(text, sizeof text, "%sInfinity", d < 0 ? "-" : "");
    else
        snprintf(text, sizeof text, "%.*g", digits, d);
    buffer_append(out, text, strlen(text));
}

/* "YYYY-MM-DD HH:MM:SS.ffffff+00" of microseconds since 2000-01-01 UTC. */
static void append_timestamp(rt_buffer *out, int64_t pg_us)
{
    int64_t us = pg_us + PG_EPOCH_US;
    int64_t sec = us / 1000000, frac = us % 1000000;
    if (frac < 0) {
        frac += 1000000;
        sec--;
    }
    time_t t = (time_t)sec;
    struct tm tm;
    gmtime_r(&t, &tm);
    char text[64];
    snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d.%06" PRId64 "+00", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
    buffer_append(out, text, strlen(text));
}

/* Appends one non-NULL value of `len` bytes as PostgreSQL input text. */
static void append_value(rt_buffer *out, pgsql_enc enc, const uint8_t *d, uint32_t len)
{
    char text[96];
    switch (enc) {
    case PGSQL_ENC_INT2:
        snprintf(text, sizeof text, "%d", (int16_t)get16(d));
        break;
    case PGSQL_ENC_INT4:
        snprintf(text, sizeof text, "%" PRId32, (int32_t)get32(d));
        break;
    case PGSQL_ENC_INT8:
        snprintf(text, sizeof text, "%" PRId64, (int64_t)get64(d));
        break;
    case PGSQL_ENC_FLOAT4: {
        uint32_t bits = get32(d);
        float f;
        memcpy(&f, &bits, 4);
        append_double(out, f, 9);
        return;
    }
    case PGSQL_ENC_FLOAT8: {
        uint64_t bits = get64(d);
        double f;
        memcpy(&f, &bits, 8);
        append_double(out, f, 17);
        return;
    }
    case PGSQL_ENC_TEXT:
        buffer_append(out, (const char *)d, len);
        return;
    case PGSQL_ENC_TIMESTAMP:
        append_timestamp(out, (int64_t)get64(d));
        return;
    case PGSQL_ENC_INTERVAL: {
        int64_t us = (int64_t)get64(d);
        uint64_t mag = us < 0 ? 0 - (uint64_t)us : (uint64_t)us;
        snprintf(text, sizeof text, "%s%" PRIu64 ".%06" PRIu64 " seconds", us < 0 ? "-" : "", mag / 1000000,
                 mag % 1000000);
        break;
    }
    case PGSQL_ENC_MACADDR:
        snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", d[0], d[1], d[2], d[3], d[4], d[5]);
        break;
    case PGSQL_ENC_INET:
        if (!inet_ntop(d[3] == 4 ? AF_INET : AF_INET6, d + 4, text, sizeof text))
            text[0] = '\0';
        break;
    case PGSQL_ENC_BYTEA:
        buffer_append(out, "\\x", 2);
        for (uint32_t i = 0; i < len; i++) {
            snprintf(text, sizeof text, "%02x", d[i]);
            buffer_append(out, text, 2);
        }
        return;
    }
    buffer_append(out, text, strlen(text));
}

/* Appends a one-dimensional array value as an array literal with every element quoted. */
static void append_array(rt_buffer *out, pgsql_enc enc, const uint8_t *d, uint32_t len)
{
    buffer_append(out, "{", 1);
    if (len >= 20 && get32(d) == 1) {
        uint32_t count = get32(d + 12);
        const uint8_t *p = d + 20, *end = d + len;
        rt_buffer value = { 0 };
        for (uint32_t i = 0; i < count && p + 4 <= end; i++) {
            if (i)
                buffer_append(out, ",", 1);
            uint32_t n = get32(p);
            p += 4;
            if (n == UINT32_MAX) {
                buffer_append(out, "NULL", 4);
                continue;
            }
            if (n > (size_t)(end - p))
                break;
            value.len = 0;
            append_value(&value, enc, p, n);
            buffer_append(out, "\"", 1);
            for (size_t k = 0; k < value.len; k++) {
                if (value.data[k] == '"' || value.data[k] == '\\')
                    buffer_append(out, "\\", 1);
                buffer_append(out, (const char *)value.data + k, 1);
            }
            buffer_append(out, "\"", 1);
            p += n;
        }
        buffer_free(&value);
    }
    buffer_append(out, "}", 1);
}

/* Appends text escaped for COPY's text format. */
static void append_escaped(rt_buffer *out, const uint8_t *text, size_t len)
{
    static const char specials[] = "\\\t\n\r\b\f\v", letters[] = "\\tnrbfv";
    for (size_t i = 0; i < len; i++) {
        const char *hit = text[i] ? strchr(specials, text[i]) : NULL;
        if (hit) {
            char pair[2] = { '\\', letters[hit - specials] };
            buffer_append(out, pair, 2);
        } else {
            buffer_append(out, (const char *)text + i, 1);
        }
    }
}

void pgsql_text_row(rt_buffer *out, const pgsql_plan *plan, const uint8_t *tuple, size_t len)
{
    const uint8_t *p = tuple + 2, *end = tuple + len;
    rt_buffer value = { 0 };
    for (unsigned i = 0; i < plan->table->n_columns && p + 4 <= end; i++) {
        if (i)
            buffer_append(out, "\t", 1);
        uint32_t n = get32(p);
        p += 4;
        if (n == UINT32_MAX) {
            buffer_append(out, "\\N", 2);
            continue;
        }
        if (n > (size_t)(end - p))
            break;
        value.len = 0;
        if (plan->fields[i].column->array)
            append_array(&value, plan->fields[i].enc, p, n);
        else
            append_value(&value, plan->fields[i].enc, p, n);
        append_escaped(out, value.data, value.len);
        p += n;
    }
    buffer_free(&value);
}
