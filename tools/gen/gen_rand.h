/* gen_rand.h — the generator's deterministic random numbers: xoshiro256** seeded through
 * splitmix64, and the few distributions the traffic mix needs. Only integer arithmetic and
 * IEEE basic operations are used (no libm), so a seed gives the same numbers on every platform. */
#ifndef ROWTAP_GEN_RAND_H
#define ROWTAP_GEN_RAND_H

#include <stdint.h>

typedef struct gen_rand {
    uint64_t s[4];
} gen_rand;

/* Seeds a generator; different streams of one seed are told apart by `stream`. */
void gen_rand_seed(gen_rand *r, uint64_t seed, uint64_t stream);
/* The next 64 random bits. */
uint64_t gen_rand_next(gen_rand *r);
/* A uniform integer in [0, n) (0 when n is 0). */
uint64_t gen_rand_below(gen_rand *r, uint64_t n);
/* A uniform integer in [lo, hi] (lo when hi < lo). */
int64_t gen_rand_range(gen_rand *r, int64_t lo, int64_t hi);
/* A uniform double in [0, 1). */
double gen_rand_unit(gen_rand *r);
/* 1 with probability p, else 0. */
int gen_rand_chance(gen_rand *r, double p);
/* An exponentially distributed value with the given mean, rounded down to an integer. */
int64_t gen_rand_exp(gen_rand *r, double mean);
/* A Pareto-distributed integer >= minimum with tail index alpha, capped at maximum. */
int64_t gen_rand_pareto(gen_rand *r, double minimum, double alpha, int64_t maximum);
/* Index i of weights[0..n) drawn with probability weights[i] / sum (weights are >= 0). */
unsigned gen_rand_pick(gen_rand *r, const double *weights, unsigned n);
/* Natural logarithm of x > 0 from basic operations only (portable, about 1e-12 relative). */
double gen_rand_ln(double x);

#endif
