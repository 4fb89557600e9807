/* gen_dns.h — composes DNS messages (RFC 1035) for the generated captures: header, questions,
 * resource records of the answer, authority and additional sections (added in that order), TXT
 * strings, MX, EDNS0 OPT. Owner names given as NULL point at the first question (0xc00c). A
 * message that would not fit its buffer is cut short and marks the builder (gen_dns_end returns 0). */
#ifndef ROWTAP_GEN_DNS_H
#define ROWTAP_GEN_DNS_H

#include <stddef.h>
#include <stdint.h>

enum { GEN_DNS_ANSWER, GEN_DNS_AUTHORITY, GEN_DNS_ADDITIONAL };

/* Record types used by the generator. */
#define GEN_DNS_A 1
#define GEN_DNS_NS 2
#define GEN_DNS_CNAME 5
#define GEN_DNS_SOA 6
#define GEN_DNS_PTR 12
#define GEN_DNS_MX 15
#define GEN_DNS_TXT 16
#define GEN_DNS_AAAA 28
#define GEN_DNS_OPT 41

/* Header flags: a standard query with recursion desired, and a recursive server's answer. */
#define GEN_DNS_QUERY 0x0100
#define GEN_DNS_RESPONSE 0x8180
#define GEN_DNS_NXDOMAIN 0x8183

typedef struct gen_dns {
    uint8_t *buf;
    size_t cap, len;
    uint16_t counts[4];  /* questions, answers, authority, additional */
    int overflow;
} gen_dns;

void gen_dns_start(gen_dns *m, uint8_t *buf, size_t cap, uint16_t id, uint16_t flags);
/* A question of class IN. */
void gen_dns_question(gen_dns *m, const char *name, uint16_t type);
/* A record of class IN with raw data. */
void gen_dns_rr(gen_dns *m, int section, const char *owner, uint16_t type, uint32_t ttl,
                const void *rdata, uint16_t rdlen);
/* A, AAAA from text addresses; CNAME, NS, PTR to a name; MX with preference; TXT from a text
 * split into strings of at most 255 bytes. */
void gen_dns_address(gen_dns *m, int section, const char *owner, uint32_t ttl, const char *address);
void gen_dns_name_rr(gen_dns *m, int section, const char *owner, uint16_t type, uint32_t ttl,
                     const char *target);
void gen_dns_mx(gen_dns *m, int section, const char *owner, uint32_t ttl, uint16_t preference,
                const char *exchange);
void gen_dns_txt(gen_dns *m, int section, const char *owner, uint32_t ttl, const char *text);
/* An SOA record of the zone `owner` (negative answers carry one in the authority section). */
void gen_dns_soa(gen_dns *m, int section, const char *owner, const char *primary,
                 const char *mailbox, uint32_t serial);
/* The EDNS0 OPT pseudo-record (additional section) announcing a UDP payload size. */
void gen_dns_edns(gen_dns *m, uint16_t udp_size);
/* Writes the section counts; returns the message length, 0 if it did not fit. */
size_t gen_dns_end(gen_dns *m);

#endif
