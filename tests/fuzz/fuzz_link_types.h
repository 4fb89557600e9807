/* fuzz_link_types.h — the link types fuzz_decode_frame chooses from with the low 4 bits of its
 * first input byte (shared with the corpus generator, which writes that byte for its seeds): the
 * link types of decode_link.c, then one without a decoder (127, 802.11 radiotap). */
#ifndef ROWTAP_FUZZ_LINK_TYPES_H
#define ROWTAP_FUZZ_LINK_TYPES_H

#include <stdint.h>

static const uint32_t fuzz_link_types[] = { 1, 0, 109, 101, 12, 14, 228, 229, 113, 276, 9, 50, 127 };
#define FUZZ_LINK_TYPES (sizeof fuzz_link_types / sizeof fuzz_link_types[0])

#endif
