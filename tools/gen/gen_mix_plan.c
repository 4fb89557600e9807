/* gen_mix_plan.c — applications and packet budgets of the mix's flows. Each flow draws an
 * application and a natural size for it. Sizes of the elastic applications (HTTP, FTP, SMTP, FTP
 * data) are then scaled so that all budgets add up to the packets asked for; when they cannot
 * absorb the difference alone, every flow is scaled. Last, budgets an application cannot use
 * change the application: a "failed" connection with more than three packets becomes HTTP, a
 * fragmented DNS answer outside 3-7 packets plain DNS, a large ping with an odd budget or
 * outside 4-12 packets an ordinary ping; TCP flows of at most three packets become failed
 * connections. */
#include <stdlib.h>
#include <string.h>

#include "mix_flow.h"
#include "gen_mix_plan.h"
#include "gen_rand.h"

/* Share of flows per application. */
static const double app_weights[MIX_APPS] = {
    [MIX_HTTP] = 0.30, [MIX_FTP] = 0.03, [MIX_SMTP] = 0.04, [MIX_BULK] = 0.02, [MIX_FAIL] = 0.05,
    [MIX_DNS] = 0.35, [MIX_NTP] = 0.05, [MIX_SYSLOG] = 0.06, [MIX_DNSFRAG] = 0.02,
    [MIX_PING] = 0.06, [MIX_BIGPING] = 0.02,
};

static int elastic(unsigned app)
{
    return app <= MIX_BULK;
}

static uint32_t natural_size(gen_rand *r, unsigned app)
{
    switch (app) {
    case MIX_HTTP: return (uint32_t)(8 + gen_rand_pareto(r, 6.0, 1.3, 3000));
    case MIX_FTP: return (uint32_t)gen_rand_range(r, 14, 40);
    case MIX_SMTP: return (uint32_t)gen_rand_range(r, 20, 60);
    case MIX_BULK: return (uint32_t)(50 + gen_rand_pareto(r, 40.0, 1.2, 20000));
    case MIX_FAIL: return (uint32_t)gen_rand_range(r, 1, 3);
    case MIX_DNS: { /* a lookup, A and AAAA from one socket, or an unanswered query */
        static const double weights[3] = { 0.70, 0.25, 0.05 };
        static const uint32_t sizes[3] = { 2, 4, 1 };
        return sizes[gen_rand_pick(r, weights, 3)];
    }
    case MIX_NTP: return gen_rand_chance(r, 0.8) ? 2 : 8;
    case MIX_SYSLOG: return (uint32_t)gen_rand_range(r, 1, 5);
    case MIX_DNSFRAG: return (uint32_t)gen_rand_range(r, 3, 5);
    case MIX_PING: return (uint32_t)(2 * gen_rand_range(r, 1, 10) - (gen_rand_chance(r, 0.1) ? 1 : 0));
    default: return (uint32_t)(2 * gen_rand_range(r, 2, 4));
    }
}

/* Scales the budgets of the chosen flows so that they add up to `target` (each at least 1).
 * Requires target >= the number of chosen flows; returns -1 when a budget would not fit 32 bits. */
static int scale(gen_mix_plan *p, const uint32_t *natural, int only_elastic, uint64_t target,
                 uint64_t start)
{
    uint64_t sum = 0, total = 0;
    for (uint64_t i = 0; i < p->flows; i++)
        if (!only_elastic || elastic(p->app[i]))
            sum += natural[i];
    for (uint64_t i = 0; i < p->flows; i++) {
        if (only_elastic && !elastic(p->app[i]))
            continue;
        uint64_t b = (uint64_t)((unsigned __int128)natural[i] * target / sum);
        if (b >= UINT32_MAX / 2)
            return -1;
        p->budget[i] = (uint32_t)(b ? b : 1);
        total += p->budget[i];
    }
    /* Round-off: add or take one packet per flow, going round from `start`. */
    for (uint64_t step = 0; total != target; step++) {
        uint64_t i = (start + step) % p->flows;
        if (only_elastic && !elastic(p->app[i]))
            continue;
        if (total < target) {
            p->budget[i]++;
            total++;
        } else if (p->budget[i] > 1) {
            p->budget[i]--;
            total--;
        }
    }
    return 0;
}

/* The application a budget fits. */
static uint8_t fitting_app(uint8_t app, uint32_t budget)
{
    if (app == MIX_FAIL && budget > 3)
        return MIX_HTTP;
    if (app <= MIX_BULK && budget <= 3)
        return MIX_FAIL;
    if (app == MIX_DNSFRAG && (budget < 3 || budget > 7))
        return MIX_DNS;
    if (app == MIX_BIGPING && (budget % 2 || budget < 4 || budget > 12))
        return MIX_PING;
    return app;
}

int gen_mix_plan_make(gen_mix_plan *p, uint64_t packets, uint64_t flows, uint64_t seed)
{
    memset(p, 0, sizeof *p);
    p->flows = flows < packets ? flows : packets;
    if (p->flows == 0)
        return -1;
    p->app = malloc(p->flows);
    p->budget = malloc(p->flows * sizeof *p->budget);
    uint32_t *natural = malloc(p->flows * sizeof *natural);
    if (!p->app || !p->budget || !natural) {
        free(natural);
        gen_mix_plan_free(p);
        return -1;
    }
    gen_rand r;
    gen_rand_seed(&r, seed, 0x706c616e);
    uint64_t fixed_sum = 0, elastic_count = 0;
    for (uint64_t i = 0; i < p->flows; i++) {
        p->app[i] = (uint8_t)gen_rand_pick(&r, app_weights, MIX_APPS);
        natural[i] = natural_size(&r, p->app[i]);
        p->budget[i] = natural[i];
        if (elastic(p->app[i]))
            elastic_count++;
        else
            fixed_sum += natural[i];
    }
    uint64_t start = gen_rand_below(&r, p->flows);
    int scaled = elastic_count && packets >= fixed_sum + elastic_count
                     ? scale(p, natural, 1, packets - fixed_sum, start)
                     : scale(p, natural, 0, packets, start);
    free(natural);
    if (scaled < 0) {
        gen_mix_plan_free(p);
        return -1;
    }
    for (uint64_t i = 0; i < p->flows; i++)
        p->app[i] = fitting_app(p->app[i], p->budget[i]);
    return 0;
}

void gen_mix_plan_free(gen_mix_plan *p)
{
    free(p->app);
    free(p->budget);
    p->app = NULL;
    p->budget = NULL;
}
