/* text_number.h — the text of single numeric values (integers, bit fields, timestamps, floats)
 * as T2-COMPAT §2.2 and §2.7 define it. Each function writes at `p`, which must have room for
 * the stated maximum, adds no terminator and returns the position after the last character. */
#ifndef ROWTAP_TEXT_NUMBER_H
#define ROWTAP_TEXT_NUMBER_H

#include <stdint.h>

/* Room needed by any function of this file (the longest is a double printed with %f:
 * '-', 309 integer digits, '.', 6 decimals, plus the terminator snprintf writes). */
#define TEXT_NUMBER_MAX 320

/* Decimal digits of v; at most 20 characters. */
char *text_number_u64(char *p, uint64_t v);
/* Decimal digits with '-' when negative; at most 20 characters. */
char *text_number_i64(char *p, int64_t v);
/* "0x" and `digits` lower-case hex digits, zero-padded (digits is 2, 4, 8 or 16). */
char *text_number_hex(char *p, uint64_t v, unsigned digits);
/* Nanoseconds as "<seconds>.<fraction>" with `fraction_digits` (6 or 9) digits, truncated
 * (not rounded) to that precision; '-' and the absolute value when negative. At most 31
 * characters. */
char *text_number_time(char *p, int64_t ns, int fraction_digits);
/* A float as C printf("%.7g") prints it, except: negative zero gives "0", every NaN gives
 * "nan" (no sign), infinities "inf" and "-inf". At most 13 characters. */
char *text_number_float(char *p, float v);
/* A double as C printf("%f") prints it, except: a value that prints as zero never carries a
 * '-' ("-0.000000" becomes "0.000000"), every NaN gives "nan", infinities "inf" and "-inf".
 * At most TEXT_NUMBER_MAX - 1 characters. */
char *text_number_double(char *p, double v);

#endif
