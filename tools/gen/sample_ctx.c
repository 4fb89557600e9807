/* sample_ctx.c — the clock and the frame of the hand-written captures: each frame is composed
 * with the frame builder and written with the pcap writer (see sample.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sample.h"

static frame_builder sample_builder;

void sample_ctx_init(sample_ctx *c, pcap_writer *writer, int64_t start_ns)
{
    memset(c, 0, sizeof *c);
    c->writer = writer;
    c->fb = &sample_builder;
    c->now = start_ns;
}

frame_builder *sample_ctx_frame(sample_ctx *c)
{
    fb_init(c->fb);
    return c->fb;
}

void sample_ctx_write(sample_ctx *c, int64_t delta_us)
{
    uint32_t len = fb_finish(c->fb);
    if (len == 0) {
        fprintf(stderr, "rowtap-gen: internal error: frame %llu cannot be built\n",
                (unsigned long long)c->frames + 1);
        exit(1);
    }
    uint32_t caplen = c->cut_next && c->cut_next < len ? c->cut_next : len;
    c->cut_next = 0;
    c->now += delta_us * 1000;
    pcap_writer_packet(c->writer, c->iface, c->now, c->fb->data, caplen, len);
    c->frames++;
}
