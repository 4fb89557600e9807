/* test_text_render.c — the classic text rendering (T2-COMPAT §2) of every type, of repeated,
 * compound and absent values, and of the tutorial rows of §7.5. Rows are written with the real
 * row writer and read back through the cursor, as the txt sink does. Expected texts come from
 * the specification, from C's printf definition, from RFC 5952 and from Unicode Table 3-7. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "row_batch.h"
#include "text_number.h"
#include "text_render.h"
#include "tutorial_rows.h"
#include "tutorial_tables.h"

/* ---- one-value rows ------------------------------------------------------------------------ */

static rt_column single_column;
static row_batch single_batch;
static rt_buffer single_text;

/* Starts a row of one column in a schema of `stream`; write the value, then call value_text. */
static rt_row *value_row(rt_stream stream, rt_column column)
{
    single_column = column;
    row_batch_init(&single_batch, stream, &single_column, 1);
    return row_batch_begin_row(&single_batch);
}

/* Renders the rows of a batch with its stream's style; the text is NUL-terminated in out. */
static void render_batch(const row_batch *batch, int time_digits, rt_buffer *out)
{
    rt_batch view = row_batch_view(batch);
    rt_cursor cursor;
    text_style style = text_style_for(batch->schema->stream, time_digits);
    rt_cursor_init(&cursor, &view);
    out->len = 0;
    for (uint32_t i = 0; i < view.n_rows; i++)
        text_render_row(out, batch->schema, &cursor, &style);
    ck_assert_ptr_eq(cursor.pos, cursor.end);
    *buffer_reserve(out, 1) = '\0';
}

/* Text of the one-value row without its final LF (checked), rendered with time_digits. */
static const char *value_text_digits(int time_digits)
{
    row_batch_end_row(&single_batch);
    render_batch(&single_batch, time_digits, &single_text);
    row_batch_free(&single_batch);
    ck_assert_uint_ge(single_text.len, 1);
    ck_assert_int_eq(single_text.data[single_text.len - 1], '\n');
    single_text.data[single_text.len - 1] = '\0';
    return (const char *)single_text.data;
}

static const char *value_text(void)
{
    return value_text_digits(6);
}

static void teardown(void)
{
    buffer_free(&single_text);
}

#define PACKET_COLUMN(type) value_row(RT_STREAM_PACKETS, (rt_column)RT_COLUMN("v", type, "test value"))
#define FLOW_COLUMN(type) value_row(RT_STREAM_FLOWS, (rt_column)RT_COLUMN("v", type, "test value"))

/* ---- integers and bit fields --------------------------------------------------------------- */

typedef struct integer_case {
    rt_type type;
    int64_t i;
    uint64_t u;
    const char *expected;
} integer_case;

static const integer_case integer_cases[] = {
    { RT_I8, -3, 0, "-3" },
    { RT_I8, 0, 0, "0" },
    { RT_I8, -128, 0, "-128" },
    { RT_I8, 127, 0, "127" },
    { RT_I16, -32768, 0, "-32768" },
    { RT_I32, -2147483647 - 1, 0, "-2147483648" },
    { RT_I32, 1000000, 0, "1000000" },
    { RT_I64, INT64_MIN, 0, "-9223372036854775808" },
    { RT_I64, INT64_MAX, 0, "9223372036854775807" },
    { RT_I64, -1, 0, "-1" },
    { RT_U8, 0, 255, "255" },
    { RT_U8, 0, 9, "9" },
    { RT_U16, 0, 58401, "58401" },
    { RT_U16, 0, 10, "10" },
    { RT_U32, 0, 4294967295u, "4294967295" },
    { RT_U32, 0, 100, "100" },
    { RT_U64, 0, UINT64_MAX, "18446744073709551615" },
    { RT_U64, 0, 10000000000000000000u, "10000000000000000000" },
    { RT_U64, 0, 0, "0" },
    { RT_H8, 0, 0x01, "0x01" },
    { RT_H8, 0, 0, "0x00" },
    { RT_H8, 0, 0xff, "0xff" },
    { RT_H16, 0, 0x0800, "0x0800" },
    { RT_H16, 0, 0xabcd, "0xabcd" },
    { RT_H32, 0, 0xdeadbeef, "0xdeadbeef" },
    { RT_H32, 0, 0x10, "0x00000010" },
    { RT_H64, 0, 0x0000000200004001u, "0x0000000200004001" },
    { RT_H64, 0, UINT64_MAX, "0xffffffffffffffff" },
};

START_TEST(test_integers)
{
    const integer_case *c = &integer_cases[_i];
    rt_row *row = value_row(RT_STREAM_FLOWS, (rt_column){ "v", c->type, 0, NULL, 0, "test value" });
    switch (c->type) {
    case RT_I8: rt_row_i8(row, (int8_t)c->i); break;
    case RT_I16: rt_row_i16(row, (int16_t)c->i); break;
    case RT_I32: rt_row_i32(row, (int32_t)c->i); break;
    case RT_I64: rt_row_i64(row, c->i); break;
    case RT_U8: case RT_H8: rt_row_u8(row, (uint8_t)c->u); break;
    case RT_U16: case RT_H16: rt_row_u16(row, (uint16_t)c->u); break;
    case RT_U32: case RT_H32: rt_row_u32(row, (uint32_t)c->u); break;
    default: rt_row_u64(row, c->u); break;
    }
    ck_assert_str_eq(value_text(), c->expected);
}
END_TEST

/* ---- floats and doubles -------------------------------------------------------------------- */

typedef struct float_case {
    float value;
    const char *expected;
} float_case;

static const float_case float_cases[] = {
    /* §2.2 examples and the brief's list */
    { 0.0f, "0" }, { 0.1f, "0.1" }, { 8.363636f, "8.363636" }, { 9e-06f, "9e-06" },
    { 1e7f, "1e+07" }, { 123.1f, "123.1" }, { 276.3836f, "276.3836" },
    /* negative zero prints as 0 (§2.2) */
    { -0.0f, "0" },
    /* %.7g: fixed notation from 1e-4 up to below 1e7, trailing zeros removed */
    { 0.0001f, "0.0001" }, { 0.00001f, "1e-05" }, { 9999999.0f, "9999999" }, { 1234567.0f, "1234567" },
    { 12345678.0f, "1.234568e+07" }, { 16777216.0f, "1.677722e+07" }, { 1e6f, "1000000" },
    { 100.0f, "100" }, { -3.5f, "-3.5" }, { 0.5f, "0.5" }, { -1e-10f, "-1e-10" },
    { 1.0f / 3.0f, "0.3333333" }, { 2.0f / 3.0f, "0.6666667" }, { -9999999.0f, "-9999999" },
    /* huge and small */
    { FLT_MAX, "3.402823e+38" }, { -FLT_MAX, "-3.402823e+38" }, { FLT_MIN, "1.175494e-38" },
    { 1.4e-45f, "1.401298e-45" },
    /* the value is rounded to single precision first: 16777217 becomes 16777216 */
    { 16777217.0f, "1.677722e+07" },
};

START_TEST(test_float)
{
    rt_row *row = FLOW_COLUMN(F);
    rt_row_float(row, float_cases[_i].value);
    ck_assert_str_eq(value_text(), float_cases[_i].expected);
}
END_TEST

/* Population standard deviation of n values. */
static double population_std(const double *v, unsigned n)
{
    double sum = 0, squares = 0;
    for (unsigned i = 0; i < n; i++)
        sum += v[i];
    double mean = sum / n;
    for (unsigned i = 0; i < n; i++)
        squares += (v[i] - mean) * (v[i] - mean);
    return sqrt(squares / n);
}

/* §8.6: the F columns of flow 35, computed from Table 2 with the formulas of §8.3. */
START_TEST(test_float_flow35)
{
    static const double a_payloads[11] = { 0, 0, 16, 14, 0, 8, 6, 24, 24, 0, 0 };
    const struct {
        double value;
        const char *expected;
    } cases[] = {
        { 92.0 / 11, "8.363636" },          /* avgL7PktSz A */
        { population_std(a_payloads, 11), "9.217303" }, /* stdL7PktSz A */
        { 1231.0 / 10, "123.1" },          /* avgL7PktSz B */
        { 0.001748, "0.001748" },          /* minIAT A */
        { 21.780069, "21.78007" },         /* maxIAT A */
        { 9e-06, "9e-06" },                /* minIAT B */
        { 21.783327, "21.78333" },         /* maxIAT B */
        { 22.690004 / 10, "2.269" },       /* avgIAT A */
        { 22.418921 / 9, "2.490991" },     /* avgIAT B */
        { 11 / 22.690004, "0.484795" },    /* pktps A */
        { 92 / 22.690004, "4.054649" },    /* bytps A */
        { 10 / 22.418921, "0.4460518" },   /* pktps B */
        { 1231 / 22.418921, "54.90898" },  /* bytps B */
        { 1.0 / 21, "0.04761905" },        /* pktAsm A */
        { -1.0 / 21, "-0.04761905" },      /* pktAsm B */
        { -1139.0 / 1323, "-0.8609222" },  /* bytAsm A */
        { 1139.0 / 1323, "0.8609222" },    /* bytAsm B */
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_row *row = FLOW_COLUMN(F);
        rt_row_float(row, (float)cases[i].value);
        ck_assert_str_eq(value_text(), cases[i].expected);
    }
}
END_TEST

START_TEST(test_float_nan_inf)
{
    const struct {
        float value;
        const char *expected;
    } cases[] = { { NAN, "nan" }, { -NAN, "nan" }, { INFINITY, "inf" }, { -INFINITY, "-inf" } };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_row *row = FLOW_COLUMN(F);
        rt_row_float(row, cases[i].value);
        ck_assert_str_eq(value_text(), cases[i].expected);
    }
}
END_TEST

/* A small deterministic generator of test values. */
static uint64_t next_random(uint64_t *state)
{
    *state = *state * 6364136223846793005u + 1442695040888963407u;
    return *state >> 11 ^ *state << 7;
}

static void check_float_like_printf(float v)
{
    char expected[64];
    rt_value value = { .n.f = v };
    text_style style = text_style_for(RT_STREAM_FLOWS, 6);
    snprintf(expected, sizeof expected, "%.7g", (double)v);
    single_text.len = 0;
    text_render_value(&single_text, RT_F, &value, &style);
    *buffer_reserve(&single_text, 1) = '\0';
    ck_assert_msg(strcmp((char *)single_text.data, expected) == 0, "%a: rendered %s, printf %s", (double)v,
                  (char *)single_text.data, expected);
}

/* Equality with printf("%.7g") away from the documented exceptions (NaN, negative zero): all
 * integers up to 2^17, integers around the 1e7 switch to exponent form, random bit patterns. */
START_TEST(test_float_like_printf)
{
    uint64_t state = 42;
    for (int v = -131072; v <= 131072; v++)
        check_float_like_printf((float)v);
    for (float v = 9999000.0f; v <= 10001000.0f; v += 1.0f) {
        check_float_like_printf(v);
        check_float_like_printf(-v);
    }
    for (int i = 0; i < 200000; i++) {
        uint32_t bits = (uint32_t)next_random(&state);
        float v;
        memcpy(&v, &bits, sizeof v);
        if (!isnan(v) && v != 0)
            check_float_like_printf(v);
        check_float_like_printf((float)(int32_t)bits);
    }
}
END_TEST

typedef struct double_case {
    double value;
    const char *expected;
} double_case;

static const double_case double_cases[] = {
    { 1.5, "1.500000" }, { 0.0, "0.000000" }, { -1.5, "-1.500000" }, { 0.1, "0.100000" },
    { 2.0 / 3.0, "0.666667" }, { 1234.5678, "1234.567800" }, { 1e20, "100000000000000000000.000000" },
    { 0x1p63, "9223372036854775808.000000" }, { -0x1p63, "-9223372036854775808.000000" },
    { 42.0, "42.000000" }, { -0.0000006, "-0.000001" },
    /* negative zero, also when a tiny negative value prints as zero */
    { -0.0, "0.000000" }, { -1e-9, "0.000000" }, { -0.0000004, "0.000000" },
    { NAN, "nan" }, { -NAN, "nan" }, { INFINITY, "inf" }, { -INFINITY, "-inf" },
};

START_TEST(test_double)
{
    rt_row *row = FLOW_COLUMN(D);
    rt_row_double(row, double_cases[_i].value);
    ck_assert_str_eq(value_text(), double_cases[_i].expected);
}
END_TEST

START_TEST(test_double_extremes)
{
    rt_row *row = FLOW_COLUMN(D);
    rt_row_double(row, -DBL_MAX);
    const char *text = value_text();
    ck_assert_uint_eq(strlen(text), 1 + 309 + 7);
    ck_assert(strncmp(text, "-17976931348623157", 18) == 0);
    ck_assert_str_eq(text + strlen(text) - 7, ".000000");
}
END_TEST

/* Equality with printf("%f") on integers (the fast path) and random values. */
START_TEST(test_double_like_printf)
{
    uint64_t state = 7;
    text_style style = text_style_for(RT_STREAM_FLOWS, 6);
    for (int i = 0; i < 300000; i++) {
        uint64_t bits = next_random(&state);
        double candidates[3] = { (double)(int64_t)bits, (double)(int32_t)bits, 0 };
        memcpy(&candidates[2], &bits, sizeof candidates[2]);
        for (int k = 0; k < 3; k++) {
            double v = candidates[k];
            char expected[400];
            if (isnan(v) || fabs(v) < 5e-7)
                continue; /* documented exceptions: NaN, values printed as (negative) zero */
            snprintf(expected, sizeof expected, "%f", v);
            rt_value value = { .n.d = v };
            single_text.len = 0;
            text_render_value(&single_text, RT_D, &value, &style);
            *buffer_reserve(&single_text, 1) = '\0';
            ck_assert_str_eq((char *)single_text.data, expected);
        }
    }
}
END_TEST

/* ---- characters ---------------------------------------------------------------------------- */

START_TEST(test_char)
{
    const struct {
        char c;
        const char *expected;
    } cases[] = { { 'A', "A" }, { 'B', "B" }, { '"', "\"" }, { '\\', "\\" }, { '\t', "\\t" },
                  { '\n', "\\n" }, { '\x01', "\\u0001" }, { '\x7f', "\\u007f" }, { (char)0xe9, "." } };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_row *row = FLOW_COLUMN(C);
        rt_row_char(row, cases[i].c);
        ck_assert_str_eq(value_text(), cases[i].expected);
    }
}
END_TEST

/* ---- strings: escaping (§2.5) -------------------------------------------------------------- */

typedef struct bytes_case {
    const char *input;
    size_t len;
    const char *expected;
} bytes_case;

#define BYTES(literal, expected) { literal, sizeof(literal) - 1, expected }

static const bytes_case escape_cases[] = {
    BYTES("arin", "arin"),
    BYTES("eth:ipv4:tcp", "eth:ipv4:tcp"),
    BYTES("a;b_c d~", "a;b_c d~"),
    BYTES("a\tb", "a\\tb"),
    BYTES("\b\f\n\r\t\v", "\\b\\f\\n\\r\\t\\v"),
    BYTES("\\", "\\\\"),
    BYTES("\"", "\\\""),
    BYTES("say \"hi\"", "say \\\"hi\\\""),
    BYTES("\x00", "\\u0000"),
    BYTES("a\x00" "b", "a\\u0000b"),
    BYTES("\x01\x02", "\\u0001\\u0002"),
    BYTES("\x1b", "\\u001b"),
    BYTES("\x1f", "\\u001f"),
    BYTES("\x7f", "\\u007f"),
    BYTES("", ""),
    /* well-formed UTF-8 is copied */
    BYTES("caf\xc3\xa9", "caf\xc3\xa9"),
    BYTES("\xc2\x80", "\xc2\x80"),
    BYTES("\xe2\x82\xac", "\xe2\x82\xac"),
    BYTES("\xed\x9f\xbf", "\xed\x9f\xbf"),
    BYTES("\xee\x80\x80", "\xee\x80\x80"),
    BYTES("\xef\xbf\xbf", "\xef\xbf\xbf"),
    BYTES("\xf0\x9d\x84\x9e", "\xf0\x9d\x84\x9e"),
    BYTES("\xf4\x8f\xbf\xbf", "\xf4\x8f\xbf\xbf"),
    /* overlong forms */
    BYTES("\xc0\xaf", ".."),
    BYTES("\xc1\xbf", ".."),
    BYTES("\xe0\x80\xaf", "..."),
    BYTES("\xe0\x9f\xbf", "..."),
    BYTES("\xf0\x8f\xbf\xbf", "...."),
    /* encoded surrogates */
    BYTES("\xed\xa0\x80", "..."),
    BYTES("\xed\xbf\xbf", "..."),
    /* beyond U+10FFFF */
    BYTES("\xf4\x90\x80\x80", "...."),
    BYTES("\xf5\x80\x80\x80", "...."),
    BYTES("\xff", "."),
    BYTES("\xfe", "."),
    /* lone continuation bytes, truncated sequences */
    BYTES("\x80", "."),
    BYTES("a\xbf" "b", "a.b"),
    BYTES("\xe2\x82", ".."),
    BYTES("\xe2\x82" "A", "..A"),
    BYTES("\xf0\x9d\x84" "x", "...x"),
    BYTES("\xe2\xe2\x82\xac", ".\xe2\x82\xac"),
    BYTES("\xc3\xa9\xa9", "\xc3\xa9."),
    BYTES("caf\xc3\xa9\t\xff", "caf\xc3\xa9\\t."),
};

START_TEST(test_string_escape)
{
    const bytes_case *c = &escape_cases[_i];
    rt_row *row = PACKET_COLUMN(S);
    rt_row_string(row, c->input, c->len);
    ck_assert_str_eq(value_text(), c->expected);
    row = FLOW_COLUMN(SC);
    rt_row_string(row, c->input, c->len);
    ck_assert_str_eq(value_text(), c->expected);
}
END_TEST

START_TEST(test_string_quoting)
{
    rt_row *row = FLOW_COLUMN(S);
    rt_row_cstring(row, "arin");
    ck_assert_str_eq(value_text(), "\"arin\"");
    row = PACKET_COLUMN(S);
    rt_row_cstring(row, "arin");
    ck_assert_str_eq(value_text(), "arin");
    row = FLOW_COLUMN(SC);
    rt_row_cstring(row, "jp");
    ck_assert_str_eq(value_text(), "jp");
    row = FLOW_COLUMN(S);
    rt_row_cstring(row, "");
    ck_assert_str_eq(value_text(), "\"\"");
    row = FLOW_COLUMN(S);
    rt_row_cstring(row, "a \"b\"\t");
    ck_assert_str_eq(value_text(), "\"a \\\"b\\\"\\t\"");
}
END_TEST

/* ---- payload (§2.6) ------------------------------------------------------------------------ */

static const bytes_case payload_cases[] = {
    BYTES("220 Microsoft FTP Service\r\n", "220 Microsoft FTP Service\\r\\n"),
    BYTES("\x00\x08\x09\x0a\x0b\x0c\x0d\x1b\x20\x22\x3b\x5c\x5f\x7e\x7f\x80\xc3\xa9\xff",
          ".\\b\\t\\n\\v\\f\\r. \";\\\\_~....."),
    /* §7.4: the 28-byte ARP request of 00:08:74:38:01:b4 / 192.168.1.105 for 192.168.1.1 */
    BYTES("\x00\x01\x08\x00\x06\x04\x00\x01\x00\x08\x74\x38\x01\xb4\xc0\xa8\x01\x69"
          "\x00\x00\x00\x00\x00\x00\xc0\xa8\x01\x01",
          "..\\b......\\bt8.....i.........."),
    BYTES("", ""),
};

START_TEST(test_payload)
{
    const bytes_case *c = &payload_cases[_i];
    rt_row *row = PACKET_COLUMN(BIN);
    rt_row_bytes(row, (const uint8_t *)c->input, c->len);
    ck_assert_str_eq(value_text(), c->expected);
}
END_TEST

START_TEST(test_payload_all_bytes)
{
    uint8_t all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (uint8_t)i;
    rt_row *row = PACKET_COLUMN(BIN);
    rt_row_bytes(row, all, sizeof all);
    const char *text = value_text();
    /* 94 printable characters other than '\', '\' and six control bytes as two characters, the
     * 155 other bytes as '.' */
    ck_assert_uint_eq(strlen(text), 94 + 2 + 6 * 2 + 155);
    ck_assert_ptr_null(strchr(text, '\t'));
    ck_assert_ptr_null(strchr(text, '\n'));
    /* the last 130 output characters: '~' (0x7e), then one '.' for each byte 0x7f-0xff */
    char tail[131];
    tail[0] = '~';
    memset(tail + 1, '.', 129);
    tail[130] = '\0';
    ck_assert_str_eq(text + strlen(text) - 130, tail);
}
END_TEST

START_TEST(test_decimal_digits_against_printf)
{
    /* every digit count and its boundaries, and many pseudo-random values of all sizes */
    char got[32], want[32];
    uint64_t power = 1, x = 88172645463325252ull;
    for (int i = 0; i < 20000; i++) {
        uint64_t v;
        if (i < 60) {
            v = power + (uint64_t)(i % 3) - 1;
            if (i % 3 == 2)
                power *= 10;
        } else {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            v = x >> (x & 63);
        }
        *text_number_u64(got, v) = '\0';
        snprintf(want, sizeof want, "%llu", (unsigned long long)v);
        ck_assert_str_eq(got, want);
    }
    *text_number_u64(got, UINT64_MAX) = '\0';
    ck_assert_str_eq(got, "18446744073709551615");
}
END_TEST

/* §2.5 applied to one ASCII byte (0x00-0x7f), straight from the specification's table. */
static size_t string_rule_ascii(uint8_t c, char *out)
{
    static const char letters[128] = { [0x08] = 'b', [0x09] = 't', [0x0a] = 'n', [0x0b] = 'v', [0x0c] = 'f', [0x0d] = 'r',
                                    ['\\'] = '\\', ['"'] = '"' };
    if (c < 0x80 && letters[c]) {
        out[0] = '\\';
        out[1] = letters[c];
        return 2;
    }
    if (c < 0x20 || c == 0x7f)
        return (size_t)sprintf(out, "\\u00%02x", c);
    out[0] = (char)c;
    return 1;
}

START_TEST(test_string_long_ascii)
{
    /* strings long enough for the 16-byte block path: plain runs, then specials at every offset */
    enum { N = 300 };
    static uint8_t data[N];
    static char expected[6 * N + 1];
    uint32_t x = 987654321u;
    for (size_t len = 16; len <= N; len += 13) {
        for (size_t i = 0; i < len; i++) {
            x = x * 1103515245u + 12345u;
            uint8_t r = (uint8_t)(x >> 16);
            data[i] = (x >> 8) % 7 ? (uint8_t)(0x20 + r % 0x5f) : (uint8_t)(r & 0x7f);
        }
        size_t n = 0;
        for (size_t i = 0; i < len; i++)
            n += string_rule_ascii(data[i], expected + n);
        expected[n] = '\0';
        rt_row *row = PACKET_COLUMN(SC);
        rt_row_string(row, (const char *)data, len);
        ck_assert_str_eq(value_text(), expected);
    }
}
END_TEST

/* §2.6 applied to one byte, written straight from the specification's table. */
static size_t payload_rule(uint8_t c, char *out)
{
    static const char letters[] = { [0x08] = 'b', [0x09] = 't', [0x0a] = 'n', [0x0b] = 'v', [0x0c] = 'f', [0x0d] = 'r' };
    if (c >= 0x08 && c <= 0x0d) {
        out[0] = '\\';
        out[1] = letters[c];
        return 2;
    }
    if (c == '\\') {
        out[0] = out[1] = '\\';
        return 2;
    }
    out[0] = c >= 0x20 && c <= 0x7e ? (char)c : '.';
    return 1;
}

START_TEST(test_payload_long_random)
{
    /* long payloads go through the 16-byte block path: every offset, every byte value, runs with
     * and without two-character escapes, and lengths that are not multiples of 16 */
    enum { N = 5000 };
    static uint8_t data[N];
    static char expected[2 * N + 1];
    uint32_t x = 12345;
    for (size_t i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        uint8_t r = (uint8_t)(x >> 16);
        data[i] = i < 2000 ? r : i < 3500 ? (uint8_t)(0x20 + r % 0x5f) : (uint8_t)(r | 0x80);
    }
    for (size_t len = N - 40; len <= N; len += 7) {
        size_t n = 0;
        for (size_t i = 0; i < len; i++)
            n += payload_rule(data[i], expected + n);
        expected[n] = '\0';
        rt_row *row = PACKET_COLUMN(BIN);
        rt_row_bytes(row, data, len);
        const char *text = value_text();
        size_t same = 0;
        while (text[same] && text[same] == expected[same])
            same++;
        ck_assert_msg(text[same] == '\0' && expected[same] == '\0',
                      "payload of %zu bytes differs from the rule at output character %zu", len, same);
    }
}
END_TEST

/* ---- timestamps and durations (§2.7) ------------------------------------------------------- */

typedef struct time_case {
    rt_type type;
    int64_t ns;
    const char *us; /* 6 digits */
    const char *ns_text; /* 9 digits */
} time_case;

static const time_case time_cases[] = {
    { RT_TS, 1022171702462789000, "1022171702.462789", "1022171702.462789000" },
    { RT_TS, 1258594162928342000, "1258594162.928342", "1258594162.928342000" },
    { RT_TS, 1022171702462789123, "1022171702.462789", "1022171702.462789123" },
    { RT_TS, 0, "0.000000", "0.000000000" },
    { RT_TS, 4294967296000000000, "4294967296.000000", "4294967296.000000000" },
    { RT_TS, 5000000000000000001, "5000000000.000000", "5000000000.000000001" },
    { RT_TS, INT64_MAX, "9223372036.854775", "9223372036.854775807" },
    { RT_DUR, 148000, "0.000148", "0.000148000" },
    { RT_DUR, 21783327000, "21.783327", "21.783327000" },
    { RT_DUR, -120000, "-0.000120", "-0.000120000" },
    { RT_DUR, -1500000000, "-1.500000", "-1.500000000" },
    { RT_DUR, -500, "0.000000", "-0.000000500" },
    { RT_DUR, -5000000000000000000, "-5000000000.000000", "-5000000000.000000000" },
    { RT_DUR, INT64_MIN, "-9223372036.854775", "-9223372036.854775808" },
};

START_TEST(test_time)
{
    const time_case *c = &time_cases[_i];
    for (int digits = 6; digits <= 9; digits += 3) {
        rt_row *row = value_row(RT_STREAM_PACKETS, (rt_column){ "t", c->type, 0, NULL, 0, "test value" });
        if (c->type == RT_TS)
            rt_row_time(row, c->ns);
        else
            rt_row_duration(row, c->ns);
        ck_assert_str_eq(value_text_digits(digits), digits == 6 ? c->us : c->ns_text);
    }
}
END_TEST

/* ---- addresses ----------------------------------------------------------------------------- */

START_TEST(test_mac_ip4)
{
    static const uint8_t mac1[6] = { 0x00, 0x50, 0xfc, 0x28, 0xa5, 0xeb };
    static const uint8_t mac2[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    static const uint8_t mac3[6] = { 0 };
    const struct {
        const uint8_t *mac;
        const char *expected;
    } macs[] = { { mac1, "00:50:fc:28:a5:eb" }, { mac2, "ff:ff:ff:ff:ff:ff" }, { mac3, "00:00:00:00:00:00" } };
    for (unsigned i = 0; i < 3; i++) {
        rt_row *row = PACKET_COLUMN(MAC);
        rt_row_mac(row, macs[i].mac);
        ck_assert_str_eq(value_text(), macs[i].expected);
    }
    const struct {
        uint8_t ip[4];
        const char *expected;
    } ips[] = { { { 193, 86, 108, 236 }, "193.86.108.236" }, { { 0, 0, 0, 0 }, "0.0.0.0" },
                { { 255, 255, 255, 255 }, "255.255.255.255" }, { { 10, 0, 9, 100 }, "10.0.9.100" } };
    for (unsigned i = 0; i < 4; i++) {
        rt_row *row = PACKET_COLUMN(IP4);
        rt_row_ip4(row, ips[i].ip);
        ck_assert_str_eq(value_text(), ips[i].expected);
    }
}
END_TEST

typedef struct ip6_case {
    uint16_t groups[8];
    const char *expected;
} ip6_case;

static const ip6_case ip6_cases[] = {
    { { 0, 0, 0, 0, 0, 0, 0, 0 }, "::" },
    { { 0, 0, 0, 0, 0, 0, 0, 1 }, "::1" },
    { { 1, 0, 0, 0, 0, 0, 0, 0 }, "1::" },
    { { 0xfe80, 0, 0, 0, 0, 0, 0, 1 }, "fe80::1" },
    { { 0x2001, 0xdb8, 0, 0, 0, 0, 0, 1 }, "2001:db8::1" },
    { { 0x2001, 0x0db8, 0, 0, 0, 0, 2, 1 }, "2001:db8::2:1" },
    /* RFC 5952 §4.2.2: one zero group is not compressed */
    { { 0x2001, 0xdb8, 0, 1, 1, 1, 1, 1 }, "2001:db8:0:1:1:1:1:1" },
    { { 0, 1, 0, 1, 0, 1, 0, 1 }, "0:1:0:1:0:1:0:1" },
    /* §4.2.3: the longest run; on a tie the first */
    { { 0x2001, 0, 0, 1, 0, 0, 0, 1 }, "2001:0:0:1::1" },
    { { 0x2001, 0xdb8, 0, 0, 1, 0, 0, 1 }, "2001:db8::1:0:0:1" },
    { { 0x2001, 0xdb8, 0, 0, 0, 1, 0, 0 }, "2001:db8::1:0:0" },
    { { 0, 0, 1, 0, 0, 0, 0, 0 }, "0:0:1::" },
    /* §4.1 leading zeros, §4.3 lower case */
    { { 0x2001, 0x0db8, 0x0001, 0x0010, 0x0100, 0x1000, 0, 0 }, "2001:db8:1:10:100:1000::" },
    { { 0x2001, 0xDB8, 0, 0, 0, 0, 0, 0xABCD }, "2001:db8::abcd" },
    { { 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff }, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
    /* §5: IPv4-mapped addresses in mixed notation; other embeddings stay hexadecimal */
    { { 0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201 }, "::ffff:192.0.2.1" },
    { { 0, 0, 0, 0, 0, 0xffff, 0, 0 }, "::ffff:0.0.0.0" },
    { { 0, 0, 0, 0, 0, 0xffff, 0xffff, 0xffff }, "::ffff:255.255.255.255" },
    { { 0, 0, 0, 0, 0, 0, 0xc000, 0x0201 }, "::c000:201" },
    { { 0, 0, 0, 0, 0xffff, 0, 0xc000, 0x0201 }, "::ffff:0:c000:201" },
    { { 0, 0, 0, 0, 0, 0xfffe, 0xc000, 0x0201 }, "::fffe:c000:201" },
    { { 1, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201 }, "1::ffff:c000:201" },
    { { 0x64, 0xff9b, 0, 0, 0, 0, 0xc000, 0x0201 }, "64:ff9b::c000:201" },
};

static void ip6_bytes(const uint16_t groups[8], uint8_t out[16])
{
    for (int i = 0; i < 8; i++) {
        out[2 * i] = (uint8_t)(groups[i] >> 8);
        out[2 * i + 1] = (uint8_t)groups[i];
    }
}

START_TEST(test_ip6)
{
    uint8_t addr[16];
    ip6_bytes(ip6_cases[_i].groups, addr);
    rt_row *row = FLOW_COLUMN(IP6);
    rt_row_ip6(row, addr);
    ck_assert_str_eq(value_text(), ip6_cases[_i].expected);
    row = FLOW_COLUMN(IPX);
    rt_row_ipx(row, 6, addr);
    ck_assert_str_eq(value_text(), ip6_cases[_i].expected);
}
END_TEST

START_TEST(test_ipx)
{
    static const uint8_t ip4[4] = { 143, 166, 11, 10 };
    rt_row *row = FLOW_COLUMN(IPX);
    rt_row_ipx(row, 4, ip4);
    ck_assert_str_eq(value_text(), "143.166.11.10");
    /* no address: '-' in both files */
    row = FLOW_COLUMN(IPX);
    rt_row_ipx(row, 0, NULL);
    ck_assert_str_eq(value_text(), "-");
    row = PACKET_COLUMN(IPX);
    rt_row_ipx(row, 0, NULL);
    ck_assert_str_eq(value_text(), "-");
    /* an absent value is an empty field */
    row = PACKET_COLUMN(IPX);
    rt_row_absent(row);
    ck_assert_str_eq(value_text(), "");
}
END_TEST

/* ---- rows: repetitions, compounds, absent values, names ------------------------------------ */

static const rt_type opt_parts[] = { RT_H8, RT_H32 };
static const rt_type pair_parts[] = { RT_U16, RT_S };
static const rt_column repeated_columns[] = {
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs"),
    RT_COLUMN_REPEATED("hdrDesc", SC, "Header stacks"),
    RT_COLUMN_REPEATED("srcMac", MAC, "Source MAC addresses"),
    RT_COLUMN_COMPOUND("ipOptCpCl_Num", opt_parts, "IP option classes and count"),
    RT_COLUMN_COMPOUND_REPEATED("port_Name", pair_parts, "test pairs"),
    RT_COLUMN("l4Proto", U8, "IP protocol number"),
};

START_TEST(test_repeated_and_compound)
{
    static const uint8_t mac_a[6] = { 0x00, 0x08, 0x74, 0x38, 0x01, 0xb4 };
    static const uint8_t mac_b[6] = { 0x00, 0x19, 0xe3, 0xe7, 0x5d, 0x23 };
    row_batch batch;
    row_batch_init(&batch, RT_STREAM_FLOWS, repeated_columns, 6);
    rt_row *row = row_batch_begin_row(&batch);
    rt_row_repeat(row, 2);
    rt_row_u16(row, 20);
    rt_row_u16(row, 100);
    rt_row_repeat(row, 2);
    rt_row_cstring(row, "eth:ipv4:tcp");
    rt_row_cstring(row, "eth:vlan:ipv4:tcp");
    rt_row_repeat(row, 2);
    rt_row_mac(row, mac_a);
    rt_row_mac(row, mac_b);
    rt_row_u8(row, 0);
    rt_row_u32(row, 0);
    rt_row_repeat(row, 2);
    rt_row_u16(row, 21);
    rt_row_cstring(row, "ftp control");
    rt_row_u16(row, 80);
    rt_row_cstring(row, "say \"hi\"");
    rt_row_u8(row, 6);
    row_batch_end_row(&batch);

    row = row_batch_begin_row(&batch); /* zero repetitions everywhere */
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 0);
    rt_row_u8(row, 0x94);
    rt_row_u32(row, 0x00000002);
    rt_row_repeat(row, 0);
    rt_row_u8(row, 17);
    row_batch_end_row(&batch);

    row = row_batch_begin_row(&batch); /* one repetition; last field: zero repetitions elsewhere */
    rt_row_repeat(row, 1);
    rt_row_u16(row, 4095);
    rt_row_repeat(row, 1);
    rt_row_cstring(row, "eth:arp");
    rt_row_repeat(row, 0);
    rt_row_u8(row, 1);
    rt_row_u32(row, 3);
    rt_row_repeat(row, 1);
    rt_row_u16(row, 0);
    rt_row_cstring(row, "");
    rt_row_u8(row, 0);
    row_batch_end_row(&batch);

    render_batch(&batch, 6, &single_text);
    ck_assert_str_eq((char *)single_text.data,
                     "20;100\teth:ipv4:tcp;eth:vlan:ipv4:tcp\t00:08:74:38:01:b4;00:19:e3:e7:5d:23\t"
                     "0x00_0x00000000\t21_\"ftp control\";80_\"say \\\"hi\\\"\"\t6\n"
                     "\t\t\t0x94_0x00000002\t\t17\n"
                     "4095\teth:arp\t\t0x01_0x00000003\t0_\"\"\t0\n");
    row_batch_free(&batch);
}
END_TEST

static const rt_column packet_columns[] = {
    RT_COLUMN("pktNo", U64, "Packet number"),
    RT_COLUMN("srcPort", U16, "Source port"),
    RT_COLUMN("srcIP", IPX, "Source IP address"),
    RT_COLUMN("srcIPWho", S, "Source organisation"),
    RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs"),
    RT_COLUMN("l7Content", BIN, "Application payload"),
};

START_TEST(test_absent_values)
{
    row_batch batch;
    row_batch_init(&batch, RT_STREAM_PACKETS, packet_columns, 6);
    rt_row *row = row_batch_begin_row(&batch); /* an ARP-like row: no ports, no addresses */
    rt_row_u64(row, 7);
    rt_row_absent(row);
    rt_row_absent(row);
    rt_row_absent(row);
    rt_row_absent(row);
    rt_row_absent(row);
    row_batch_end_row(&batch);
    row = row_batch_begin_row(&batch);
    rt_row_u64(row, 8);
    rt_row_u16(row, 53);
    rt_row_ipx(row, 0, NULL);
    rt_row_cstring(row, "arin");
    rt_row_repeat(row, 0);
    rt_row_bytes(row, (const uint8_t *)"x\ty", 3);
    row_batch_end_row(&batch);
    render_batch(&batch, 6, &single_text);
    ck_assert_str_eq((char *)single_text.data, "7\t\t\t\t\t\n8\t53\t-\tarin\t\tx\\ty\n");
    row_batch_free(&batch);
}
END_TEST

START_TEST(test_names)
{
    row_batch batch;
    row_batch_init(&batch, RT_STREAM_PACKETS, packet_columns, 6);
    text_render_names(&single_text, batch.schema);
    *buffer_reserve(&single_text, 1) = '\0';
    ck_assert_str_eq((char *)single_text.data, "%pktNo\tsrcPort\tsrcIP\tsrcIPWho\tethVlanID\tl7Content\n");
    row_batch_free(&batch);
}
END_TEST

START_TEST(test_style)
{
    text_style flows = text_style_for(RT_STREAM_FLOWS, 6);
    text_style packets = text_style_for(RT_STREAM_PACKETS, 9);
    ck_assert_int_eq(flows.quote_strings, 1);
    ck_assert_int_eq(flows.time_digits, 6);
    ck_assert_int_eq(packets.quote_strings, 0);
    ck_assert_int_eq(packets.time_digits, 9);
}
END_TEST

/* ---- the tutorial rows (§7.5) -------------------------------------------------------------- */

/* Compares the text line by line, so that a failure names the row. */
static void check_lines(const char *got, const char *expected)
{
    unsigned line = 1;
    while (*got || *expected) {
        size_t got_len = strcspn(got, "\n"), expected_len = strcspn(expected, "\n");
        ck_assert_msg(got_len == expected_len && memcmp(got, expected, got_len) == 0 && got[got_len] == expected[expected_len],
                      "line %u differs:\n got      %.*s\n expected %.*s", line, (int)got_len, got,
                      (int)expected_len, expected);
        got += got_len + (got[got_len] != '\0');
        expected += expected_len + (expected[expected_len] != '\0');
        line++;
    }
}

START_TEST(test_tutorial_tables)
{
    const tutorial_flow *flows[TUTORIAL_N_TABLES] = { &tutorial_table1, &tutorial_table2 };
    rt_buffer expected[TUTORIAL_N_TABLES] = { { 0 } };
    tutorial_tables_load(TXT_TEST_DATA "/tutorial_tables.txt", expected);
    for (unsigned t = 0; t < TUTORIAL_N_TABLES; t++) {
        row_batch batch;
        row_batch_init(&batch, RT_STREAM_PACKETS, tutorial_packet_columns, TUTORIAL_N_PACKET_COLUMNS);
        tutorial_append_rows(&batch, flows[t]);
        rt_buffer names = { 0 };
        text_render_names(&names, batch.schema);
        render_batch(&batch, 6, &single_text);
        ck_assert_uint_eq(strncmp((char *)expected[t].data, (char *)names.data, names.len), 0);
        check_lines((char *)single_text.data, (char *)expected[t].data + names.len);
        ck_assert_uint_eq(names.len + single_text.len, expected[t].len);
        /* 24 columns: 23 TABs per line; the last row ends with an empty l7Content (§2.1) */
        ck_assert_uint_eq(names.len, strlen("%pktNo\tflowInd\tflowStat\ttime\tpktIAT\tflowDuration\tnumHdrs\t"
                                            "hdrDesc\tethVlanID\tsrcMac\tdstMac\tethType\tsrcIP\tsrcIPCC\t"
                                            "srcIPWho\tsrcPort\tdstIP\tdstIPCC\tdstIPWho\tdstPort\tl4Proto\t"
                                            "winSize\twinThPktCnt\tl7Content\n"));
        ck_assert_str_eq((char *)single_text.data + single_text.len - 4, "\t0\t\n");
        buffer_free(&names);
        buffer_free(&expected[t]);
        row_batch_free(&batch);
    }
}
END_TEST

/* Table 2, row 1269 written out field by field, independently of the table file. */
START_TEST(test_tutorial_row_1269)
{
    row_batch batch;
    row_batch_init(&batch, RT_STREAM_PACKETS, tutorial_packet_columns, TUTORIAL_N_PACKET_COLUMNS);
    rt_row *row = row_batch_begin_row(&batch);
    tutorial_write_packet(row, &tutorial_table2, &tutorial_table2.packets[3]);
    row_batch_end_row(&batch);
    render_batch(&batch, 6, &single_text);
    ck_assert_str_eq((char *)single_text.data,
                     "1269\t35\t0x0000000000004001\t1258594163.087792\t0.079198\t0.079198\t3\teth:ipv4:tcp\t\t"
                     "00:19:e3:e7:5d:23\t00:08:74:38:01:b4\t0x0800\t143.166.11.10\tus\tarin\t21\t"
                     "192.168.1.105\t02\tprivate_reserved\t49329\t6\t4140\t0\t220 Microsoft FTP Service\\r\\n\n");
    row_batch_free(&batch);
}
END_TEST

static Suite *text_render_suite(void)
{
    Suite *suite = suite_create("text_render");
    TCase *values = tcase_create("values");
    tcase_add_checked_fixture(values, NULL, teardown);
    tcase_add_loop_test(values, test_integers, 0, sizeof integer_cases / sizeof integer_cases[0]);
    tcase_add_loop_test(values, test_float, 0, sizeof float_cases / sizeof float_cases[0]);
    tcase_add_test(values, test_float_flow35);
    tcase_add_test(values, test_float_nan_inf);
    tcase_add_test(values, test_float_like_printf);
    tcase_add_loop_test(values, test_double, 0, sizeof double_cases / sizeof double_cases[0]);
    tcase_add_test(values, test_double_extremes);
    tcase_add_test(values, test_double_like_printf);
    tcase_add_test(values, test_char);
    tcase_add_loop_test(values, test_string_escape, 0, sizeof escape_cases / sizeof escape_cases[0]);
    tcase_add_test(values, test_string_quoting);
    tcase_add_loop_test(values, test_payload, 0, sizeof payload_cases / sizeof payload_cases[0]);
    tcase_add_test(values, test_payload_all_bytes);
    tcase_add_test(values, test_payload_long_random);
    tcase_add_test(values, test_string_long_ascii);
    tcase_add_test(values, test_decimal_digits_against_printf);
    tcase_add_loop_test(values, test_time, 0, sizeof time_cases / sizeof time_cases[0]);
    tcase_add_test(values, test_mac_ip4);
    tcase_add_loop_test(values, test_ip6, 0, sizeof ip6_cases / sizeof ip6_cases[0]);
    tcase_add_test(values, test_ipx);
    tcase_set_timeout(values, 60);
    suite_add_tcase(suite, values);

    TCase *rows = tcase_create("rows");
    tcase_add_checked_fixture(rows, NULL, teardown);
    tcase_add_test(rows, test_repeated_and_compound);
    tcase_add_test(rows, test_absent_values);
    tcase_add_test(rows, test_names);
    tcase_add_test(rows, test_style);
    tcase_add_test(rows, test_tutorial_tables);
    tcase_add_test(rows, test_tutorial_row_1269);
    suite_add_tcase(suite, rows);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(text_render_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
