/* sample_apps.c — DNS and HTTP exchanges shared by the hand-written captures (see
 * sample_apps.h). */
#include <stdio.h>
#include <string.h>

#include "gen_dns.h"
#include "sample_apps.h"

void sample_apps_dns(sample_ctx *c, const sample_path *path, const char *client, uint16_t port,
                         const char *server, const char *name, const char *address,
                         int64_t delta_us, int64_t rtt_us)
{
    uint8_t msg[512];
    gen_dns m;
    sample_conv conv;
    uint16_t type = strchr(address, ':') ? GEN_DNS_AAAA : GEN_DNS_A;
    uint16_t id = (uint16_t)(port * 40503u ^ (uint16_t)strlen(name));
    sample_conv_init(&conv, c, path, client, server);
    gen_dns_start(&m, msg, sizeof msg, id, GEN_DNS_QUERY);
    gen_dns_question(&m, name, type);
    sample_conv_udp(&conv, 0, port, 53, msg, gen_dns_end(&m), delta_us);
    gen_dns_start(&m, msg, sizeof msg, id, GEN_DNS_RESPONSE);
    gen_dns_question(&m, name, type);
    gen_dns_address(&m, GEN_DNS_ANSWER, NULL, 300, address);
    sample_conv_udp(&conv, 1, 53, port, msg, gen_dns_end(&m), rtt_us);
}

void sample_apps_http(sample_ctx *c, const sample_path *path, const char *client, uint16_t port,
                          const char *server, uint16_t mss, const char *url_path, int64_t delta_us,
                          int64_t rtt_us)
{
    char request[256];
    static const char answer[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                                 "Content-Length: 26\r\n\r\nUser-agent: *\nDisallow: /\n";
    snprintf(request, sizeof request,
             "GET %s HTTP/1.1\r\nHost: www.example.com\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n",
             url_path);
    sample_tcp t;
    sample_tcp_init(&t, c, path, client, port, server, 80, 0x01020304u ^ port * 2654435761u,
                    0x0a0b0c0du ^ port * 40503u);
    t.mss = mss;
    sample_tcp_handshake(&t, delta_us, rtt_us);
    sample_tcp_say(&t, 0, request, 100, -1);
    sample_tcp_say(&t, 1, answer, rtt_us + 1000, 60);
    sample_tcp_close(&t, 0, 1000, rtt_us);
}
