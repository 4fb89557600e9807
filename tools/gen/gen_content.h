/* gen_content.h — application payloads of the generated traffic: English prose, HTML pages of an
 * exact size, bytes that look like compressed data, and the large read-only pools the benchmark
 * mix slices its bodies from. Everything is a pure function of its arguments. */
#ifndef ROWTAP_GEN_CONTENT_H
#define ROWTAP_GEN_CONTENT_H

#include <stddef.h>
#include <stdint.h>

/* Bytes in each pool; any slice of up to this many bytes starting anywhere is contiguous. */
#define GEN_CONTENT_POOL (256u * 1024u)

/* len bytes of prose: sentences from a fixed list in an order chosen by variant. */
void gen_content_prose(char *out, size_t len, uint32_t variant);
/* An HTML page of exactly len bytes (len >= 160) with the given title. */
void gen_content_html(char *out, size_t len, const char *title, uint32_t variant);
/* len pseudo-random bytes (like compressed or encrypted data) from a seed. */
void gen_content_binary(uint8_t *out, size_t len, uint64_t seed);

/* The pools: HTML-like text and binary bytes, GEN_CONTENT_POOL bytes each plus a wrapped copy.
 * gen_content_pools builds them once (later calls return the same pools). NULL when out of memory. */
typedef struct gen_content_pools {
    const uint8_t *text;
    const uint8_t *binary;
} gen_content_pools;
const gen_content_pools *gen_content_pools_get(void);

#endif
