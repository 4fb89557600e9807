/* sample_part_web.c — sample part: a laptop resolves www.example.com and browses it over IPv4 and
 * IPv6 (HTTP/1.1 keep-alive with a lost segment, duplicate ACKs and a fast retransmission, a
 * retransmitted request, a download whose segment is captured cut short, a close by FIN and one
 * by RST). */
#include <stdio.h>
#include <string.h>

#include "gen_content.h"
#include "gen_dns.h"
#include "sample_part.h"

#define WEB_SERVER "216.160.83.56"
#define WEB_SERVER6 "2001:218::80"
#define RESOLVER "8.8.8.8"

/* A response header followed by its body, in one buffer. */
static size_t http_response(uint8_t *out, size_t cap, const char *status, const char *type,
                            const uint8_t *body, size_t body_len)
{
    int n = snprintf((char *)out, cap,
                     "HTTP/1.1 %s\r\nServer: nginx/1.24.0\r\nDate: Mon, 03 Jun 2024 09:30:02 GMT\r\n"
                     "Content-Type: %s\r\nContent-Length: %zu\r\n"
                     "Last-Modified: Tue, 28 May 2024 14:03:11 GMT\r\nConnection: keep-alive\r\n"
                     "Accept-Ranges: bytes\r\n\r\n",
                     status, type, body_len);
    if (n < 0 || (size_t)n + body_len > cap)
        return 0;
    memcpy(out + n, body, body_len);
    return (size_t)n + body_len;
}

/* A browser's GET request for path on host. */
static const char *http_request(const char *path, const char *host)
{
    static char request[512];
    snprintf(request, sizeof request,
             "GET %s HTTP/1.1\r\nHost: %s\r\n"
             "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0\r\n"
             "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
             "Accept-Language: en-GB,en;q=0.5\r\nConnection: keep-alive\r\n\r\n",
             path, host);
    return request;
}

static void http_get(sample_tcp *t, const char *path, const char *host, int64_t delta_us)
{
    sample_tcp_say(t, 0, http_request(path, host), delta_us, -1);
}

static void dns_lookup(sample_conv *c, uint16_t port, uint16_t id, const char *name, uint16_t type,
                       const char *cname, const char *address, int64_t delta_us)
{
    uint8_t msg[512];
    gen_dns m;
    gen_dns_start(&m, msg, sizeof msg, id, GEN_DNS_QUERY);
    gen_dns_question(&m, name, type);
    gen_dns_edns(&m, 1232);
    size_t n = gen_dns_end(&m);
    sample_conv_udp(c, 0, port, 53, msg, n, delta_us);
    gen_dns_start(&m, msg, sizeof msg, id, GEN_DNS_RESPONSE);
    gen_dns_question(&m, name, type);
    gen_dns_name_rr(&m, GEN_DNS_ANSWER, NULL, GEN_DNS_CNAME, 3600, cname);
    gen_dns_address(&m, GEN_DNS_ANSWER, cname, 60, address);
    gen_dns_edns(&m, 512);
    n = gen_dns_end(&m);
    sample_conv_udp(c, 1, 53, port, msg, n, 18200);
}

/* The first page: ten segments, the fifth lost before the capture point; the client sends two
 * duplicate ACKs and the server retransmits it. */
static void page_with_loss(sample_tcp *t, const uint8_t *data, size_t len)
{
    uint32_t lost_seq = 0;
    size_t lost_off = 0, lost_len = 0;
    unsigned segment = 0, dups = 0;
    for (size_t off = 0; off < len; off += t->mss, segment++) {
        size_t n = len - off < t->mss ? len - off : t->mss;
        int last = off + n == len;
        if (segment == 4) { /* lost: the sequence advances, nothing is captured */
            lost_seq = t->seq[1];
            lost_off = off;
            lost_len = n;
            t->seq[1] += (uint32_t)n;
            t->hold_ack[0] = 1;
            t->held_ack[0] = lost_seq;
            continue;
        }
        sample_tcp_segment(t, 1, last ? TCP_PSH | TCP_ACK : TCP_ACK, data + off, n,
                           segment ? 115 : 31000);
        if (t->hold_ack[0]) {
            sample_tcp_segment(t, 0, TCP_ACK, NULL, 0, 35);
            if (++dups == 3) { /* the third duplicate ACK triggers the fast retransmission */
                sample_tcp_segment_at(t, 1, TCP_ACK, lost_seq, data + lost_off, lost_len, 15200);
                t->hold_ack[0] = 0;
                sample_tcp_segment(t, 0, TCP_ACK, NULL, 0, 40);
            }
        } else if (segment % 2 == 1 || last) {
            sample_tcp_segment(t, 0, TCP_ACK, NULL, 0, 40);
        }
    }
}

void sample_part_web(sample_ctx *c)
{
    static uint8_t body[40000], response[41000];
    sample_conv dns;
    sample_conv_init(&dns, c, &sample_part_laptop, LAPTOP_IP, RESOLVER);
    dns_lookup(&dns, 51234, 0x3c1d, "www.example.com", GEN_DNS_A, "www.example.com.cdn.example.net",
               WEB_SERVER, 1000);
    dns_lookup(&dns, 51234, 0x7f02, "www.example.com", GEN_DNS_AAAA,
               "www.example.com.cdn.example.net", WEB_SERVER6, 90);

    /* HTTP over IPv4: a page, a style sheet, a favicon, then a FIN close. */
    sample_tcp t;
    sample_tcp_init(&t, c, &sample_part_laptop, LAPTOP_IP, 49822, WEB_SERVER, 80, 0x1d2f3a01u, 0x8e41c977u);
    sample_tcp_handshake(&t, 1200, 24100);
    http_get(&t, "/", "www.example.com", 90);
    gen_content_html((char *)body, 14210, "Example Networks - Home", 1);
    size_t n = http_response(response, sizeof response, "200 OK", "text/html; charset=utf-8", body,
                             14210);
    page_with_loss(&t, response, n);

    http_get(&t, "/css/site.css", "www.example.com", 2100);
    gen_content_prose((char *)body, 3100, 9);
    n = http_response(response, sizeof response, "200 OK", "text/css", body, 3100);
    c->now += 24000 * 1000LL;
    sample_tcp_transfer(&t, 1, response, n, 110);

    /* The favicon request is lost once: retransmitted after the 200 ms timeout. */
    uint32_t request_seq = t.seq[0];
    http_get(&t, "/favicon.ico", "www.example.com", 3000);
    const char *request = http_request("/favicon.ico", "www.example.com");
    sample_tcp_segment_at(&t, 0, TCP_PSH | TCP_ACK, request_seq, request, strlen(request), 208000);
    gen_content_html((char *)body, 162, "404 Not Found", 2);
    n = http_response(response, sizeof response, "404 Not Found", "text/html", body, 162);
    c->now += 25000 * 1000LL;
    sample_tcp_transfer(&t, 1, response, n, 100);
    sample_tcp_close(&t, 0, 2400000, 24000);

    /* A download whose seventh segment was captured with only 128 bytes. */
    sample_tcp_init(&t, c, &sample_part_laptop, LAPTOP_IP, 49830, WEB_SERVER, 80, 0x55aa0101u, 0x0badcafeu);
    sample_tcp_handshake(&t, 300000, 24300);
    http_get(&t, "/downloads/netcheck-2.4.1.tar.gz", "www.example.com", 80);
    gen_content_binary(body, 30000, 0x646c);
    n = http_response(response, sizeof response, "200 OK", "application/octet-stream", body, 30000);
    c->now += 30000 * 1000LL;
    size_t mss = t.mss;
    for (size_t off = 0, segment = 0; off < n; off += mss, segment++) {
        size_t len = n - off < mss ? n - off : mss;
        if (segment == 6)
            c->cut_next = 128;
        sample_tcp_segment(&t, 1, off + len == n ? TCP_PSH | TCP_ACK : TCP_ACK, response + off, len,
                           segment ? 118 : 0);
        if (segment % 2 == 1 || off + len == n)
            sample_tcp_segment(&t, 0, TCP_ACK, NULL, 0, 38);
    }
    sample_tcp_close(&t, 0, 500000, 24000);

    /* HTTP over IPv6; the browser tab is closed: RST from the client. */
    sample_tcp_init(&t, c, &sample_part_laptop, LAPTOP_IP6, 49900, WEB_SERVER6, 80, 0x31415926u,
                    0x27182818u);
    sample_tcp_handshake(&t, 200000, 31000);
    http_get(&t, "/news.html", "www.example.com", 70);
    gen_content_html((char *)body, 6050, "Example Networks - News", 4);
    n = http_response(response, sizeof response, "200 OK", "text/html; charset=utf-8", body, 6050);
    c->now += 33000 * 1000LL;
    sample_tcp_transfer(&t, 1, response, n, 95);
    sample_tcp_segment(&t, 0, TCP_RST | TCP_ACK, NULL, 0, 4200000);
}
