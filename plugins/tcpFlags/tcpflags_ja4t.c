/* tcpflags_ja4t.c — the tcpJA4T column (T2-COMPAT §8.4 column 70): the TCP fingerprint of a
 * direction's first SYN or SYN-ACK, "<window>_<option kinds joined by ->_<MSS>_<window-scale
 * shift>", e.g. 64240_2-1-3-1-1-4_1460_8; `00` stands for no options, no MSS or no shift, and the
 * MSS has at least two digits. */
#include <stdio.h>
#include <string.h>

#include <rowtap/rowtap.h>

#include "tcpflags_state.h"

void tcpflags_ja4t_record(tcpflags_ja4t *j, uint16_t window, const tcpflags_opts *o)
{
    j->has = TCPFLAGS_JA4T_SEEN;
    j->window = window;
    j->n_kinds = o->n_kinds;
    memcpy(j->kinds, o->kinds, o->n_kinds);
    if (o->has_mss) {
        j->has |= TCPFLAGS_JA4T_MSS;
        j->mss = o->mss;
    }
    if (o->has_ws) {
        j->has |= TCPFLAGS_JA4T_SHIFT;
        j->shift = o->ws_shift;
    }
}

size_t tcpflags_ja4t_format(const tcpflags_ja4t *j, char *out)
{
    if (!(j->has & TCPFLAGS_JA4T_SEEN)) {
        out[0] = '\0';
        return 0;
    }
    int n = sprintf(out, "%u_", (unsigned)j->window);
    if (j->n_kinds == 0)
        n += sprintf(out + n, "00");
    for (unsigned i = 0; i < j->n_kinds; i++)
        n += sprintf(out + n, "%s%u", i ? "-" : "", (unsigned)j->kinds[i]);
    if (j->has & TCPFLAGS_JA4T_MSS)
        n += sprintf(out + n, "_%02u", (unsigned)j->mss);
    else
        n += sprintf(out + n, "_00");
    if (j->has & TCPFLAGS_JA4T_SHIFT)
        n += sprintf(out + n, "_%u", (unsigned)j->shift);
    else
        n += sprintf(out + n, "_00");
    return (size_t)n;
}
