/* fuzz_target.h — the entry point every libFuzzer target defines; replay_main.c calls it for each
 * file of a target's committed seed corpus in ordinary builds (make check). */
#ifndef ROWTAP_FUZZ_TARGET_H
#define ROWTAP_FUZZ_TARGET_H

#include <stddef.h>
#include <stdint.h>

/* Processes one input; must never crash, whatever the bytes. Returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
