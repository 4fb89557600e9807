/* text_number.c — integers, bit fields and timestamps written digit by digit (no printf: these
 * are on the hot path of packet rows); floats and doubles through snprintf, with exact fast
 * paths for the frequent zero and integer values. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <stdlib.h>
#include "text_number.h"

static const char digit_pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
    "8081828384858687888990919293949596979899";

static const char hex_digits[16] = "0123456789abcdef";

/* Number of decimal digits of v (1 for 0): log10 estimated from the bit length (times 1233/4096,
 * just below log10(2)), then corrected by one comparison. */
static unsigned decimal_digits(uint64_t v)
{
    static const uint64_t powers[20] = {
        1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
        1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull, 10000000000000ull,
        100000000000000ull, 1000000000000000ull, 10000000000000000ull, 100000000000000000ull,
        1000000000000000000ull, 10000000000000000000ull,
    };
    if (v < 10)
        return 1;
    unsigned estimate = (unsigned)(64 - __builtin_clzll(v)) * 1233 >> 12;
    return estimate + (v >= powers[estimate]);
}

char *text_number_u64(char *p, uint64_t v)
{
    unsigned n = decimal_digits(v);
    char *q = p + n; /* digits are written backwards, two at a time, straight into place */
    while (v >= 100) {
        unsigned pair = (unsigned)(v % 100);
        v /= 100;
        q -= 2;
        q[0] = digit_pairs[2 * pair];
        q[1] = digit_pairs[2 * pair + 1];
    }
    if (v >= 10) {
        q[-2] = digit_pairs[2 * v];
        q[-1] = digit_pairs[2 * v + 1];
    } else {
        q[-1] = (char)('0' + v);
    }
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

/* Powers of ten from 10^-60 to 10^60, each the double nearest to it (the compiler rounds the
 * literals correctly). */
#define P10_MIN (-60)
static const double powers_of_ten[] = {
    1e-60, 1e-59, 1e-58, 1e-57, 1e-56, 1e-55, 1e-54, 1e-53, 1e-52, 1e-51, 1e-50, 1e-49, 1e-48, 1e-47,
    1e-46, 1e-45, 1e-44, 1e-43, 1e-42, 1e-41, 1e-40, 1e-39, 1e-38, 1e-37, 1e-36, 1e-35, 1e-34, 1e-33,
    1e-32, 1e-31, 1e-30, 1e-29, 1e-28, 1e-27, 1e-26, 1e-25, 1e-24, 1e-23, 1e-22, 1e-21, 1e-20, 1e-19,
    1e-18, 1e-17, 1e-16, 1e-15, 1e-14, 1e-13, 1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5,
    1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27,
    1e28, 1e29, 1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39, 1e40, 1e41, 1e42,
    1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49, 1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57,
    1e58, 1e59, 1e60,
};

/* %.7g of a finite, non-zero float without printf, or NULL when the value lies so close to a
 * rounding boundary that double arithmetic cannot decide it (the caller then uses snprintf).
 * The float is exact in a double; scaling it to 7 integer digits costs at most about 3e-16
 * relative error, far below the 1e-8 margin kept from every rounding tie. */
static char *float_7g(char *p, float v)
{
    double x = fabs((double)v);
    /* floor(log10(x)) is floor(e2 * log10(2)) or one more, e2 being x's binary exponent (every
     * float is a normal double); the product is never within rounding distance of an integer
     * for e2 != 0, and the loop below corrects the one step */
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int e2 = (int)((bits >> 52) & 0x7ff) - 1023;
    int exponent = (int)(e2 * 0.30102999566398120 + 400.0) - 400;
    double scaled = 0;
    for (int attempt = 0; attempt < 2; attempt++) {
        scaled = x * powers_of_ten[6 - exponent - P10_MIN];
        if (scaled < 999999.99)
            exponent--;
        else if (scaled >= 9999999.99)
            exponent++;
        else
            break;
    }
    /* scaled is positive here: conversion to an integer is floor() */
    if (scaled < 999999.99 || scaled >= 9999999.99 || fabs(scaled - (double)(uint32_t)scaled - 0.5) < 1e-8)
        return NULL;
    uint32_t digits = (uint32_t)(scaled + 0.5);
    if (digits == 10000000) { /* 9999999.5 and above rounds up to the next power of ten */
        digits = 1000000;
        exponent++;
    }
    char d[7];
    for (int i = 6; i >= 0; i--, digits /= 10)
        d[i] = (char)('0' + digits % 10);
    int last = 6; /* %g drops trailing zeros */
    while (last > 0 && d[last] == '0')
        last--;
    if (v < 0)
        *p++ = '-';
    if (exponent < -4 || exponent >= 7) {
        *p++ = d[0];
        if (last > 0) {
            *p++ = '.';
            memcpy(p, d + 1, (size_t)last);
            p += last;
        }
        *p++ = 'e';
        *p++ = exponent < 0 ? '-' : '+';
        int e = abs(exponent);
        if (e >= 100)
            *p++ = (char)('0' + e / 100);
        *p++ = (char)('0' + e / 10 % 10);
        *p++ = (char)('0' + e % 10);
        return p;
    }
    if (exponent < 0) {
        *p++ = '0';
        *p++ = '.';
        for (int i = -1; i > exponent; i--)
            *p++ = '0';
        memcpy(p, d, (size_t)last + 1);
        return p + last + 1;
    }
    memcpy(p, d, (size_t)exponent + 1);
    p += exponent + 1;
    if (last > exponent) {
        *p++ = '.';
        memcpy(p, d + exponent + 1, (size_t)(last - exponent));
        p += last - exponent;
    }
    return p;
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
    char *fast = isinf(v) ? NULL : float_7g(p, v);
    return fast ? fast : p + snprintf(p, TEXT_NUMBER_MAX, "%.7g", (double)v);
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
