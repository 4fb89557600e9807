/* gen_csum.h — the Internet checksum (RFC 1071) computed fast: 32-bit loads summed into a 64-bit
 * accumulator, folded at the end. Used for every checksum of the benchmark mix. */
#ifndef ROWTAP_GEN_CSUM_H
#define ROWTAP_GEN_CSUM_H

#include <stddef.h>
#include <stdint.h>

/* Adds len bytes at data (starting at an even offset of the checksummed range) to a running sum. */
uint64_t gen_csum_add(uint64_t sum, const void *data, size_t len);
/* Adds a 16-bit big-endian value (e.g. a pseudo-header protocol or length) to a running sum. */
uint64_t gen_csum_add16(uint64_t sum, uint32_t value);
/* The one's complement of the folded sum: the value to store in a checksum field (host order). */
uint16_t gen_csum_fold(uint64_t sum);
/* Stores a 16-bit value big-endian. */
void gen_csum_put16(uint8_t *p, uint16_t value);

#endif
