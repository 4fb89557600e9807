/* gen_mix.h — the benchmark mix (rowtap-gen --packets N --flows F): exactly N packets of
 * interleaved TCP, UDP and ICMP conversations over Ethernet, deterministic for a seed, and its
 * ground truth. */
#ifndef ROWTAP_GEN_MIX_H
#define ROWTAP_GEN_MIX_H

#include <stdint.h>

#include "gen_cli.h"

/* What a run wrote. */
typedef struct gen_mix_result {
    uint64_t packets, flows, wire_bytes, captured_bytes;
    double seconds; /* wall-clock time of the run */
} gen_mix_result;

/* Writes the capture (and the truth file when asked for). Returns 0, or -1 after printing an
 * error. */
int gen_mix_write(const gen_options *options, gen_mix_result *result);

#endif
