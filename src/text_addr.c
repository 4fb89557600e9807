/* text_addr.c — MAC and IP address text without printf (addresses are in every packet row). */
#include <string.h>

#include "text_addr.h"

static const char hex_digits[16] = "0123456789abcdef";

char *text_addr_mac(char *p, const uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        if (i)
            *p++ = ':';
        *p++ = hex_digits[mac[i] >> 4];
        *p++ = hex_digits[mac[i] & 0xf];
    }
    return p;
}

/* Decimal digits of one byte. */
static char *byte_decimal(char *p, unsigned v)
{
    if (v >= 100)
        *p++ = (char)('0' + v / 100);
    if (v >= 10)
        *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

char *text_addr_ip4(char *p, const uint8_t addr[4])
{
    for (int i = 0; i < 4; i++) {
        if (i)
            *p++ = '.';
        p = byte_decimal(p, addr[i]);
    }
    return p;
}

/* One 16-bit group in lower-case hex without leading zeros. */
static char *group_hex(char *p, unsigned group)
{
    int shift = 12;
    while (shift > 0 && (group >> shift) == 0)
        shift -= 4;
    for (; shift >= 0; shift -= 4)
        *p++ = hex_digits[(group >> shift) & 0xf];
    return p;
}

static int is_ipv4_mapped(const uint8_t addr[16])
{
    static const uint8_t prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };
    return memcmp(addr, prefix, sizeof prefix) == 0;
}

char *text_addr_ip6(char *p, const uint8_t addr[16])
{
    int mapped = is_ipv4_mapped(addr);
    int n_groups = mapped ? 6 : 8; /* a mapped address ends in a dotted quad instead of 2 groups */
    unsigned groups[8];
    for (int i = 0; i < 8; i++)
        groups[i] = (unsigned)addr[2 * i] << 8 | addr[2 * i + 1];

    int run_start = -1, run_len = 1; /* only runs of two or more zero groups are compressed */
    for (int i = 0; i < n_groups;) {
        int j = i;
        while (j < n_groups && groups[j] == 0)
            j++;
        if (j - i > run_len) {
            run_start = i;
            run_len = j - i;
        }
        i = j > i ? j : i + 1;
    }

    int run_end = run_start + run_len; /* 0 when nothing is compressed */
    for (int i = 0; i < n_groups;) {
        if (i == run_start) {
            *p++ = ':';
            *p++ = ':';
            i = run_end;
            continue;
        }
        if (i > 0 && i != run_end)
            *p++ = ':';
        p = group_hex(p, groups[i++]);
    }
    if (mapped) {
        *p++ = ':';
        p = text_addr_ip4(p, addr + 12);
    }
    return p;
}
