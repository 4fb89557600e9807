/* sample_tcp.c — TCP connections of the hand-written captures: sequence and acknowledgement
 * numbers, windows and timestamps of both sides, SYN options in Linux or Windows order,
 * transfers with delayed ACKs, closes (see sample.h). */
#include <string.h>

#include "sample.h"

void sample_tcp_init(sample_tcp *t, sample_ctx *ctx, const sample_path *path, const char *ip_a,
                     uint16_t port_a, const char *ip_b, uint16_t port_b, uint32_t isn_a,
                     uint32_t isn_b)
{
    memset(t, 0, sizeof *t);
    sample_conv_init(&t->conv, ctx, path, ip_a, ip_b);
    t->conv.dont_fragment = 1;
    t->port[0] = port_a;
    t->port[1] = port_b;
    t->seq[0] = isn_a;
    t->seq[1] = isn_b;
    t->window[0] = 502;   /* 64256 with window scale 7 */
    t->window[1] = 509;   /* 65152 with window scale 7 */
    t->timestamps = 1;
    t->ts_base[0] = isn_a ^ 0x5a5a5a5au;
    t->ts_base[1] = isn_b ^ 0xa5a5a5a5u;
    t->mss = 1448;
}

/* Builds the timestamp option (NOP NOP TS) for side at the time the frame will carry. */
static size_t timestamp_option(sample_tcp *t, int side, int64_t when, uint8_t *out, int first)
{
    uint32_t tsval = t->ts_base[side] + (uint32_t)(when / 1000000);
    uint32_t tsecr = first && side == 0 ? 0 : t->ts_last[!side];
    t->ts_last[side] = tsval;
    out[0] = 1;
    out[1] = 1;
    out[2] = 8;
    out[3] = 10;
    for (int i = 0; i < 4; i++) {
        out[4 + i] = (uint8_t)(tsval >> (24 - 8 * i));
        out[8 + i] = (uint8_t)(tsecr >> (24 - 8 * i));
    }
    return 12;
}

static void tcp_emit(sample_tcp *t, int side, uint8_t flags, uint32_t seq, const void *data,
                     size_t len, int64_t delta_us, const uint8_t *options, size_t options_len)
{
    frame_builder *fb = sample_conv_frame(&t->conv, side);
    uint8_t opts[40];
    size_t n = 0;
    if (options) {
        memcpy(opts, options, options_len);
        n = options_len;
    } else if (t->timestamps) {
        n = timestamp_option(t, side, t->conv.ctx->now + delta_us * 1000, opts, 0);
    }
    fb_tcp_opts o = { .src_port = t->port[side], .dst_port = t->port[!side], .seq = seq,
                      .ack = !(flags & TCP_ACK) ? 0 : t->hold_ack[side] ? t->held_ack[side] : t->seq[!side],
                      .flags = flags,
                      .window = t->window[side], .options = n ? opts : NULL,
                      .options_len = (uint8_t)n };
    fb_tcp_ex(fb, &o);
    if (len)
        fb_payload(fb, data, len);
    sample_conv_send(&t->conv, side, delta_us);
}

void sample_tcp_segment_at(sample_tcp *t, int side, uint8_t flags, uint32_t seq, const void *data,
                           size_t len, int64_t delta_us)
{
    tcp_emit(t, side, flags, seq, data, len, delta_us, NULL, 0);
}

void sample_tcp_segment(sample_tcp *t, int side, uint8_t flags, const void *data, size_t len,
                        int64_t delta_us)
{
    uint32_t seq = t->seq[side];
    t->seq[side] += (uint32_t)len + (flags & TCP_SYN ? 1u : 0) + (flags & TCP_FIN ? 1u : 0);
    tcp_emit(t, side, flags, seq, data, len, delta_us, NULL, 0);
}

/* SYN options: Linux order (MSS, SACK permitted, timestamps, NOP, window scale 7; without
 * timestamps MSS, NOP, NOP, SACK permitted, NOP, window scale 7) or Windows order (MSS, NOP,
 * window scale 8, NOP, NOP, SACK permitted). */
static size_t syn_options(sample_tcp *t, int side, int64_t when, uint8_t *out)
{
    uint16_t mss = (uint16_t)(t->mss + (t->timestamps ? 12 : 0));
    out[0] = 2;
    out[1] = 4;
    out[2] = (uint8_t)(mss >> 8);
    out[3] = (uint8_t)mss;
    if (t->windows_style) {
        static const uint8_t rest[] = { 1, 3, 3, 8, 1, 1, 4, 2 };
        memcpy(out + 4, rest, sizeof rest);
        return 12;
    }
    if (!t->timestamps) { /* Linux without timestamps: NOP NOP SACK permitted, NOP, window scale */
        static const uint8_t rest[] = { 1, 1, 4, 2, 1, 3, 3, 7 };
        memcpy(out + 4, rest, sizeof rest);
        return 12;
    }
    out[4] = 4;
    out[5] = 2;
    uint8_t ts[12];
    timestamp_option(t, side, when, ts, 1);
    memcpy(out + 6, ts + 2, 10);
    out[16] = 1;
    out[17] = 3;
    out[18] = 3;
    out[19] = 7;
    return 20;
}

void sample_tcp_syn(sample_tcp *t, int64_t delta_us)
{
    uint8_t options[40];
    uint16_t window = t->window[0];
    t->window[0] = 64240; /* SYNs carry unscaled windows */
    size_t n = syn_options(t, 0, t->conv.ctx->now + delta_us * 1000, options);
    tcp_emit(t, 0, TCP_SYN, t->seq[0]++, NULL, 0, delta_us, options, n);
    t->window[0] = window;
}

void sample_tcp_syn_ack(sample_tcp *t, int64_t delta_us)
{
    uint8_t options[40];
    uint16_t window = t->window[1];
    t->window[1] = 65160;
    size_t n = syn_options(t, 1, t->conv.ctx->now + delta_us * 1000, options);
    tcp_emit(t, 1, TCP_SYN | TCP_ACK, t->seq[1]++, NULL, 0, delta_us, options, n);
    t->window[1] = window;
    if (t->windows_style)
        t->timestamps = 0;
}

void sample_tcp_handshake(sample_tcp *t, int64_t delta_us, int64_t rtt_us)
{
    sample_tcp_syn(t, delta_us);
    sample_tcp_syn_ack(t, rtt_us);
    sample_tcp_segment(t, 0, TCP_ACK, NULL, 0, 150);
}

void sample_tcp_say(sample_tcp *t, int side, const char *text, int64_t delta_us, int64_t ack_us)
{
    sample_tcp_segment(t, side, TCP_PSH | TCP_ACK, text, strlen(text), delta_us);
    if (ack_us >= 0)
        sample_tcp_segment(t, !side, TCP_ACK, NULL, 0, ack_us);
}

void sample_tcp_transfer(sample_tcp *t, int side, const uint8_t *data, size_t len, int64_t gap_us)
{
    unsigned segment = 0;
    for (size_t off = 0; off < len; off += t->mss, segment++) {
        size_t n = len - off < t->mss ? len - off : t->mss;
        int last = off + n == len;
        sample_tcp_segment(t, side, last ? TCP_PSH | TCP_ACK : TCP_ACK, data + off, n,
                           segment ? gap_us : 0);
        if (segment % 2 == 1 || last)
            sample_tcp_segment(t, !side, TCP_ACK, NULL, 0, 40);
    }
}

void sample_tcp_close(sample_tcp *t, int side, int64_t delta_us, int64_t rtt_us)
{
    sample_tcp_segment(t, side, TCP_FIN | TCP_ACK, NULL, 0, delta_us);
    sample_tcp_segment(t, !side, TCP_FIN | TCP_ACK, NULL, 0, rtt_us);
    sample_tcp_segment(t, side, TCP_ACK, NULL, 0, 60);
}
