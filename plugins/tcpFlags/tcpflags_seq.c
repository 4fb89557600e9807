/* tcpflags_seq.c — TCP sequence and acknowledgement analysis of one direction (T2-COMPAT §8.4
 * columns 52–59, the tcpAnomaly retransmission, keep-alive, duplicate-ACK and unseen-data bits,
 * and tcpFStat 0x0020, 0x0040, 0x0080, 0x0400).
 *
 * The heuristics follow the documented definitions of Wireshark's TCP analysis flags
 * (tcp.analysis.*); schema/columns-tcpFlags.md states each of them. "Next expected sequence
 * number" (nxt) is the highest sequence number plus segment length seen (SYN and FIN count 1),
 * not advanced by zero-window probes, keep-alives or RSTs. All comparisons are in sequence
 * space (mod 2^32). */
#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

#define FAST_RETRANS_ACK_NS 20000000LL /* the duplicate ACKs must be less than 20 ms old */

/* Which retransmission a segment below nxt is; `end` is its seq + length (SYN/FIN 1). */
static uint16_t retransmission_kind(const tcpflags_tcp *s, const tcpflags_tcp *partner, const tcpflags_segment *seg,
                                    uint32_t end, int64_t ooo_ns)
{
    if (seg->flags & TCPFLAGS_SYN)
        return TCPFLAGS_AN_SYN_RETRANS;
    if (seg->len > 0 && partner && (partner->have & TCPFLAGS_HAVE_ACK)
        && tcpflags_seq_diff(end, partner->ack_high) <= 0)
        return TCPFLAGS_AN_SPURIOUS;
    if (partner && partner->dup_acks > 2 && seg->seq == partner->last_ack
        && seg->time - partner->last_ack_time < FAST_RETRANS_ACK_NS)
        return TCPFLAGS_AN_FAST_RETRANS;
    if (end != s->nxt && seg->time - s->nxt_time < ooo_ns)
        return TCPFLAGS_AN_OUT_OF_ORDER;
    return TCPFLAGS_AN_RETRANS;
}

/* Payload in flight (sent, not yet acknowledged by the partner) and window full. */
static void in_flight(tcpflags_tcp *s, const tcpflags_tcp *partner, const tcpflags_segment *seg)
{
    if (!partner || !(partner->have & TCPFLAGS_HAVE_ACK))
        return;
    int32_t flight = tcpflags_seq_diff(s->data_high, partner->ack_high);
    if (flight <= 0)
        return;
    if ((uint32_t)flight > s->flight_max)
        s->flight_max = (uint32_t)flight;
    if (seg->len > 0 && (partner->have & TCPFLAGS_HAVE_WIN) && (uint32_t)flight >= partner->last_win)
        s->fstat |= TCPFLAGS_FSTAT_WIN_FULL;
}

void tcpflags_seq_packet(tcpflags_tcp *s, const tcpflags_tcp *partner, tcpflags_segment *seg, int64_t ooo_ns)
{
    const uint8_t f = seg->flags;
    const uint32_t syn = (f & TCPFLAGS_SYN) != 0, fin = (f & TCPFLAGS_FIN) != 0;
    const int plain = !(f & (TCPFLAGS_SYN | TCPFLAGS_FIN | TCPFLAGS_RST));
    const uint32_t seq_len = seg->len + syn + fin, end = seg->seq + seq_len;
    const int first = !(s->have & TCPFLAGS_HAVE_SEQ);
    if (first) {
        s->isn = s->nxt = seg->seq;
        s->data_high = seg->seq + syn;
        s->nxt_time = seg->time;
        s->have |= TCPFLAGS_HAVE_SEQ;
    }
    const int32_t d = tcpflags_seq_diff(seg->seq, s->nxt);
    seg->in_order = d == 0;
    if (!first && d == 0)
        tcpflags_inc16(&s->pseq_cnt);
    if (syn && seg->len > 0)
        s->anomaly |= TCPFLAGS_AN_SYN_PAYLOAD;
    s->last_kind = TCPFLAGS_LAST_OTHER;

    if (!first && plain && seg->len <= 1 && d == -1) {
        s->anomaly |= TCPFLAGS_AN_KEEPALIVE;
        s->last_kind = TCPFLAGS_LAST_KEEPALIVE;
        return;
    }
    if (!first && plain && seg->len == 1 && d == 0 && partner && (partner->have & TCPFLAGS_HAVE_WIN)
        && partner->last_win == 0) {
        s->fstat |= TCPFLAGS_FSTAT_ZWP;
        s->last_kind = TCPFLAGS_LAST_ZWP;
        return;
    }
    if (d < 0 && seq_len > 0) {
        tcpflags_inc16(&s->seq_fault_cnt);
        s->anomaly |= retransmission_kind(s, partner, seg, end, ooo_ns);
    } else if (d > 0 && !(f & TCPFLAGS_RST)) {
        s->anomaly |= TCPFLAGS_AN_PREV_MISSING;
    }
    if (!(f & TCPFLAGS_RST) && tcpflags_seq_diff(end, s->nxt) > 0) {
        s->nxt = end;
        s->nxt_time = seg->time;
    }
    if (seg->len > 0) {
        uint32_t data_end = seg->seq + syn + seg->len;
        int32_t advance = tcpflags_seq_diff(data_end, s->data_high);
        if (advance > 0) {
            s->seq_bytes += (uint32_t)advance;
            s->data_high = data_end;
        }
    }
    in_flight(s, partner, seg);
}

void tcpflags_seq_ack(tcpflags_tcp *s, const tcpflags_tcp *partner, const tcpflags_segment *seg)
{
    const uint8_t f = seg->flags;
    if (!(f & TCPFLAGS_ACK))
        return;
    tcpflags_inc16(&s->pack_cnt);
    int fault = 0;
    if (partner && (partner->have & TCPFLAGS_HAVE_SEQ) && tcpflags_seq_diff(seg->ack, partner->nxt) > 0) {
        s->anomaly |= TCPFLAGS_AN_ACK_UNSEEN;
        fault = 1;
    }
    if (s->have & TCPFLAGS_HAVE_ACK) {
        const int bare = seg->len == 0 && !(f & (TCPFLAGS_SYN | TCPFLAGS_FIN | TCPFLAGS_RST))
                         && seg->ack == s->last_ack && (s->have & TCPFLAGS_HAVE_WIN)
                         && s->last_kind == TCPFLAGS_LAST_OTHER; /* a keep-alive is no duplicate ACK */
        const int same_window = seg->window == s->last_win;
        const uint8_t partner_last = partner ? partner->last_kind : TCPFLAGS_LAST_OTHER;
        if (bare && seg->window != 0 && same_window && seg->in_order && partner_last == TCPFLAGS_LAST_KEEPALIVE) {
            s->anomaly |= TCPFLAGS_AN_KEEPALIVE_ACK;
        } else if (bare && seg->window == 0 && seg->in_order && partner_last == TCPFLAGS_LAST_ZWP) {
            s->fstat |= TCPFLAGS_FSTAT_ZWP_ACK;
        } else if (bare && seg->window != 0 && same_window) {
            s->anomaly |= TCPFLAGS_AN_DUP_ACK;
            tcpflags_inc16(&s->dup_acks);
            fault = 1;
        }
        if (bare && seg->window != 0 && !same_window && seg->in_order)
            s->fstat |= TCPFLAGS_FSTAT_WIN_UPDATE;
        if (seg->ack != s->last_ack)
            s->dup_acks = 0;
        int32_t advance = tcpflags_seq_diff(seg->ack, s->ack_high);
        if (advance > 0) {
            s->ack_bytes += (uint32_t)advance;
            s->ack_high = seg->ack;
        }
    } else {
        s->ack_high = seg->ack;
        s->have |= TCPFLAGS_HAVE_ACK;
    }
    s->last_ack = seg->ack;
    s->last_ack_time = seg->time;
    if (fault)
        tcpflags_inc16(&s->ack_fault_cnt);
}
