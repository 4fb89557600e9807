/* gen_csum.c — Internet checksum over big-endian 16-bit words, computed on little- or big-endian
 * hosts by summing native 32-bit loads and byte-swapping the folded result when needed. */
#include <string.h>

#include "gen_csum.h"

/* The sum is kept in "wire order" 16-bit lanes: on a little-endian host every loaded word has its
 * bytes swapped, which the one's complement sum tolerates as long as the final fold swaps back. */
static int host_is_little_endian(void)
{
    const uint16_t probe = 1;
    return *(const uint8_t *)&probe == 1;
}

static uint64_t swap_fold16(uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return host_is_little_endian() ? (uint64_t)(((sum & 0xff) << 8) | (sum >> 8)) : sum;
}

uint64_t gen_csum_add(uint64_t sum, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint64_t native = 0;
    while (len >= 16) {
        uint32_t w[4];
        memcpy(w, p, sizeof w);
        native += (uint64_t)w[0] + w[1] + w[2] + w[3];
        p += 16;
        len -= 16;
    }
    while (len >= 4) {
        uint32_t w;
        memcpy(&w, p, sizeof w);
        native += w;
        p += 4;
        len -= 4;
    }
    uint64_t tail = 0;
    if (len >= 2) {
        tail += (uint64_t)p[0] << 8 | p[1];
        p += 2;
        len -= 2;
    }
    if (len)
        tail += (uint64_t)p[0] << 8;
    /* Fold the native lanes to 16 bits before the byte order is fixed. */
    native = (native & 0xffffffffu) + (native >> 32);
    native = (native & 0xffffffffu) + (native >> 32);
    native = (native & 0xffff) + (native >> 16);
    return sum + swap_fold16(native) + tail;
}

uint64_t gen_csum_add16(uint64_t sum, uint32_t value)
{
    return sum + (value & 0xffff);
}

uint16_t gen_csum_fold(uint64_t sum)
{
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

void gen_csum_put16(uint8_t *p, uint16_t value)
{
    p[0] = (uint8_t)(value >> 8);
    p[1] = (uint8_t)value;
}
