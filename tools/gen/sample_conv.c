/* sample_conv.c — IP conversations of the hand-written captures: frames of either side with
 * their IP header, and UDP, ICMP and ping exchanges in one call (see sample.h). */
#include <string.h>

#include "sample.h"

void sample_conv_init(sample_conv *c, sample_ctx *ctx, const sample_path *path, const char *ip_a,
                      const char *ip_b)
{
    memset(c, 0, sizeof *c);
    c->ctx = ctx;
    c->path = path;
    c->ip[0] = ip_a;
    c->ip[1] = ip_b;
    c->v6 = strchr(ip_a, ':') != NULL;
    c->ttl[0] = 64;
    c->ttl[1] = 52;
    /* Identification counters start somewhere different for every pair of addresses. */
    uint32_t h = 2166136261u;
    for (const char *s = ip_a; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    for (const char *s = ip_b; *s; s++)
        h = (h ^ (uint8_t)*s) * 16777619u;
    c->ip_id[0] = (uint16_t)h;
    c->ip_id[1] = (uint16_t)(h >> 16);
}

frame_builder *sample_conv_frame(sample_conv *c, int side)
{
    frame_builder *fb = sample_ctx_frame(c->ctx);
    c->path->open(fb, c->path, side);
    if (c->v6) {
        fb_ipv6_opts o = { .src = c->ip[side], .dst = c->ip[!side], .hop_limit = c->ttl[side],
                           .next = FB_AUTO };
        fb_ipv6_ex(fb, &o);
    } else {
        fb_ipv4_opts o = { .src = c->ip[side], .dst = c->ip[!side], .ttl = c->ttl[side],
                           .id = c->ip_id[side]++, .dont_fragment = c->dont_fragment,
                           .proto = FB_AUTO };
        fb_ipv4_ex(fb, &o);
    }
    return fb;
}

void sample_conv_send(sample_conv *c, int side, int64_t delta_us)
{
    if (side == 1 && c->path->pad)
        fb_pad_to(c->ctx->fb, 60);
    sample_ctx_write(c->ctx, delta_us);
}

void sample_conv_udp(sample_conv *c, int side, uint16_t sport, uint16_t dport, const void *data,
                size_t len, int64_t delta_us)
{
    frame_builder *fb = sample_conv_frame(c, side);
    fb_udp(fb, sport, dport);
    fb_payload(fb, data, len);
    sample_conv_send(c, side, delta_us);
}

void sample_conv_icmp(sample_conv *c, int side, uint8_t type, uint8_t code, uint32_t rest,
                 const void *data, size_t len, int64_t delta_us)
{
    frame_builder *fb = sample_conv_frame(c, side);
    if (c->v6)
        fb_icmpv6(fb, type, code, rest);
    else
        fb_icmp(fb, type, code, rest);
    fb_payload(fb, data, len);
    sample_conv_send(c, side, delta_us);
}

void sample_conv_ping(sample_conv *c, uint16_t id, uint16_t seq, int64_t delta_us, int64_t rtt_us)
{
    /* Linux ping: 8 bytes of send time, then the bytes 0x10 .. 0x37. */
    uint8_t body[56];
    int64_t when = c->ctx->now + delta_us * 1000;
    uint64_t sec = (uint64_t)(when / 1000000000), usec = (uint64_t)(when % 1000000000 / 1000);
    for (int i = 0; i < 4; i++) {
        body[i] = (uint8_t)(sec >> (8 * i));
        body[4 + i] = (uint8_t)(usec >> (8 * i));
    }
    for (int i = 8; i < 56; i++)
        body[i] = (uint8_t)(0x10 + i - 8);
    uint8_t request = c->v6 ? 128 : 8, reply = c->v6 ? 129 : 0;
    uint32_t rest = (uint32_t)id << 16 | seq;
    sample_conv_icmp(c, 0, request, 0, rest, body, sizeof body, delta_us);
    sample_conv_icmp(c, 1, reply, 0, rest, body, sizeof body, rtt_us);
}
