/* gen_mix_truth.h — the ground-truth file of the benchmark mix (JSON, format in
 * tools/rowtap-gen.md): the run's parameters, one record per flow written when the flow has
 * written its last packet, and the totals at the end. */
#ifndef ROWTAP_GEN_MIX_TRUTH_H
#define ROWTAP_GEN_MIX_TRUTH_H

#include "mix_flow.h"

/* Opens the object: generator, format version, arguments, capture format, start of "flows". */
void gen_mix_truth_begin(mix_ctx *m, uint64_t flows, double duration);
/* Counts the flow among the conversations of its protocol and writes its record (when there is
 * a truth file); m->flows_done flows were written before it. */
void gen_mix_truth_flow(mix_ctx *m, const mix_flow *f);
/* Closes "flows" and writes the totals. Returns 0, or -1 when the file could not be written. */
int gen_mix_truth_end(mix_ctx *m);

#endif
