/* sample_apps.h — short application exchanges that several parts of the hand-written captures
 * send through different paths: a DNS lookup answered with one address, and a small HTTP GET with
 * its answer and a FIN close. */
#ifndef ROWTAP_SAMPLE_APPS_H
#define ROWTAP_SAMPLE_APPS_H

#include "sample.h"

/* A query for name (type A, or AAAA when address is IPv6) from client:port to server:53 after
 * delta_us, and the answer with address after rtt_us. */
void sample_apps_dns(sample_ctx *c, const sample_path *path, const char *client, uint16_t port,
                         const char *server, const char *name, const char *address,
                         int64_t delta_us, int64_t rtt_us);

/* A TCP connection from client:port to server:80 (segments of at most mss bytes): handshake,
 * "GET path", a short text answer, close by the client. */
void sample_apps_http(sample_ctx *c, const sample_path *path, const char *client, uint16_t port,
                          const char *server, uint16_t mss, const char *url_path, int64_t delta_us,
                          int64_t rtt_us);

#endif
