/* mix_tcp.c — TCP conversations of the benchmark mix: handshake with MSS, window-scale, SACK
 * and (Linux-style) timestamp options, the application's messages cut into segments and sent in
 * ACK-clocked bursts that grow like slow start, delayed ACKs (every second segment), receive
 * windows that shrink while data waits to be read, zero-window episodes (zero window, probe,
 * its ACK, window update), closes by FIN (three or four packets) or RST or none, and failed
 * connections (SYN only, refused, retransmitted SYNs, aborted handshake). Every flow writes
 * exactly its budget of packets. The capture point is next to the client. */
#include <stdlib.h>
#include <string.h>

#include "mix_flow.h"

enum { PHASE_FAIL, PHASE_OPEN, PHASE_MIDDLE, PHASE_CLOSE, PHASE_DONE };

#define US 1000LL
#define MS 1000000LL
#define MAX_BURST 32
#define ZERO_WINDOW_MIN_SEGMENTS 50

/* When the next packet of `side` is seen after a packet seen at `after`: at once (plus
 * processing) when the same side sent that packet or the side is next to the capture point, one
 * round trip later when it answers the near side from far away. */
static int64_t answer_time(const mix_flow *f, int side, int64_t after, int64_t think)
{
    const mix_tcp *t = &f->st.tcp;
    int local = side == t->near || side == f->last_side;
    return after + think + (local ? 20 * US + (int64_t)(f->id % 60) * US : t->rtt);
}

/* The window field `side` sends with `unread` bytes waiting in its receive buffer. */
static uint16_t window(const mix_flow *f, int side, uint32_t unread)
{
    const mix_tcp *t = &f->st.tcp;
    uint32_t free_bytes = t->rwnd[side] > unread ? t->rwnd[side] - unread : 0;
    uint32_t raw = free_bytes >> t->wscale;
    return (uint16_t)(raw > 65535 ? 65535 : raw);
}

static mix_pkt *segment(mix_flow *f, int side, int64_t time, uint8_t flags)
{
    mix_tcp *t = &f->st.tcp;
    mix_pkt *p = mix_queue_add(f, (uint8_t)side, time);
    p->kind = MIX_PKT_TCP;
    p->flags = flags;
    p->seq = t->seq[side];
    p->ack = t->seq[!side];
    p->options = MIX_OPT_TS;
    p->window = window(f, side, 0);
    return p;
}

void mix_tcp_start(mix_ctx *m, mix_flow *f)
{
    static const uint16_t fail_ports[] = { 80, 443, 22, 3389, 8080, 25 };
    static const int64_t rates[] = { 4, 10, 20, 50, 100, 300 }; /* Mbit/s at the bottleneck */
    mix_tcp *t = &f->st.tcp;
    gen_rand *r = &f->rng;
    int bulk = f->app == MIX_BULK;
    uint16_t port;
    int role;
    switch (f->app) {
    case MIX_HTTP: port = gen_rand_chance(r, 0.1) ? 8080 : 80; role = MIX_ROLE_WEB; break;
    case MIX_FTP: port = 21; role = MIX_ROLE_FILE; break;
    case MIX_SMTP: port = 25; role = MIX_ROLE_MAIL; break;
    case MIX_BULK: port = 20; role = MIX_ROLE_FILE; break;
    default: port = fail_ports[gen_rand_below(r, 6)]; role = MIX_ROLE_WEB; break;
    }
    f->ipv6 = (uint8_t)gen_rand_chance(r, m->options->ipv6_share);
    /* Active-mode FTP data: the server (port 20) opens the connection to the client. */
    mix_hosts_assign(m, f, bulk ? 1 : 0, port, role);
    t->near = f->local;
    t->rtt = 1 * MS + gen_rand_exp(r, 35.0 * MS);
    if (t->rtt > 600 * MS)
        t->rtt = 600 * MS;
    t->timestamps = (uint8_t)gen_rand_chance(r, 0.7);
    t->mss = (uint16_t)((f->ipv6 ? 1440 : 1460) - (t->timestamps ? 12 : 0));
    t->wscale = t->timestamps ? 7 : 8;
    int64_t rate = rates[gen_rand_below(r, 6)];
    t->serialization = (int64_t)(t->mss + 78) * 8 * 1000 / rate; /* ns per full segment */
    for (int side = 0; side < 2; side++) {
        t->seq[side] = (uint32_t)gen_rand_next(r);
        t->ts_base[side] = (uint32_t)gen_rand_next(r);
        t->rwnd[side] = (uint32_t)(64240 + gen_rand_below(r, 4) * 65536);
    }
    t->cwnd = 10;
    uint32_t b = f->budget;
    if (f->app == MIX_FAIL || b <= 3) {
        t->phase = PHASE_FAIL;
        return;
    }
    t->phase = PHASE_OPEN;
    static const double close_weights[4] = { 0.35, 0.40, 0.15, 0.10 }; /* 4, 3, 1, 0 packets */
    static const uint8_t close_lengths[4] = { 4, 3, 1, 0 };
    unsigned close = gen_rand_pick(r, close_weights, 4);
    while (close_lengths[close] > b - 4) /* keep at least one packet of conversation */
        close++;
    uint32_t close_len = close_lengths[close];
    t->close_len = (uint8_t)close_len;
    t->close_side = (uint8_t)(bulk ? 0 : gen_rand_chance(r, 0.7) ? 0 : 1);
    t->middle_left = b - 3 - close_len;
}

/* Failed connections: SYN only; SYN and RST/ACK (refused); three SYNs (retransmitted after 1 and
 * 3 s) or SYN, SYN-ACK and the client's RST (aborted). */
static unsigned plan_failure(mix_flow *f, int64_t start)
{
    mix_tcp *t = &f->st.tcp;
    mix_pkt *p = segment(f, 0, start, 0x02);
    p->options = MIX_OPT_SYN;
    p->window = 64240;
    if (f->budget == 1)
        return 1;
    if (f->budget == 2) {
        t->seq[0]++;
        p = segment(f, 1, answer_time(f, 1, start, 0), 0x14);
        p->options = MIX_OPT_NONE;
        p->window = 0;
        return 2;
    }
    if (gen_rand_chance(&f->rng, 0.5)) {
        for (int i = 1; i < 3; i++) { /* retransmissions keep the sequence number */
            p = segment(f, 0, start + (i == 1 ? 1000 : 3000) * MS, 0x02);
            p->options = MIX_OPT_SYN;
            p->window = 64240;
        }
        return 3;
    }
    t->seq[0]++;
    p = segment(f, 1, answer_time(f, 1, start, 0), 0x12);
    p->options = MIX_OPT_SYN;
    p->window = 65160;
    t->seq[1]++;
    p = segment(f, 0, answer_time(f, 0, p->time, 0), 0x04);
    p->options = MIX_OPT_NONE;
    p->window = 0;
    return 3;
}

static unsigned plan_handshake(mix_flow *f, int64_t start)
{
    mix_tcp *t = &f->st.tcp;
    mix_pkt *p = segment(f, 0, start, 0x02);
    p->options = MIX_OPT_SYN;
    p->window = 64240;
    t->seq[0]++;
    p = segment(f, 1, answer_time(f, 1, start, 0), 0x12);
    p->options = MIX_OPT_SYN;
    p->window = 65160;
    t->seq[1]++;
    segment(f, 0, answer_time(f, 0, p->time, 0), 0x10);
    t->phase = PHASE_MIDDLE;
    return 3;
}

/* Takes the application's next message: its segments, ACKs, extra packets and bytes. */
static void start_message(mix_ctx *m, mix_flow *f)
{
    mix_tcp *t = &f->st.tcp;
    mix_turn turn;
    memset(&turn, 0, sizeof turn);
    f->arena_used = 0;
    mix_dialog_next(f, t->middle_left, &turn);
    if (turn.packets == 0 || turn.packets > t->middle_left)
        turn.packets = t->middle_left;
    if (!turn.body && turn.packets > 2)
        turn.packets = 2; /* a line and its ACK; the dialog goes on with the rest */
    t->middle_left -= turn.packets;
    uint32_t p = turn.packets;
    t->msg_zero_window = 0;
    if (turn.body && p >= 3 * ZERO_WINDOW_MIN_SEGMENTS / 2 + 3 && gen_rand_chance(&f->rng, 0.2)) {
        t->msg_zero_window = 1;
        p -= 3;
    }
    /* k segments and k / 2 ACKs; one packet left over becomes a final ACK */
    uint32_t k = 1;
    if (turn.body)
        while ((k + 1) + (k + 1) / 2 <= p)
            k++;
    t->msg_extra_ack = (uint8_t)(p - (k + k / 2));
    t->msg_segments_left = k;
    t->msg_sender = turn.sender;
    t->msg_sent = 0;
    t->msg_started = 0;
    t->cwnd = 10; /* slow start again after the pause between messages */
    t->next_burst = answer_time(f, turn.sender, f->last_time, turn.think);
    memset(&t->msg, 0, sizeof t->msg);
    if (!turn.body) {
        t->msg.head = turn.line;
        t->msg.head_len = t->msg.len = turn.line_len;
        return;
    }
    uint32_t last = 1 + (uint32_t)gen_rand_below(&f->rng, t->mss);
    uint32_t len = (k - 1) * t->mss + last;
    if (len < turn.min_len)
        len = turn.min_len < k * t->mss ? turn.min_len : k * t->mss;
    turn.fill(m, f, len, &t->msg);
}

/* One burst of the current message: up to cwnd segments, the receiver's ACK after every second
 * segment of the message, the final ACK, and a zero-window episode when one is due. */
static unsigned plan_burst(mix_flow *f, int64_t floor_time)
{
    mix_tcp *t = &f->st.tcp;
    int sender = t->msg_sender, receiver = !sender;
    int sender_near = sender == t->near;
    unsigned n = f->count;
    int64_t time = t->next_burst > floor_time ? t->next_burst : floor_time;
    int64_t first_ack = -1, last_ack = -1;
    mix_pkt *last_ack_pkt = NULL;
    uint32_t unread = 0, burst = t->cwnd < MAX_BURST ? t->cwnd : MAX_BURST;
    int64_t full = sender_near ? (int64_t)(t->mss + 78) * 8 : t->serialization;
    for (uint32_t i = 0; i < burst && t->msg_segments_left; i++) {
        int last = t->msg_segments_left == 1;
        uint32_t len = last ? t->msg.len - t->msg_sent : t->mss;
        if (i)
            time += full * (int64_t)(len + 78) / (t->mss + 78);
        mix_pkt *p = segment(f, sender, time, last ? 0x18 : 0x10);
        p->len = (uint16_t)len;
        p->msg_off = t->msg_sent;
        t->seq[sender] += len;
        t->msg_sent += len;
        t->msg_segments_left--;
        unread += len;
        if (p->msg_off / t->mss % 2 == 1) { /* every second segment of the message is ACKed */
            mix_pkt *a = segment(f, receiver, answer_time(f, receiver, time, 0), 0x10);
            a->window = window(f, receiver, unread);
            if (first_ack < 0)
                first_ack = a->time;
            last_ack = a->time;
            last_ack_pkt = a;
        }
    }
    int64_t next = first_ack >= 0 ? first_ack + (sender_near ? 0 : t->rtt) : time + t->rtt;
    if (t->msg_segments_left == 0 && t->msg_extra_ack) {
        /* the delayed ACK of an odd last segment, or a window update once the data is read */
        mix_pkt *a = segment(f, receiver, answer_time(f, receiver, time, 40 * MS), 0x10);
        a->window = window(f, receiver, 0);
    }
    if (t->msg_zero_window && t->msg_started && last_ack_pkt && t->msg_segments_left) {
        /* the application stopped reading: zero window, probe, its ACK, window update */
        last_ack_pkt->window = 0;
        int64_t probe = last_ack + (sender_near ? 0 : t->rtt) + 200 * MS;
        mix_pkt *p = segment(f, sender, probe, 0x10);
        p->len = 1;
        p->msg_off = t->msg_sent;
        mix_pkt *a = segment(f, receiver, probe + (sender_near ? t->rtt : 30 * US), 0x10);
        a->window = 0;
        int64_t reopen = a->time + 100 * MS + gen_rand_exp(&f->rng, 150.0 * MS);
        a = segment(f, receiver, reopen, 0x10);
        a->window = window(f, receiver, 0);
        next = reopen + (sender_near ? 30 * US : t->rtt);
        t->msg_zero_window = 0;
    }
    t->msg_started = 1;
    uint32_t limit = t->rwnd[receiver] / t->mss;
    t->cwnd = t->cwnd * 2 < limit ? t->cwnd * 2 : limit;
    mix_queue_sort(f, n, floor_time);
    t->next_burst = next;
    return f->count - n;
}

/* FIN/ACK of the closing side; the other side's ACK (four-way) and FIN/ACK; the last ACK. Or the
 * closing side's RST/ACK. */
static unsigned plan_close(mix_flow *f, int64_t floor_time)
{
    mix_tcp *t = &f->st.tcp;
    int x = t->close_side, y = !x;
    unsigned n = f->count;
    int64_t idle = x == t->near ? 50 * MS + gen_rand_exp(&f->rng, 800.0 * MS) : 5 * MS;
    int64_t time = answer_time(f, x, floor_time, idle);
    mix_pkt *p;
    if (t->close_len == 1) {
        p = segment(f, x, time, 0x14);
        p->options = MIX_OPT_NONE;
        p->window = 0;
        t->phase = PHASE_DONE;
        return 1;
    }
    segment(f, x, time, 0x11);
    t->seq[x]++;
    if (t->close_len == 4) {
        time = answer_time(f, y, time, 0);
        segment(f, y, time, 0x10);
    }
    time = answer_time(f, y, time, t->close_len == 4 ? 2 * MS : 0);
    segment(f, y, time, 0x11);
    t->seq[y]++;
    segment(f, x, answer_time(f, x, time, 0), 0x10);
    t->phase = PHASE_DONE;
    return f->count - n;
}

unsigned mix_tcp_plan(mix_ctx *m, mix_flow *f)
{
    mix_tcp *t = &f->st.tcp;
    int64_t floor_time = f->last_time;
    for (;;) {
        switch (t->phase) {
        case PHASE_FAIL:
            t->phase = PHASE_DONE;
            return plan_failure(f, floor_time);
        case PHASE_OPEN:
            return plan_handshake(f, floor_time);
        case PHASE_MIDDLE:
            if (t->msg_segments_left)
                return plan_burst(f, floor_time);
            if (t->middle_left) {
                start_message(m, f);
                continue;
            }
            t->phase = t->close_len ? PHASE_CLOSE : PHASE_DONE;
            continue;
        case PHASE_CLOSE:
            return plan_close(f, floor_time);
        default:
            return 0;
        }
    }
}
