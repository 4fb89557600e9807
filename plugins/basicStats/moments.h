/* moments.h — exact mean and population variance of integer samples (payload sizes in bytes,
 * gaps in nanoseconds) from integer sums.
 *
 * Method: the accumulator keeps the count n, the sum Σx and the sum of squares Σx² as exact
 * integers (Σx² in 192 bits, so it cannot overflow for fewer than 2^64 samples of at most 2^63 in
 * magnitude). The variance is computed once at the end as
 *     M2 = Σx² − (Σx)²/n,   variance = M2 / n,
 * where (Σx)² = q·n + r is divided exactly in integers, so M2 = (Σx² − q) − r/n with the first
 * part an exact integer: the only roundings are its conversion to double and the last
 * subtraction and division. No cancellation occurs, however many samples and however large the
 * mean (the textbook Σx²/n − mean² in doubles loses every digit when the spread is small next
 * to the mean). The sum Σx is exact while |Σx| < 2^63 (for payloads 8 EiB, for gaps 292 years).
 *
 * Nothing is allocated; the accumulator is plain data that may live in zeroed plugin state (the
 * words need only 8-byte alignment). */
#ifndef BASICSTATS_MOMENTS_H
#define BASICSTATS_MOMENTS_H

#include <stdint.h>

/* Zeroed: no samples. */
typedef struct moments {
    uint64_t count;       /* samples added */
    int64_t sum;          /* Σx */
    uint64_t squares[3];  /* Σx², least significant 64-bit word first */
} moments;

/* Adds one sample. */
void moments_add(moments *m, int64_t x);
/* Σx / n, 0 without samples. */
double moments_mean(const moments *m);
/* Population variance Σ(x − mean)² / n, 0 without samples. */
double moments_variance(const moments *m);

#endif
