/* gen_dns.c — DNS message composition (see gen_dns.h). */
#include <arpa/inet.h>
#include <string.h>

#include "gen_dns.h"

static void put(gen_dns *m, const void *bytes, size_t n)
{
    if (n == 0)
        return;
    if (m->overflow || m->cap - m->len < n) {
        m->overflow = 1;
        return;
    }
    memcpy(m->buf + m->len, bytes, n);
    m->len += n;
}

static void put16(gen_dns *m, uint32_t v)
{
    uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };
    put(m, b, 2);
}

static void put32(gen_dns *m, uint32_t v)
{
    put16(m, v >> 16);
    put16(m, v & 0xffff);
}

/* A name as labels, or the pointer to the first question when name is NULL. */
static void put_name(gen_dns *m, const char *name)
{
    if (!name) {
        put16(m, 0xc00c);
        return;
    }
    while (*name) {
        const char *dot = strchr(name, '.');
        size_t n = dot ? (size_t)(dot - name) : strlen(name);
        uint8_t len = (uint8_t)(n > 63 ? 63 : n);
        put(m, &len, 1);
        put(m, name, len);
        name += n + (dot ? 1 : 0);
    }
    uint8_t root = 0;
    put(m, &root, 1);
}

void gen_dns_start(gen_dns *m, uint8_t *buf, size_t cap, uint16_t id, uint16_t flags)
{
    memset(m, 0, sizeof *m);
    m->buf = buf;
    m->cap = cap;
    put16(m, id);
    put16(m, flags);
    for (int i = 0; i < 4; i++)
        put16(m, 0);
}

void gen_dns_question(gen_dns *m, const char *name, uint16_t type)
{
    put_name(m, name);
    put16(m, type);
    put16(m, 1);
    m->counts[0]++;
}

/* Owner, type, class IN, TTL; the caller writes RDLENGTH and RDATA. */
static void rr_head(gen_dns *m, int section, const char *owner, uint16_t type, uint32_t ttl)
{
    put_name(m, owner);
    put16(m, type);
    put16(m, 1);
    put32(m, ttl);
    m->counts[1 + section]++;
}

void gen_dns_rr(gen_dns *m, int section, const char *owner, uint16_t type, uint32_t ttl,
                const void *rdata, uint16_t rdlen)
{
    rr_head(m, section, owner, type, ttl);
    put16(m, rdlen);
    put(m, rdata, rdlen);
}

void gen_dns_address(gen_dns *m, int section, const char *owner, uint32_t ttl, const char *address)
{
    uint8_t bytes[16];
    if (strchr(address, ':')) {
        inet_pton(AF_INET6, address, bytes);
        gen_dns_rr(m, section, owner, GEN_DNS_AAAA, ttl, bytes, 16);
    } else {
        inet_pton(AF_INET, address, bytes);
        gen_dns_rr(m, section, owner, GEN_DNS_A, ttl, bytes, 4);
    }
}

/* Writes RDATA made of a prefix and a name, then fills in RDLENGTH. */
static void rdata_with_name(gen_dns *m, const uint8_t *prefix, size_t prefix_len, const char *name)
{
    size_t at = m->len;
    put16(m, 0);
    put(m, prefix, prefix_len);
    put_name(m, name);
    if (!m->overflow) {
        size_t n = m->len - at - 2;
        m->buf[at] = (uint8_t)(n >> 8);
        m->buf[at + 1] = (uint8_t)n;
    }
}

void gen_dns_name_rr(gen_dns *m, int section, const char *owner, uint16_t type, uint32_t ttl,
                     const char *target)
{
    rr_head(m, section, owner, type, ttl);
    rdata_with_name(m, NULL, 0, target);
}

void gen_dns_mx(gen_dns *m, int section, const char *owner, uint32_t ttl, uint16_t preference,
                const char *exchange)
{
    uint8_t pref[2] = { (uint8_t)(preference >> 8), (uint8_t)preference };
    rr_head(m, section, owner, GEN_DNS_MX, ttl);
    rdata_with_name(m, pref, 2, exchange);
}

void gen_dns_txt(gen_dns *m, int section, const char *owner, uint32_t ttl, const char *text)
{
    size_t total = strlen(text), strings = (total + 254) / 255;
    rr_head(m, section, owner, GEN_DNS_TXT, ttl);
    put16(m, (uint32_t)(total + (strings ? strings : 1)));
    if (!total) {
        uint8_t zero = 0;
        put(m, &zero, 1);
    }
    for (size_t off = 0; off < total; off += 255) {
        uint8_t n = (uint8_t)(total - off < 255 ? total - off : 255);
        put(m, &n, 1);
        put(m, text + off, n);
    }
}

void gen_dns_soa(gen_dns *m, int section, const char *owner, const char *primary,
                 const char *mailbox, uint32_t serial)
{
    rr_head(m, section, owner, GEN_DNS_SOA, 900);
    size_t at = m->len;
    put16(m, 0);
    put_name(m, primary);
    put_name(m, mailbox);
    put32(m, serial);
    put32(m, 7200);
    put32(m, 3600);
    put32(m, 1209600);
    put32(m, 300);
    if (!m->overflow) {
        size_t n = m->len - at - 2;
        m->buf[at] = (uint8_t)(n >> 8);
        m->buf[at + 1] = (uint8_t)n;
    }
}

void gen_dns_edns(gen_dns *m, uint16_t udp_size)
{
    uint8_t root = 0;
    put(m, &root, 1);
    put16(m, GEN_DNS_OPT);
    put16(m, udp_size);
    put32(m, 0);
    put16(m, 0);
    m->counts[3]++;
}

size_t gen_dns_end(gen_dns *m)
{
    if (m->overflow || m->len < 12)
        return 0;
    for (int i = 0; i < 4; i++) {
        m->buf[4 + 2 * i] = (uint8_t)(m->counts[i] >> 8);
        m->buf[5 + 2 * i] = (uint8_t)m->counts[i];
    }
    return m->len;
}
