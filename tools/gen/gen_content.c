/* gen_content.c — prose, HTML pages, binary-looking bytes and the content pools (see
 * gen_content.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen_content.h"
#include "gen_rand.h"

static const char *const sentences[] = {
    "The network team moved the core switches to the new rack over the weekend.",
    "Flows are recorded in both directions and written when they time out.",
    "Please remember to rotate the backup tapes before Friday evening.",
    "The release includes fixes for the capture reader and a faster text sink.",
    "Latency between the two data centres stayed below twelve milliseconds all week.",
    "A packet capture of the incident is attached to the ticket for review.",
    "The monitoring dashboard shows a short spike of retransmissions at noon.",
    "All printers on the third floor now announce themselves with SSDP and mDNS.",
    "The firewall rules for the guest network were reviewed and tightened.",
    "Our mirror offers the files over HTTP and FTP; checksums are published as well.",
    "Maintenance is scheduled for Tuesday between two and four in the morning.",
    "Thanks to everyone who reported problems with the VPN concentrator last month.",
    "The build farm finished the nightly run without a single failing test.",
    "New laptops are configured with IPv6 privacy addresses enabled by default.",
    "The DNS resolvers answer from cache for most of the popular names.",
    "Remember that the staging database is reset every Sunday at midnight.",
};
#define N_SENTENCES (sizeof sentences / sizeof sentences[0])

void gen_content_prose(char *out, size_t len, uint32_t variant)
{
    size_t at = 0;
    for (uint32_t i = 0; at < len; i++) {
        const char *s = sentences[(variant * 7u + i * 5u + i / N_SENTENCES) % N_SENTENCES];
        size_t n = strlen(s);
        for (size_t k = 0; k < n && at < len; k++)
            out[at++] = s[k];
        if (at < len)
            out[at++] = i % 4 == 3 ? '\n' : ' ';
    }
}

void gen_content_html(char *out, size_t len, const char *title, uint32_t variant)
{
    char head[256];
    static const char tail[] = "</body>\n</html>\n";
    int n = snprintf(head, sizeof head,
                     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                     "<title>%s</title>\n</head>\n<body>\n",
                     title);
    size_t head_len = (size_t)n < sizeof head ? (size_t)n : sizeof head - 1;
    size_t tail_len = sizeof tail - 1;
    if (len < head_len + tail_len) {
        gen_content_prose(out, len, variant);
        return;
    }
    memcpy(out, head, head_len);
    size_t at = head_len, end = len - tail_len;
    for (uint32_t p = 0; at < end; p++) {
        size_t room = end - at;
        if (room < 9) { /* too small for "<p>x</p>\n": blank lines */
            memset(out + at, '\n', room);
            break;
        }
        size_t text = room - 8 < 300 + (p * 37u) % 200 ? room - 8 : 300 + (p * 37u) % 200;
        memcpy(out + at, "<p>", 3);
        gen_content_prose(out + at + 3, text, variant + p);
        for (size_t i = 0; i < text; i++)
            if (out[at + 3 + i] == '\n')
                out[at + 3 + i] = ' ';
        memcpy(out + at + 3 + text, "</p>\n", 5);
        at += text + 8;
    }
    memcpy(out + end, tail, tail_len);
}

void gen_content_binary(uint8_t *out, size_t len, uint64_t seed)
{
    gen_rand r;
    gen_rand_seed(&r, seed, 0x62696e);
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t v = gen_rand_next(&r);
        memcpy(out + i, &v, 8);
    }
    uint64_t v = gen_rand_next(&r);
    for (; i < len; i++, v >>= 8)
        out[i] = (uint8_t)v;
}

const gen_content_pools *gen_content_pools_get(void)
{
    static gen_content_pools pools;
    static uint8_t *memory;
    if (memory)
        return &pools;
    memory = malloc(4 * (size_t)GEN_CONTENT_POOL);
    if (!memory)
        return NULL;
    uint8_t *text = memory, *binary = memory + 2 * (size_t)GEN_CONTENT_POOL;
    gen_content_html((char *)text, GEN_CONTENT_POOL, "Project news and notes", 3);
    gen_content_binary(binary, GEN_CONTENT_POOL, 0x706f6f6c);
    memcpy(text + GEN_CONTENT_POOL, text, GEN_CONTENT_POOL);
    memcpy(binary + GEN_CONTENT_POOL, binary, GEN_CONTENT_POOL);
    pools.text = text;
    pools.binary = binary;
    return &pools;
}
