/* moments.c — exact integer sums and the population variance derived from them (moments.h). */
#include "moments.h"

__extension__ typedef unsigned __int128 u128;

/* |x| as an unsigned number (also for INT64_MIN). */
static uint64_t magnitude(int64_t x)
{
    return x < 0 ? 0 - (uint64_t)x : (uint64_t)x;
}

void moments_add(moments *m, int64_t x)
{
    uint64_t a = magnitude(x);
    u128 square = (u128)a * a;
    u128 low = ((u128)m->squares[1] << 64 | m->squares[0]) + square;
    m->squares[2] += low < square; /* carry out of the low 128 bits */
    m->squares[0] = (uint64_t)low;
    m->squares[1] = (uint64_t)(low >> 64);
    m->sum = (int64_t)((uint64_t)m->sum + (uint64_t)x); /* wraps instead of undefined overflow */
    m->count++;
}

double moments_mean(const moments *m)
{
    return m->count ? (double)m->sum / (double)m->count : 0.0;
}

double moments_variance(const moments *m)
{
    if (!m->count)
        return 0.0;
    uint64_t a = magnitude(m->sum);
    u128 sum_squared = (u128)a * a;
    u128 q = sum_squared / m->count;
    uint64_t r = (uint64_t)(sum_squared % m->count);
    /* Σx² − q ≥ 0, since Σx² ≥ (Σx)²/n ≥ q (Cauchy–Schwarz): an exact 192-bit subtraction. */
    u128 low = (u128)m->squares[1] << 64 | m->squares[0];
    uint64_t high = m->squares[2] - (low < q);
    low -= q;
    double m2 = (double)high * 0x1p128 + (double)low - (double)r / (double)m->count;
    return m2 / (double)m->count;
}
