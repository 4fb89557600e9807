/* geo_special.c — special-purpose ranges (T2-COMPAT §6.1): a table in CIDR notation, parsed on
 * first use; a lookup returns the matching range with the longest prefix, so a range inside a
 * larger one (the broadcast address inside 240.0.0.0/4) wins without depending on table order. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "geo_special.h"

static const geo_special_range ranges[] = {
    { "0.0.0.0/8", "00", "unspecified" },
    { "::/128", "00", "unspecified" },
    { "127.0.0.0/8", "01", "loopback" },
    { "::1/128", "01", "loopback" },
    { "10.0.0.0/8", "02", "private_reserved" },
    { "172.16.0.0/12", "02", "private_reserved" },
    { "192.168.0.0/16", "02", "private_reserved" },
    { "fc00::/7", "03", "unique_local" },
    { "169.254.0.0/16", "04", "link_local" },
    { "fe80::/10", "04", "link_local" },
    { "192.0.0.0/24", "06", "ietf_protocol" },
    { "198.18.0.0/15", "08", "benchmarking" },
    { "2001:2::/48", "08", "benchmarking" },
    { "224.0.0.0/4", "10", "multicast" },
    { "ff00::/8", "10", "multicast" },
    { "255.255.255.255/32", "11", "broadcast" },
    { "100.64.0.0/10", "20", "shared_address" },
    { "192.0.2.0/24", "21", "test_net_1" },
    { "198.51.100.0/24", "22", "test_net_2" },
    { "203.0.113.0/24", "23", "test_net_3" },
    { "240.0.0.0/4", "24", "reserved" },
    { "100::/64", "25", "discard_only" },
    { "2001:20::/28", "26", "orchid_v2" },
    { "2001:db8::/32", "27", "documentation" },
    { "3fff::/20", "27", "documentation" },
    { "192.88.99.0/24", "60", "6to4_relay_anycast" },
    { "::ffff:0:0/96", "61", "ipv4_mapped" },
    { "::ffff:0:0:0/96", "62", "ipv4_translated" },
    { "64:ff9b::/96", "63", "nat64" },
    { "64:ff9b:1::/48", "63", "nat64" },
    { "2001::/32", "64", "teredo" },
    { "2002::/16", "65", "6to4" },
};

#define N_RANGES (sizeof ranges / sizeof ranges[0])

/* A range in binary form: the network and its mask as two 64-bit halves (an IPv4 address is
 * the top 32 bits of the first half), so that a test is two masked compares. */
typedef struct parsed_range {
    uint8_t version;
    uint8_t prefix;   /* bits */
    uint64_t net[2];
    uint64_t mask[2];
} parsed_range;

/* An address of `version` as two 64-bit halves. */
static void address_halves(int version, const uint8_t *addr, uint64_t out[2])
{
    out[0] = out[1] = 0;
    for (int i = 0; i < (version == 6 ? 16 : 4); i++)
        out[i / 8] |= (uint64_t)addr[i] << (56 - 8 * (i % 8));
}

static parsed_range parsed[N_RANGES];
static int parsed_ready;

/* Parses one CIDR entry; a malformed entry is a bug in the table above (the unit tests parse
 * every entry), so it aborts with the entry named. */
static void parse_range(const geo_special_range *r, parsed_range *out)
{
    char text[64];
    uint8_t addr[16];
    snprintf(text, sizeof text, "%s", r->network);
    char *slash = strchr(text, '/');
    if (slash) {
        *slash = '\0';
        out->version = strchr(text, ':') ? 6 : 4;
        out->prefix = (uint8_t)atoi(slash + 1);
    }
    if (!slash || inet_pton(out->version == 6 ? AF_INET6 : AF_INET, text, addr) != 1
        || out->prefix > (out->version == 6 ? 128 : 32)) {
        fprintf(stderr, "basicFlow: special-range table entry '%s' is malformed\n", r->network);
        abort();
    }
    address_halves(out->version, addr, out->net);
    for (int h = 0; h < 2; h++) {
        int bits = out->prefix - 64 * h;
        out->mask[h] = bits <= 0 ? 0 : bits >= 64 ? ~(uint64_t)0 : ~(uint64_t)0 << (64 - bits);
        out->net[h] &= out->mask[h];
    }
}

const geo_special_range *geo_special_find(int version, const uint8_t *addr)
{
    if (!parsed_ready) {
        for (size_t i = 0; i < N_RANGES; i++)
            parse_range(&ranges[i], &parsed[i]);
        parsed_ready = 1;
    }
    uint64_t a[2];
    address_halves(version, addr, a);
    const geo_special_range *best = NULL;
    int best_prefix = -1;
    for (size_t i = 0; i < N_RANGES; i++)
        if (parsed[i].version == version && parsed[i].prefix > best_prefix && (a[0] & parsed[i].mask[0]) == parsed[i].net[0]
            && (a[1] & parsed[i].mask[1]) == parsed[i].net[1]) {
            best = &ranges[i];
            best_prefix = parsed[i].prefix;
        }
    return best;
}
