/* tcpflags_ja4t.c — the tcpJA4T column (T2-COMPAT §8.4 column 70): the TCP fingerprint of a
 * direction's first SYN or SYN-ACK, "<window>_<option kinds joined by ->_<MSS>_<window-scale
 * shift>", e.g. 64240_2-1-3-1-1-4_1460_8; `00` stands for no options, no MSS or no shift, and the
 * MSS has at least two digits. */
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

/* Appends `value` in decimal with at least `min_digits` digits; returns the end. */
static char *put_decimal(char *p, unsigned value, int min_digits)
{
    char digits[10];
    int n = 0;
    do {
        digits[n++] = (char)('0' + value % 10);
        value /= 10;
    } while (value);
    while (n < min_digits)
        digits[n++] = '0';
    while (n)
        *p++ = digits[--n];
    return p;
}

size_t tcpflags_ja4t_format(const tcpflags_ja4t *j, char *out)
{
    char *p = out;
    if (j->has & TCPFLAGS_JA4T_SEEN) {
        p = put_decimal(p, j->window, 1);
        *p++ = '_';
        if (j->n_kinds == 0)
            p = put_decimal(p, 0, 2);
        for (unsigned i = 0; i < j->n_kinds; i++) {
            if (i)
                *p++ = '-';
            p = put_decimal(p, j->kinds[i], 1);
        }
        *p++ = '_';
        p = put_decimal(p, j->has & TCPFLAGS_JA4T_MSS ? j->mss : 0, 2);
        *p++ = '_';
        p = j->has & TCPFLAGS_JA4T_SHIFT ? put_decimal(p, j->shift, 1) : put_decimal(p, 0, 2);
    }
    *p = '\0';
    return (size_t)(p - out);
}
