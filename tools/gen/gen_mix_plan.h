/* gen_mix_plan.h — the plan of a benchmark mix: which application each flow runs and how many
 * packets it writes. The budgets add up to exactly the packets asked for; every flow has at
 * least one packet; the plan depends only on (packets, flows, seed). */
#ifndef ROWTAP_GEN_MIX_PLAN_H
#define ROWTAP_GEN_MIX_PLAN_H

#include <stdint.h>

typedef struct gen_mix_plan {
    uint64_t flows;     /* flows planned (the flows asked for, at most the packets) */
    uint8_t *app;       /* mix_app of each flow */
    uint32_t *budget;   /* packets of each flow */
} gen_mix_plan;

/* Plans packets in flows; returns 0, or -1 when out of memory (or a flow would need more than
 * 2^32 - 1 packets). */
int gen_mix_plan_make(gen_mix_plan *plan, uint64_t packets, uint64_t flows, uint64_t seed);
void gen_mix_plan_free(gen_mix_plan *plan);

#endif
