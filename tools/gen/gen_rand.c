/* gen_rand.c — xoshiro256** (Blackman and Vigna's public-domain algorithm, written from its
 * description) with splitmix64 seeding, and distributions built from it without libm. */
#include "gen_rand.h"

static uint64_t rotl(uint64_t x, int k)
{
    return x << k | x >> (64 - k);
}

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15u);
    z = (z ^ z >> 30) * 0xbf58476d1ce4e5b9u;
    z = (z ^ z >> 27) * 0x94d049bb133111ebu;
    return z ^ z >> 31;
}

void gen_rand_seed(gen_rand *r, uint64_t seed, uint64_t stream)
{
    uint64_t state = seed ^ (stream * 0xd1342543de82ef95u);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&state);
}

uint64_t gen_rand_next(gen_rand *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t gen_rand_below(gen_rand *r, uint64_t n)
{
    if (n == 0)
        return 0;
    /* Lemire's multiply-shift with rejection of the biased low range. */
    uint64_t x = gen_rand_next(r);
    unsigned __int128 m = (unsigned __int128)x * n;
    uint64_t low = (uint64_t)m;
    if (low < n) {
        uint64_t threshold = (0 - n) % n;
        while (low < threshold) {
            x = gen_rand_next(r);
            m = (unsigned __int128)x * n;
            low = (uint64_t)m;
        }
    }
    return (uint64_t)(m >> 64);
}

int64_t gen_rand_range(gen_rand *r, int64_t lo, int64_t hi)
{
    if (hi <= lo)
        return lo;
    return lo + (int64_t)gen_rand_below(r, (uint64_t)(hi - lo) + 1);
}

double gen_rand_unit(gen_rand *r)
{
    return (double)(gen_rand_next(r) >> 11) * 0x1.0p-53;
}

int gen_rand_chance(gen_rand *r, double p)
{
    return gen_rand_unit(r) < p;
}

double gen_rand_ln(double x)
{
    static const double ln2 = 0.69314718055994530942;
    int exponent = 0;
    while (x >= 2.0) {
        x *= 0.5;
        exponent++;
    }
    while (x < 1.0) {
        x *= 2.0;
        exponent--;
    }
    /* x in [1, 2): ln x = 2 atanh(y) with y = (x - 1) / (x + 1) in [0, 1/3). */
    double y = (x - 1.0) / (x + 1.0), y2 = y * y, term = y, sum = 0.0;
    for (int k = 1; k < 40; k += 2) {
        sum += term / k;
        term *= y2;
    }
    return 2.0 * sum + exponent * ln2;
}

int64_t gen_rand_exp(gen_rand *r, double mean)
{
    double u = 1.0 - gen_rand_unit(r); /* (0, 1] */
    return (int64_t)(-gen_rand_ln(u) * mean);
}

int64_t gen_rand_pareto(gen_rand *r, double minimum, double alpha, int64_t maximum)
{
    /* x = minimum * u^(-1/alpha) = minimum * exp(-ln(u) / alpha); exp from its series. */
    double u = 1.0 - gen_rand_unit(r);
    double power = -gen_rand_ln(u) / alpha, value = 1.0, term = 1.0;
    if (power > 40.0)
        return maximum;
    /* exp(power) = exp(power / 64)^64 keeps the series short and accurate. */
    double small = power / 64.0;
    for (int k = 1; k < 20; k++) {
        term *= small / k;
        value += term;
    }
    for (int i = 0; i < 6; i++)
        value *= value;
    double x = minimum * value;
    return x >= (double)maximum ? maximum : (int64_t)x;
}

unsigned gen_rand_pick(gen_rand *r, const double *weights, unsigned n)
{
    double total = 0.0;
    for (unsigned i = 0; i < n; i++)
        total += weights[i];
    double x = gen_rand_unit(r) * total;
    for (unsigned i = 0; i + 1 < n; i++) {
        if (x < weights[i])
            return i;
        x -= weights[i];
    }
    return n - 1;
}
