/* tcpflags_win.c — TCP window tracking of one direction (T2-COMPAT §8.4 columns 60–67 and
 * tcpFStat 0x0010, 0x0100): initial, smoothed, smallest and largest window, increases, decreases
 * and trend reversals, and the share of packets below tcpFlags.winMin. The window values come in
 * already scaled (tcpFlags.c scales every packet but SYNs when both SYNs carried the option). */
#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

void tcpflags_win_packet(tcpflags_tcp *s, const tcpflags_segment *seg, uint32_t win_min)
{
    const uint32_t w = seg->window;
    if (!(s->have & TCPFLAGS_HAVE_WIN)) {
        s->init_win = s->min_win = s->max_win = w;
        s->avg_win = w;
        s->have |= TCPFLAGS_HAVE_WIN;
        s->fstat |= TCPFLAGS_FSTAT_WIN_START;
    } else {
        s->avg_win = 0.7 * s->avg_win + 0.3 * w;
        if (w < s->min_win)
            s->min_win = w;
        if (w > s->max_win)
            s->max_win = w;
        if (w < s->last_win) {
            tcpflags_inc16(&s->win_down);
            if (s->win_trend > 0)
                tcpflags_inc16(&s->win_turns);
            s->win_trend = -1;
        } else if (w > s->last_win) {
            tcpflags_inc16(&s->win_up);
            if (s->win_trend < 0)
                tcpflags_inc16(&s->win_turns);
            s->win_trend = 1;
        }
    }
    s->last_win = w;
    if (!(seg->flags & (TCPFLAGS_SYN | TCPFLAGS_FIN | TCPFLAGS_RST))) {
        s->th_pkts++;
        if (w < win_min) {
            s->th_below++;
            s->fstat |= TCPFLAGS_FSTAT_WIN_LOW;
        }
    }
}
