/* tcpflags_rtt.c — trip times of a TCP connection (T2-COMPAT §8.4 columns 82–91): the handshake
 * trips (SYN to SYN-ACK, SYN-ACK to the ACK of it), the gaps between a direction's packets and
 * the partner's next packet with their running statistics, the out-of-order threshold derived
 * from the handshake, and the sender's timestamp clock period. */
#include <math.h>

#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

#define NS_PER_SEC 1e9
#define DEFAULT_OOO_NS 3000000LL /* out-of-order threshold without a measured handshake: 3 ms */

void tcpflags_stats_add(tcpflags_stats *st, double value)
{
    if (st->n == 0 || value < st->min)
        st->min = (float)value;
    if (st->n == 0 || value > st->max)
        st->max = (float)value;
    st->n++;
    double delta = value - st->mean;
    st->mean += delta / st->n;
    st->m2 += delta * (value - st->mean);
}

double tcpflags_stats_variance(const tcpflags_stats *st)
{
    return st->n ? st->m2 / st->n : 0;
}

/* Records the handshake trip of `s` (the SYN or SYN-ACK sender) when `ack` acknowledges it. */
static void handshake_answered(tcpflags_tcp *s, uint8_t role, uint32_t ack, int64_t time)
{
    if (s->role == role && !(s->have & TCPFLAGS_HAVE_TRIP) && ack == s->syn_seq + 1) {
        s->hs_trip = time - s->syn_time;
        s->have |= TCPFLAGS_HAVE_TRIP;
    }
}

void tcpflags_rtt_packet(tcpflags_tcp *s, tcpflags_tcp *partner, const rt_flow *partner_flow,
                         const tcpflags_segment *seg)
{
    const uint8_t f = seg->flags;
    if (partner && partner_flow && (partner->have & TCPFLAGS_HAVE_PENDING)) {
        tcpflags_stats_add(&partner->trips, (double)(seg->time - partner_flow->last_time) / NS_PER_SEC);
        partner->have &= (uint8_t)~TCPFLAGS_HAVE_PENDING;
    }
    s->have |= TCPFLAGS_HAVE_PENDING;
    if (f & TCPFLAGS_SYN) {
        if ((f & TCPFLAGS_ACK) && partner)
            handshake_answered(partner, TCPFLAGS_ROLE_SYN, seg->ack, seg->time);
        s->role = (f & TCPFLAGS_ACK) ? TCPFLAGS_ROLE_SYNACK : TCPFLAGS_ROLE_SYN;
        s->syn_seq = seg->seq;
        s->syn_time = seg->time;
    } else if ((f & TCPFLAGS_ACK) && partner) {
        handshake_answered(partner, TCPFLAGS_ROLE_SYNACK, seg->ack, seg->time);
    }
}

int64_t tcpflags_rtt_ooo_threshold(const tcpflags_tcp *s, const tcpflags_tcp *partner)
{
    if (partner && (s->have & TCPFLAGS_HAVE_TRIP) && (partner->have & TCPFLAGS_HAVE_TRIP))
        return s->hs_trip + partner->hs_trip;
    return DEFAULT_OOO_NS;
}

double tcpflags_rtt_clock_period(const tcpflags_tcp *s)
{
    static const double periods[] = { 0.001, 0.004, 0.01, 0.1, 1 };
    if (!(s->have & TCPFLAGS_HAVE_TS))
        return 0;
    int32_t ticks = tcpflags_seq_diff(s->ts_last, s->ts_first);
    int64_t elapsed = s->ts_last_time - s->ts_first_time;
    if (ticks <= 0 || elapsed <= 0)
        return 0;
    double measured = (double)elapsed / NS_PER_SEC / ticks, best = periods[0];
    for (size_t i = 1; i < sizeof periods / sizeof periods[0]; i++)
        if (fabs(periods[i] - measured) < fabs(best - measured))
            best = periods[i];
    return best;
}
