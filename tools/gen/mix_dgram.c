/* mix_dgram.c — the UDP and ICMP conversations of the benchmark mix: DNS (A, AAAA, MX, TXT,
 * CNAME answers and NXDOMAIN, A and AAAA from one socket), NTPv4 client/server polls, syslog
 * lines, DNS TXT answers too large for one packet (IPv4 fragments), pings (Linux and Windows
 * payloads, ICMPv6 over IPv6) and large pings sent as fragments. Every datagram is composed in the
 * flow's arena with its checksum, then queued whole or as fragments of 1480 bytes. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gen_csum.h"
#include "gen_dns.h"
#include "gen_ntp.h"
#include "mix_flow.h"

#define US 1000LL
#define MS 1000000LL
#define FRAGMENT_DATA 1480

static const struct {
    const char *name;
    uint16_t type;
} questions[] = {
    { "www.example.com", GEN_DNS_A },      { "www.example.com", GEN_DNS_AAAA },
    { "mail.example.net", GEN_DNS_MX },    { "cdn.example.org", GEN_DNS_A },
    { "api.example.com", GEN_DNS_AAAA },   { "example.org", GEN_DNS_TXT },
    { "static.example.net", GEN_DNS_A },   { "login.example.com", GEN_DNS_A },
    { "wpad.home.example", GEN_DNS_A },    { "time.example.org", GEN_DNS_A },
};
#define N_QUESTIONS (sizeof questions / sizeof questions[0])

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* Wraps the payload at arena position `at` (len bytes, 8 bytes left free before it) into a UDP
 * datagram from `side` with its checksum; returns the datagram. */
static uint8_t *udp_datagram(mix_flow *f, int side, uint8_t *payload, size_t len)
{
    uint8_t *u = payload - 8;
    uint32_t total = (uint32_t)len + 8;
    put16(u, f->port[side]);
    put16(u + 2, f->port[!side]);
    put16(u + 4, total);
    put16(u + 6, 0);
    uint16_t sum = gen_csum_fold(gen_csum_add(mix_emit_pseudo_sum(f, side, total), u, total));
    gen_csum_put16(u + 6, sum ? sum : 0xffff);
    return u;
}

/* An ICMP or ICMPv6 echo message (type 8/0 or 128/129) with its checksum. */
static uint8_t *echo_datagram(mix_flow *f, int side, uint16_t seq, const uint8_t *body, size_t len)
{
    uint8_t *e = mix_queue_arena(f, 8 + len);
    e[0] = f->ipv6 ? (side ? 129 : 128) : (side ? 0 : 8);
    e[1] = 0;
    put16(e + 2, 0);
    put16(e + 4, f->st.dgram.icmp_id);
    put16(e + 6, seq);
    memcpy(e + 8, body, len);
    uint64_t sum = f->ipv6 ? mix_emit_pseudo_sum(f, side, (uint32_t)(8 + len)) : 0;
    gen_csum_put16(e + 2, gen_csum_fold(gen_csum_add(sum, e, 8 + len)));
    return e;
}

/* Queues a datagram whole or as IPv4 fragments; returns the packets queued. */
static unsigned queue_datagram(mix_flow *f, int side, int64_t time, const uint8_t *d, size_t len)
{
    unsigned n = 0;
    for (size_t off = 0; off < len || n == 0; off += FRAGMENT_DATA, n++) {
        size_t chunk = len - off < FRAGMENT_DATA ? len - off : FRAGMENT_DATA;
        mix_pkt *p = mix_queue_add(f, (uint8_t)side, time + (int64_t)n * 13 * US);
        p->kind = MIX_PKT_RAW;
        p->data = d + off;
        p->len = (uint16_t)chunk;
        p->frag_off = (uint16_t)off;
        p->more_frags = off + chunk < len;
        p->l4 = off == 0;
    }
    return n;
}

/* --- DNS ---------------------------------------------------------------------------------- */

static size_t dns_query(mix_flow *f, uint8_t *out, size_t room, unsigned q, uint16_t id)
{
    gen_dns m;
    gen_dns_start(&m, out, room, id, GEN_DNS_QUERY);
    gen_dns_question(&m, questions[q].name, questions[q].type);
    if (f->st.dgram.step % 3 == 0)
        gen_dns_edns(&m, 1232);
    return gen_dns_end(&m);
}

static size_t dns_answer(mix_flow *f, uint8_t *out, size_t room, unsigned q, uint16_t id)
{
    gen_dns m;
    char address[64];
    uint32_t h = (uint32_t)(f->id * 2654435761u) ^ q;
    const char *name = questions[q].name;
    if (strncmp(name, "wpad.", 5) == 0) {
        gen_dns_start(&m, out, room, id, GEN_DNS_NXDOMAIN);
        gen_dns_question(&m, name, questions[q].type);
        gen_dns_soa(&m, GEN_DNS_AUTHORITY, "home.example", "ns1.home.example",
                    "hostmaster.home.example", 2024060301);
        return gen_dns_end(&m);
    }
    gen_dns_start(&m, out, room, id, GEN_DNS_RESPONSE);
    gen_dns_question(&m, name, questions[q].type);
    switch (questions[q].type) {
    case GEN_DNS_MX:
        gen_dns_mx(&m, GEN_DNS_ANSWER, NULL, 3600, 10, "mx1.example.net");
        gen_dns_mx(&m, GEN_DNS_ANSWER, NULL, 3600, 20, "mx2.example.net");
        break;
    case GEN_DNS_TXT:
        gen_dns_txt(&m, GEN_DNS_ANSWER, NULL, 3600,
                    "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 include:_spf.example.net -all");
        break;
    case GEN_DNS_AAAA:
        snprintf(address, sizeof address, "2001:db8:200:%x::%x", h >> 20 & 0xfff, h & 0xffff);
        gen_dns_name_rr(&m, GEN_DNS_ANSWER, NULL, GEN_DNS_CNAME, 3600, "edge.example.net");
        gen_dns_address(&m, GEN_DNS_ANSWER, "edge.example.net", 60, address);
        break;
    default:
        snprintf(address, sizeof address, "%u.%u.%u.%u", 93 + h % 3, h >> 8 & 0xff, h >> 16 & 0xff,
                 1 + (h >> 24) % 254);
        gen_dns_address(&m, GEN_DNS_ANSWER, NULL, 300, address);
        if (h & 1) {
            snprintf(address, sizeof address, "%u.%u.%u.%u", 93 + h % 3, h >> 8 & 0xff,
                     h >> 16 & 0xff, 1 + (h >> 25) % 254);
            gen_dns_address(&m, GEN_DNS_ANSWER, NULL, 300, address);
        }
        break;
    }
    if (f->st.dgram.step % 3 == 0)
        gen_dns_edns(&m, 1232);
    return gen_dns_end(&m);
}

/* A query and, when the budget allows, its answer. */
static unsigned plan_dns(mix_flow *f, int64_t start)
{
    mix_dgram *d = &f->st.dgram;
    f->arena_used = 0;
    uint8_t *buf = mix_queue_arena(f, 8 + 512) + 8;
    unsigned q = (unsigned)((f->id + d->step) % N_QUESTIONS);
    uint16_t id = (uint16_t)gen_rand_next(&f->rng);
    size_t n = dns_query(f, buf, 512, q, id);
    queue_datagram(f, 0, start, udp_datagram(f, 0, buf, n), n + 8);
    unsigned planned = 1;
    if (mix_queue_budget_left(f)) {
        buf = mix_queue_arena(f, 8 + 512) + 8;
        n = dns_answer(f, buf, 512, q, id);
        queue_datagram(f, 1, start + d->rtt, udp_datagram(f, 1, buf, n), n + 8);
        planned++;
    }
    d->step++;
    return planned;
}

/* A TXT query whose answer needs budget - 1 fragments. */
static unsigned plan_dnsfrag(mix_flow *f, int64_t start)
{
    mix_dgram *d = &f->st.dgram;
    uint32_t fragments = f->budget - 1;
    f->arena_used = 0;
    uint8_t *buf = mix_queue_arena(f, 8 + 512) + 8;
    uint16_t id = (uint16_t)gen_rand_next(&f->rng);
    gen_dns m;
    gen_dns_start(&m, buf, 512, id, GEN_DNS_QUERY);
    gen_dns_question(&m, "keys.example.org", GEN_DNS_TXT);
    gen_dns_edns(&m, 4096);
    size_t n = gen_dns_end(&m);
    queue_datagram(f, 0, start, udp_datagram(f, 0, buf, n), n + 8);
    /* the answer: a datagram of more than (fragments - 1) * 1480 bytes */
    size_t target = (fragments - 1) * FRAGMENT_DATA + 200 + gen_rand_below(&f->rng, 1000);
    size_t room = f->arena_size - f->arena_used - 8;
    buf = mix_queue_arena(f, 8 + room) + 8;
    static char text[MIX_ARENA_LARGE];
    gen_dns_start(&m, buf, room, id, GEN_DNS_RESPONSE);
    gen_dns_question(&m, "keys.example.org", GEN_DNS_TXT);
    size_t fixed = m.len + 12 + 11 + 8; /* TXT record head, EDNS, UDP header */
    size_t chars = target > fixed ? target - fixed : 1;
    chars -= chars / 256; /* the length bytes of the strings */
    if (chars >= sizeof text)
        chars = sizeof text - 1;
    for (size_t i = 0; i < chars; i++)
        text[i] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[(i * 7 + f->id) % 64];
    memcpy(text, "v=DKIM1; k=rsa; p=", chars > 18 ? 18 : chars);
    text[chars] = 0;
    gen_dns_txt(&m, GEN_DNS_ANSWER, NULL, 3600, text);
    gen_dns_edns(&m, 4096);
    n = gen_dns_end(&m);
    queue_datagram(f, 1, start + d->rtt, udp_datagram(f, 1, buf, n), n + 8);
    return 1 + fragments;
}

/* --- NTP and syslog ----------------------------------------------------------------------- */

static unsigned plan_ntp(mix_flow *f, int64_t start)
{
    mix_dgram *d = &f->st.dgram;
    f->arena_used = 0;
    uint8_t *request = mix_queue_arena(f, 8 + GEN_NTP_LEN) + 8;
    gen_ntp_request(request, start);
    queue_datagram(f, 0, start, udp_datagram(f, 0, request, GEN_NTP_LEN), 8 + GEN_NTP_LEN);
    unsigned planned = 1;
    if (mix_queue_budget_left(f)) {
        static const uint8_t gps[4] = { 'G', 'P', 'S', 0 };
        uint8_t *reply = mix_queue_arena(f, 8 + GEN_NTP_LEN) + 8;
        gen_ntp_reply(reply, request, 1, gps, start - 16 * 1000000000LL, start + d->rtt / 2,
                      start + d->rtt / 2 + 30 * US);
        queue_datagram(f, 1, start + d->rtt, udp_datagram(f, 1, reply, GEN_NTP_LEN), 8 + GEN_NTP_LEN);
        planned++;
    }
    d->step++;
    return planned;
}

static unsigned plan_syslog(mix_flow *f, int64_t start)
{
    static const char *const messages[][2] = {
        { "sshd", "Accepted publickey for backup from 10.0.0.5 port 51514 ssh2" },
        { "CRON", "(root) CMD (/usr/local/bin/rotate-logs)" },
        { "kernel", "eth0: link up, 1000 Mbps, full duplex" },
        { "systemd", "Started Session 4711 of User admin." },
        { "nginx", "upstream response is buffered to a temporary file" },
    };
    mix_dgram *d = &f->st.dgram;
    f->arena_used = 0;
    char *line = (char *)mix_queue_arena(f, 8 + 400) + 8;
    time_t seconds = (time_t)(start / 1000000000);
    struct tm tm;
    char stamp[32];
    gmtime_r(&seconds, &tm);
    strftime(stamp, sizeof stamp, "%b %e %H:%M:%S", &tm);
    int n = snprintf(line, 400, "<%u>%s host%u ", 13 + (unsigned)(d->step % 4) * 8, stamp,
                     (unsigned)(f->port[0] % 97));
    unsigned which = (unsigned)((f->id + d->step) % 5);
    int more = snprintf(line + n, 400 - (size_t)n, "%s[%u]: %s", messages[which][0],
                        (unsigned)(1000 + f->id % 30000), messages[which][1]);
    size_t len = (size_t)n + (size_t)(more > 0 ? more : 0);
    queue_datagram(f, 0, start, udp_datagram(f, 0, (uint8_t *)line, len), len + 8);
    d->step++;
    return 1;
}

/* --- ICMP --------------------------------------------------------------------------------- */

/* An echo request and, when the budget allows, its reply. Linux payload: 8 bytes of send time and
 * the bytes 0x10..0x37; Windows: the alphabet. */
static unsigned plan_ping(mix_flow *f, int64_t start)
{
    mix_dgram *d = &f->st.dgram;
    uint8_t body[56];
    size_t len = 56;
    if (f->id % 3 == 2) {
        memcpy(body, "abcdefghijklmnopqrstuvwabcdefghi", 32);
        len = 32;
    } else {
        uint64_t sec = (uint64_t)(start / 1000000000), usec = (uint64_t)(start % 1000000000 / 1000);
        for (int i = 0; i < 8; i++)
            body[i] = (uint8_t)((i < 4 ? sec : usec) >> (8 * (i % 4)));
        for (int i = 8; i < 56; i++)
            body[i] = (uint8_t)(0x10 + i - 8);
    }
    f->arena_used = 0;
    uint16_t seq = (uint16_t)(d->step + 1);
    queue_datagram(f, 0, start, echo_datagram(f, 0, seq, body, len), 8 + len);
    unsigned planned = 1;
    if (mix_queue_budget_left(f)) {
        queue_datagram(f, 1, start + d->rtt, echo_datagram(f, 1, seq, body, len), 8 + len);
        planned++;
    }
    d->step++;
    return planned;
}

/* A large ping: the request as budget / 2 fragments at `start`, then (next time) the reply. */
static unsigned plan_bigping(mix_flow *f, int64_t start)
{
    mix_dgram *d = &f->st.dgram;
    static uint8_t body[MIX_ARENA_LARGE];
    uint32_t fragments = f->budget / 2;
    size_t len = (fragments - 1) * FRAGMENT_DATA + 100 + (size_t)(f->id % 1000) - 8;
    for (size_t i = 0; i < len; i++)
        body[i] = (uint8_t)(0x10 + i % 48);
    int side = d->step % 2;
    f->arena_used = 0;
    const uint8_t *e = echo_datagram(f, side, 1, body, len);
    unsigned n = queue_datagram(f, side, start, e, 8 + len);
    d->step++;
    return n;
}

/* --- operations ----------------------------------------------------------------------------- */

void mix_dgram_udp_start(mix_ctx *m, mix_flow *f)
{
    static const int roles[MIX_APPS] = { [MIX_DNS] = MIX_ROLE_DNS, [MIX_NTP] = MIX_ROLE_NTP,
                                         [MIX_SYSLOG] = MIX_ROLE_SYSLOG,
                                         [MIX_DNSFRAG] = MIX_ROLE_DNS };
    static const uint16_t ports[MIX_APPS] = { [MIX_DNS] = 53, [MIX_NTP] = 123, [MIX_SYSLOG] = 514,
                                              [MIX_DNSFRAG] = 53 };
    int v6_allowed = f->app == MIX_DNS || f->app == MIX_NTP;
    f->ipv6 = (uint8_t)(v6_allowed && gen_rand_chance(&f->rng, m->options->ipv6_share));
    mix_hosts_assign(m, f, 0, ports[f->app], roles[f->app]);
    f->st.dgram.rtt = 2 * MS + gen_rand_exp(&f->rng, 25.0 * MS);
}

unsigned mix_dgram_udp_plan(mix_ctx *m, mix_flow *f)
{
    mix_dgram *d = &f->st.dgram;
    int64_t start = f->last_time;
    if (f->planned) { /* the pause before the next exchange */
        switch (f->app) {
        case MIX_DNS: start += d->step % 2 ? 60 * US : 1 * MS + gen_rand_exp(&f->rng, 800.0 * MS); break;
        case MIX_NTP: start += 2000 * MS - d->rtt; break;
        default: start += 20 * MS + gen_rand_exp(&f->rng, 900.0 * MS); break;
        }
    }
    switch (f->app) {
    case MIX_DNS: return plan_dns(f, start);
    case MIX_NTP: return plan_ntp(f, start);
    case MIX_DNSFRAG: return plan_dnsfrag(f, start);
    default: return plan_syslog(f, start);
    }
}

void mix_dgram_icmp_start(mix_ctx *m, mix_flow *f)
{
    f->ipv6 = (uint8_t)(f->app == MIX_PING && gen_rand_chance(&f->rng, m->options->ipv6_share));
    f->proto = f->ipv6 ? 58 : 1;
    mix_hosts_assign(m, f, 0, 0, MIX_ROLE_PING);
    f->st.dgram.icmp_id = (uint16_t)gen_rand_next(&f->rng);
    f->st.dgram.rtt = 3 * MS + gen_rand_exp(&f->rng, 30.0 * MS);
}

unsigned mix_dgram_icmp_plan(mix_ctx *m, mix_flow *f)
{
    mix_dgram *d = &f->st.dgram;
    int64_t start = f->last_time;
    if (f->app == MIX_BIGPING) /* the reply comes a round trip after the request */
        return plan_bigping(f, d->step ? start + d->rtt : start);
    if (f->planned)
        start += 1000 * MS - d->rtt;
    return plan_ping(f, start);
}
