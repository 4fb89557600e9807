/* text_number.c — integers, bit fields and timestamps written digit by digit (no printf: these
 * are on the hot path of packet rows); floats and doubles through snprintf, with exact fast
 * paths for the frequent zero and integer values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text_number.h"

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static const char hex_digits[16] = "0123456789abcdef";

char *text_number_u64(char *p, uint64_t v)
{
    char digits[20];
    char *q = digits + sizeof digits;
    while (v >= 100) {
        unsigned pair = (unsigned)(v % 100);
        v /= 100;
        q -= 2;
        memcpy(q, digit_pairs + 2 * pair, 2);
    }
    if (v >= 10) {
        q -= 2;
        memcpy(q, digit_pairs + 2 * v, 2);
    } else {
        *--q = (char)('0' + v);
    }
    size_t n = (size_t)(digits + sizeof digits - q);
    memcpy(p, q, n);
    return p + n;
}

char *text_number_i64(char *p, int64_t v)
{
    if (v >= 0)
        return text_number_u64(p, (uint64_t)v);
    *p++ = '-';
    return text_number_u64(p, (uint64_t)0 - (uint64_t)v);
}

char *text_number_hex(char *p, uint64_t v, unsigned digits)
{
    p[0] = '0';
    p[1] = 'x';
    for (unsigned i = digits + 1; i >= 2; i--) {
        p[i] = hex_digits[v & 0xf];
        v >>= 4;
    }
    return p + 2 + digits;
}

/* Exactly n decimal digits of v (v < 10^n), zero-padded on the left. */
static char *fixed_digits(char *p, uint32_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return p + n;
}

char *text_number_time(char *p, int64_t ns, int fraction_digits)
{
    uint64_t magnitude = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
    uint64_t seconds = magnitude / 1000000000u;
    uint32_t fraction = (uint32_t)(magnitude % 1000000000u);
    if (fraction_digits == 6)
        fraction /= 1000;
    if (ns < 0 && (seconds | fraction) != 0) /* a value truncated to zero is printed as 0 */
        *p++ = '-';
    p = text_number_u64(p, seconds);
    *p++ = '.';
    return fixed_digits(p, fraction, fraction_digits);
}

/* Writes a fixed word (nan, inf) and returns the position after it. */
static char *put_word(char *p, const char *word)
{
    size_t n = strlen(word);
    memcpy(p, word, n);
    return p + n;
}

char *text_number_float(char *p, float v)
{
    if (isnan(v))
        return put_word(p, "nan");
    if (v == 0) {
        *p = '0';
        return p + 1;
    }
    /* An integer below 10^7 has at most 7 digits: %.7g prints it exactly, without exponent. */
    if (fabsf(v) < 1e7f && v == truncf(v))
        return text_number_i64(p, (int64_t)v);
    return p + snprintf(p, TEXT_NUMBER_MAX, "%.7g", (double)v);
}

char *text_number_double(char *p, double v)
{
    static const char zero_decimals[] = ".000000";
    if (isnan(v))
        return put_word(p, "nan");
    /* An integer below 2^63 is printed exactly by %f: its digits and six zero decimals. */
    if (fabs(v) < 0x1p63 && v == trunc(v)) {
        p = text_number_i64(p, (int64_t)v); /* -0.0 converts to 0 */
        memcpy(p, zero_decimals, sizeof zero_decimals - 1);
        return p + sizeof zero_decimals - 1;
    }
    int n = snprintf(p, TEXT_NUMBER_MAX, "%f", v);
    if (p[0] == '-' && strcmp(p + 1, "0.000000") == 0) {
        memmove(p, p + 1, (size_t)n - 1);
        n--;
    }
    return p + n;
}
