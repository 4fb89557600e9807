/* mix_emit.c — turns a flow's next planned packet into a frame: the side's header, the IP
 * length, identification, fragment fields and checksum, the TCP header with its options or the
 * prepared datagram bytes, the transport checksum, Ethernet padding of small frames from outside
 * the LAN; writes it and counts it for the truth file. */
#include <string.h>

#include "gen_csum.h"
#include "mix_flow.h"

static void put16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
    put16(p, v >> 16);
    put16(p + 2, v & 0xffff);
}

uint64_t mix_emit_pseudo_sum(const mix_flow *f, int side, uint32_t len)
{
    size_t n = f->ipv6 ? 16 : 4;
    uint64_t sum = gen_csum_add(0, f->addr[side], n);
    sum = gen_csum_add(sum, f->addr[!side], n);
    sum = gen_csum_add16(sum, f->proto);
    sum = gen_csum_add16(sum, len & 0xffff);
    return gen_csum_add16(sum, len >> 16);
}

/* Copies message bytes [off, off + len) (head, then body, then tail) to out. */
static void copy_message(const mix_message *msg, uint32_t off, uint32_t len, uint8_t *out)
{
    uint32_t tail_start = msg->len - msg->tail_len;
    while (len) {
        uint32_t n;
        if (off < msg->head_len) {
            n = msg->head_len - off < len ? msg->head_len - off : len;
            memcpy(out, msg->head + off, n);
        } else if (off < tail_start) {
            n = tail_start - off < len ? tail_start - off : len;
            uint32_t at = (msg->body_start + (off - msg->head_len)) % GEN_CONTENT_POOL;
            memcpy(out, msg->body + at, n); /* a segment never runs past the doubled pool */
        } else {
            n = len;
            memcpy(out, msg->tail + (off - tail_start), n);
        }
        out += n;
        off += n;
        len -= n;
    }
}

/* The TCP options of a packet; returns their length. */
static uint32_t tcp_options(mix_flow *f, const mix_pkt *p, uint8_t *o)
{
    mix_tcp *t = &f->st.tcp;
    uint32_t tsval = t->ts_base[p->side] + (uint32_t)(p->time / 1000000);
    uint32_t tsecr = t->ts_last[!p->side];
    if (p->options == MIX_OPT_NONE || (p->options == MIX_OPT_TS && !t->timestamps))
        return 0;
    if (p->options == MIX_OPT_SYN) {
        uint16_t mss = (uint16_t)(t->mss + (t->timestamps ? 12 : 0));
        o[0] = 2;
        o[1] = 4;
        put16(o + 2, mss);
        if (!t->timestamps) { /* Windows order: MSS, NOP, WS, NOP, NOP, SACK permitted */
            static const uint8_t rest[8] = { 1, 3, 3, 0, 1, 1, 4, 2 };
            memcpy(o + 4, rest, 8);
            o[7] = t->wscale;
            return 12;
        }
        o[4] = 4; /* SACK permitted, timestamps, NOP, window scale */
        o[5] = 2;
        o[6] = 8;
        o[7] = 10;
        put32(o + 8, tsval);
        put32(o + 12, p->flags & 0x10 ? tsecr : 0);
        o[16] = 1;
        o[17] = 3;
        o[18] = 3;
        o[19] = t->wscale;
        t->ts_last[p->side] = tsval;
        return 20;
    }
    o[0] = 1;
    o[1] = 1;
    o[2] = 8;
    o[3] = 10;
    put32(o + 4, tsval);
    put32(o + 8, tsecr);
    t->ts_last[p->side] = tsval;
    return 12;
}

/* Writes the transport part after the IP header; returns its length. */
static uint32_t transport(mix_flow *f, const mix_pkt *p, uint8_t *l4)
{
    if (p->kind == MIX_PKT_RAW) {
        memcpy(l4, p->data, p->len);
        return p->len;
    }
    uint32_t header = 20 + tcp_options(f, p, l4 + 20);
    put16(l4, f->port[p->side]);
    put16(l4 + 2, f->port[!p->side]);
    put32(l4 + 4, p->seq);
    put32(l4 + 8, p->flags & 0x10 ? p->ack : 0);
    l4[12] = (uint8_t)(header / 4 << 4);
    l4[13] = p->flags;
    put16(l4 + 14, p->window);
    put32(l4 + 16, 0);
    if (p->len)
        copy_message(&f->st.tcp.msg, p->msg_off, p->len, l4 + header);
    uint32_t len = header + p->len;
    uint64_t sum = gen_csum_add(mix_emit_pseudo_sum(f, p->side, len), l4, len);
    gen_csum_put16(l4 + 16, gen_csum_fold(sum));
    return len;
}

void mix_emit(mix_ctx *m, mix_flow *f)
{
    mix_pkt *p = &f->queue[f->head];
    uint8_t *frame = m->frame;
    memcpy(frame, f->header[p->side], f->header_len);
    uint8_t *ip = frame + f->ip_off;
    uint32_t l4_len = transport(f, p, frame + f->header_len);
    uint32_t len = f->header_len + l4_len;
    int fragment = p->more_frags || p->frag_off;
    if (f->ipv6) {
        put16(ip + 4, l4_len);
    } else {
        put16(ip + 2, 20 + l4_len);
        put16(ip + 4, f->ip_id[p->side]);
        if (!p->more_frags)
            f->ip_id[p->side]++;
        if (fragment)
            put16(ip + 6, (p->more_frags ? 0x2000u : 0) | p->frag_off / 8u);
        put16(ip + 10, 0);
        gen_csum_put16(ip + 10, gen_csum_fold(gen_csum_add(0, ip, 20)));
    }
    if (len < 60 && p->side != f->local) { /* frames from outside the LAN arrive padded */
        memset(frame + len, 0, 60 - len);
        len = 60;
    }
    uint32_t caplen = len < m->options->snaplen ? len : m->options->snaplen;
    pcap_writer_packet(m->writer, 0, p->time, frame, caplen, len);

    f->packets[p->side]++;
    f->bytes[p->side] += len;
    f->l4_packets += p->l4;
    f->fragments += fragment;
    if (f->written++ == 0)
        f->first_time = p->time;
    mix_totals *t = &m->totals;
    t->packets++;
    t->wire_bytes += len;
    t->captured_bytes += caplen;
    t->vlan += f->n_tags > 0;
    t->qinq += f->n_tags > 1;
    t->ipv4 += !f->ipv6;
    t->ipv6 += f->ipv6;
    t->fragments += fragment;
    t->fragments_later += !p->l4;
    t->app_packets[f->app]++;
    if (f->proto == 6) /* frames of each transport protocol, later fragments included */
        t->tcp++;
    else if (f->proto == 17)
        t->udp++;
    else if (f->proto == 1)
        t->icmp++;
    else
        t->icmpv6++;
    f->head = (uint16_t)((f->head + 1) % MIX_QUEUE);
    f->count--;
}
