/* hdrdesc.c — hdrDesc token sequences: run-length collapsing while decoding, and a hash table
 * that interns every distinct sequence once with its text (token{n}, UNK(...), the 127-character
 * limit). A known sequence costs one hash and one comparison per packet, no allocation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hdrdesc.h"
#include "rowtap/plugin.h"

#define OVERFLOW_MARK (1u << 16)
#define RUNS_MASK 0xffffu

static const char *const token_names[HD_KIND_COUNT] = {
    [HD_ETH] = "eth", [HD_RAW] = "raw", [HD_NULL] = "null", [HD_SLL] = "sll", [HD_PPP] = "ppp",
    [HD_VLAN] = "vlan", [HD_MPLS] = "mpls", [HD_LLC] = "llc", [HD_PPPOED] = "pppoed",
    [HD_PPPOES] = "pppoes", [HD_ARP] = "arp", [HD_RARP] = "rarp", [HD_LLDP] = "lldp",
    [HD_IPV4] = "ipv4", [HD_IPV6] = "ipv6", [HD_IPV6_HOPOPTS] = "ipv6.hopopts",
    [HD_IPV6_ROUTING] = "ipv6.routing", [HD_IPV6_FRAGHDR] = "ipv6.fraghdr",
    [HD_IPV6_DSTOPTS] = "ipv6.dstopts", [HD_AH] = "ah", [HD_ESP] = "esp", [HD_GRE] = "gre",
    [HD_TCP] = "tcp", [HD_UDP] = "udp", [HD_UDPLITE] = "udplite", [HD_SCTP] = "sctp",
    [HD_ICMP] = "icmp", [HD_ICMPV6] = "icmpv6", [HD_IGMP] = "igmp", [HD_SSDP] = "ssdp",
    [HD_TEREDO] = "teredo", [HD_GTP] = "gtp", [HD_VXLAN] = "vxlan", [HD_GENEVE] = "geneve",
};

/* Writes one token's text (tokens are only made from hdrdesc_kind values); returns what snprintf
 * returns. */
static int render_token(char *buf, size_t size, uint32_t token)
{
    unsigned kind = token & 0xff, arg = token >> 8;
    switch (kind) {
    case HD_UNK_ETHERTYPE: return snprintf(buf, size, "UNK(0x%04x)", arg);
    case HD_UNK_LLC: return snprintf(buf, size, "UNK(0x%02x)", arg);
    case HD_UNK_IPPROTO: return snprintf(buf, size, "UNK(%u)", arg);
    default: return snprintf(buf, size, "%s", token_names[kind]);
    }
}

typedef struct hd_entry {
    uint32_t *key;     /* copy of the builder's key words */
    uint32_t key_words;
    char *text;
    uint16_t len;
    uint8_t truncated;
} hd_entry;

/* The run-wide table: entries by id - 1, and an open-addressing index of ids. */
static struct {
    unsigned users;
    hd_entry *entries;
    uint32_t n_entries, entries_cap;
    uint32_t *slots;   /* id or 0 */
    uint32_t n_slots;  /* power of two */
    uint32_t overflow_id; /* the shared "..." entry of sequences beyond HDRDESC_MAX_STACKS, 0 until needed */
} table;

void hdrdesc_reset(hdrdesc_builder *b)
{
    b->key[0] = 0;
    b->num_hdrs = 0;
}

static void hdrdesc_append(hdrdesc_builder *b, uint32_t token)
{
    uint32_t runs = b->key[0] & RUNS_MASK;
    if (b->key[0] & OVERFLOW_MARK)
        return;
    if (runs && b->key[2 * runs - 1] == token) {
        if (b->key[2 * runs] < UINT16_MAX)
            b->key[2 * runs]++;
        return;
    }
    if (runs == HDRDESC_MAX_RUNS) {
        b->key[0] |= OVERFLOW_MARK;
        return;
    }
    b->key[2 * runs + 1] = token;
    b->key[2 * runs + 2] = 1;
    b->key[0]++;
}

void hdrdesc_push(hdrdesc_builder *b, uint32_t token)
{
    if (b->num_hdrs < UINT16_MAX)
        b->num_hdrs++;
    hdrdesc_append(b, token);
}

void hdrdesc_push_marker(hdrdesc_builder *b, uint32_t token)
{
    hdrdesc_append(b, token);
}

static uint32_t key_words(const uint32_t *key)
{
    return 1 + 2 * (key[0] & RUNS_MASK);
}

static uint32_t key_hash(const uint32_t *key, uint32_t n)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < n; i++) {
        h ^= key[i];
        h *= 16777619u;
    }
    return h ^ (h >> 15);
}

/* Renders the key into buf (NUL-terminated), cutting it per §3.2. Returns the length. */
static size_t render(const uint32_t *key, char *buf, size_t size, int *truncated)
{
    size_t len = 0;
    uint32_t runs = key[0] & RUNS_MASK;
    for (uint32_t i = 0; i < runs && len < size; i++) {
        uint32_t count = key[2 * i + 2];
        if (i)
            buf[len++] = ':';
        len += (size_t)render_token(buf + len, size - len, key[2 * i + 1]);
        if (count > 1 && len < size)
            len += (size_t)snprintf(buf + len, size - len, "{%u}", count);
    }
    *truncated = (key[0] & OVERFLOW_MARK) || len > HDRDESC_MAX_TEXT;
    if (*truncated) {
        len = HDRDESC_MAX_TEXT;
        memcpy(buf + len - 3, "...", 3);
    }
    buf[len] = '\0';
    return len;
}

static int table_grow_slots(void)
{
    uint32_t n = table.n_slots ? table.n_slots * 2 : 64;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (uint32_t id = 1; id <= table.n_entries; id++) {
        const hd_entry *e = &table.entries[id - 1];
        uint32_t i = key_hash(e->key, e->key_words) & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = id;
    }
    free(table.slots);
    table.slots = slots;
    table.n_slots = n;
    return 0;
}

/* Adds an entry for key with its text; returns its id or 0 when out of memory. */
static uint32_t table_add_entry(const uint32_t *key, uint32_t words, const char *text, size_t len, int truncated)
{
    if ((table.n_entries + 1) * 2 > table.n_slots && table_grow_slots() < 0)
        return 0;
    if (table.n_entries == table.entries_cap) {
        uint32_t cap = table.entries_cap ? table.entries_cap * 2 : 32;
        hd_entry *entries = realloc(table.entries, cap * sizeof *entries);
        if (!entries)
            return 0;
        table.entries = entries;
        table.entries_cap = cap;
    }
    hd_entry e = { .key = malloc(words * sizeof *key), .key_words = words,
                   .text = malloc(len + 1), .len = (uint16_t)len, .truncated = (uint8_t)truncated };
    if (!e.key || !e.text) {
        free(e.key);
        free(e.text);
        return 0;
    }
    memcpy(e.key, key, words * sizeof *key);
    memcpy(e.text, text, len + 1);
    table.entries[table.n_entries++] = e;
    uint32_t i = key_hash(key, words) & (table.n_slots - 1);
    while (table.slots[i])
        i = (i + 1) & (table.n_slots - 1);
    table.slots[i] = table.n_entries;
    return table.n_entries;
}

/* The id of a sequence met for the first time: a new entry, or the shared "..." entry once the
 * table holds HDRDESC_MAX_STACKS sequences (its key, a sequence of no runs marked as
 * overflowing, is never built by a packet). 0 when out of memory. */
static uint32_t table_add(const uint32_t *key, uint32_t words)
{
    if (table.n_entries < HDRDESC_MAX_STACKS) {
        char text[HDRDESC_MAX_RUNS * 24];
        int truncated;
        size_t len = render(key, text, sizeof text, &truncated);
        return table_add_entry(key, words, text, len, truncated);
    }
    if (!table.overflow_id) {
        static const uint32_t overflow_key[1] = { OVERFLOW_MARK };
        table.overflow_id = table_add_entry(overflow_key, 1, "...", 3, 1);
    }
    return table.overflow_id;
}

void hdrdesc_intern(const hdrdesc_builder *b, hdrdesc_interned *out)
{
    uint32_t words = key_words(b->key), id = 0;
    if (table.n_slots) {
        uint32_t i = key_hash(b->key, words) & (table.n_slots - 1);
        for (; table.slots[i]; i = (i + 1) & (table.n_slots - 1)) {
            const hd_entry *e = &table.entries[table.slots[i] - 1];
            if (e->key_words == words && !memcmp(e->key, b->key, words * sizeof *b->key)) {
                id = table.slots[i];
                break;
            }
        }
    }
    if (!id)
        id = table_add(b->key, words);
    if (!id) {
        *out = (hdrdesc_interned){ .id = 0, .text = "", .len = 0, .truncated = 0 };
        return;
    }
    const hd_entry *e = &table.entries[id - 1];
    *out = (hdrdesc_interned){ .id = id, .text = e->text, .len = e->len, .truncated = e->truncated };
}

void hdrdesc_acquire(void)
{
    table.users++;
}

void hdrdesc_release(void)
{
    if (!table.users || --table.users)
        return;
    for (uint32_t i = 0; i < table.n_entries; i++) {
        free(table.entries[i].key);
        free(table.entries[i].text);
    }
    free(table.entries);
    free(table.slots);
    table.entries = NULL;
    table.slots = NULL;
    table.n_entries = table.entries_cap = table.n_slots = table.overflow_id = 0;
}

const char *rt_hdrdesc_string(uint32_t id, uint16_t *len)
{
    if (id == 0 || id > table.n_entries) {
        if (len)
            *len = 0;
        return NULL;
    }
    if (len)
        *len = table.entries[id - 1].len;
    return table.entries[id - 1].text;
}
