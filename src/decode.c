/* decode.c — the decoder's entry point: runs the chain of layer steps over one frame, then derives
 * what depends on the whole stack (hdrDesc, flow kind, ethType, L7 payload, padding) and updates
 * the run's counters. */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "decode_internal.h"

struct decoder {
    decode_stats stats;
};

decoder *decoder_new(void)
{
    decoder *dec = calloc(1, sizeof *dec);
    if (dec)
        hdrdesc_acquire();
    return dec;
}

void decoder_free(decoder *dec)
{
    if (!dec)
        return;
    hdrdesc_release();
    free(dec);
}

const decode_stats *decoder_stats(const decoder *dec)
{
    return &dec->stats;
}

decode_step decode_no_flow(decode_ctx *ctx, uint64_t bit)
{
    ctx->out->no_flow = 1;
    ctx->pkt->status |= bit;
    return DECODE_DONE;
}

decode_step decode_unknown(decode_ctx *ctx, hdrdesc_kind kind, uint32_t number)
{
    hdrdesc_push(&ctx->hd, HDRDESC_TOKEN(kind, number));
    ctx->pkt->status |= RT_STAT_DECODE_STOPPED;
    return DECODE_DONE;
}

decode_step decode_cut(decode_ctx *ctx)
{
    ctx->pkt->status |= RT_STAT_DECODE_STOPPED;
    ctx->l7_empty = 1;
    return DECODE_DONE;
}

/* The L7 payload (§3.6): from ctx->off to the declared end, the ARP message only for ARP. */
static void decode_payload(decode_ctx *ctx)
{
    rt_packet *pkt = ctx->pkt;
    uint32_t start = ctx->off, len = 0;
    if (!ctx->l7_empty && ctx->end > start)
        len = ctx->end - start;
    if (ctx->arp_len && len > ctx->arp_len)
        len = ctx->arp_len;
    uint32_t captured = start < ctx->caplen ? ctx->caplen - start : 0;
    pkt->l7_len = len;
    pkt->l7_caplen = captured < len ? captured : len;
    pkt->l7 = pkt->l7_caplen ? ctx->data + start : NULL;
}

/* Everything that depends on the complete stack. */
static void decode_finish(decode_ctx *ctx)
{
    rt_packet *pkt = ctx->pkt;
    hdrdesc_interned hd;
    hdrdesc_intern(&ctx->hd, &hd);
    pkt->num_hdrs = ctx->hd.num_hdrs;
    pkt->hdrdesc_id = hd.id;
    pkt->hdrdesc = hd.text;
    pkt->hdrdesc_len = hd.len;
    if (hd.truncated)
        pkt->status |= RT_STAT_HDRDESC_LIMIT;
    if (ctx->out->no_flow)
        return;
    if (!pkt->src_mac)
        pkt->status |= RT_STAT_NO_ETHERNET;
    if (pkt->ip_version == 4) {
        pkt->status |= RT_STAT_IPV4;
        pkt->eth_type = 0x0800;
    } else if (pkt->ip_version == 6) {
        pkt->status |= RT_STAT_IPV6;
        pkt->eth_type = 0x86dd;
    } else {
        pkt->status |= RT_STAT_L2_FLOW;
        pkt->eth_type = ctx->l2_ethertype;
    }
    decode_payload(ctx);
    if (pkt->ip_version && ctx->outer_ip_len_ok && ctx->wirelen > ctx->outer_ip_end)
        pkt->pad_bytes = ctx->wirelen - ctx->outer_ip_end;
}

static void count_max8(uint8_t *max, uint8_t value)
{
    if (value > *max)
        *max = value;
}

static void decode_count(decode_stats *s, const decode_ctx *ctx)
{
    const rt_packet *pkt = ctx->pkt;
    s->packets++;
    s->captured_bytes += pkt->caplen;
    s->wire_bytes += pkt->wirelen;
    if (ctx->out->no_flow) {
        s->no_flow++;
        return;
    }
    s->pad_bytes += pkt->pad_bytes;
    s->non_ip += pkt->ip_version == 0;
    s->ipv4 += pkt->ip_version == 4;
    s->ipv6 += pkt->ip_version == 6;
    s->arp += (pkt->status & RT_STAT_ARP) != 0;
    s->rarp += (pkt->status & RT_STAT_RARP) != 0;
    s->llc += ctx->saw_llc;
    s->gre += ctx->saw_gre;
    if (pkt->ip_version) {
        switch (pkt->l4_proto) {
        case 1: s->icmp++; break;
        case 58: s->icmpv6++; break;
        case 2: s->igmp++; break;
        case 6: s->tcp++; s->tcp_bytes += pkt->wirelen; break;
        case 17: s->udp++; s->udp_bytes += pkt->wirelen; break;
        case 132: s->sctp++; s->sctp_bytes += pkt->wirelen; break;
        default: break;
        }
    }
    if (pkt->flags & RT_PKT_FRAGMENT) {
        s->ipv4_fragments += ctx->out->frag_ip_version == 4;
        s->ipv6_fragments += ctx->out->frag_ip_version == 6;
    }
    s->hdrs_sum += pkt->num_hdrs;
    if (s->packets - s->no_flow == 1 || pkt->num_hdrs < s->hdrs_min)
        s->hdrs_min = pkt->num_hdrs;
    if (pkt->num_hdrs > s->hdrs_max)
        s->hdrs_max = pkt->num_hdrs;
    count_max8(&s->vlan_max, pkt->vlan_depth);
    count_max8(&s->mpls_max, pkt->mpls_depth);
}

void decoder_decode(decoder *dec, const capture_frame *frame, uint64_t number, int64_t time,
                    decoded_packet *out)
{
    memset(out, 0, sizeof *out);
    rt_packet *pkt = &out->pkt;
    pkt->number = number;
    pkt->time = time;
    pkt->data = frame->data;
    pkt->caplen = frame->caplen;
    pkt->wirelen = frame->wirelen;
    pkt->linktype = frame->linktype;

    decode_ctx ctx;
    memset(&ctx, 0, offsetof(decode_ctx, hd)); /* the header stack builder is large: reset below */
    ctx.out = out;
    ctx.pkt = pkt;
    ctx.data = frame->data;
    ctx.caplen = frame->caplen;
    ctx.wirelen = frame->wirelen > frame->caplen ? frame->wirelen : frame->caplen;
    ctx.end = ctx.wirelen;
    hdrdesc_reset(&ctx.hd);
    decode_step step = frame->caplen ? decode_link_start(&ctx, frame->linktype)
                                     : decode_no_flow(&ctx, 0);
    while (step.fn)
        step = step.fn(&ctx, step.value);
    decode_finish(&ctx);
    decode_count(&dec->stats, &ctx);
}
