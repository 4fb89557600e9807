/* tcpflags_opts.c — TCP options (RFC 9293 §3.2, MSS, window scale and timestamps RFC 7323, SACK
 * RFC 2018, MPTCP RFC 8684): parsing one header's option area within the captured bytes, and
 * the columns built from them (tcpOptPktCnt, tcpOptCnt, tcpOptions, tcpMSS, the MPTCP columns,
 * tcpTmS, tcpTmER, tcpFStat 0x0002/0x0004/0x0008/0x4000/0x8000).
 *
 * The kinds listed for tcpJA4T include the zero padding after an end-of-list option (as JA4T
 * fingerprints show it, e.g. ...-4-0-0); the counted options end with the first end-of-list.
 *
 * Malformed (tcpFStat 0x0008): an option length below 2, an option running past the header's
 * data offset, or a known option with a length it cannot have. An option cut by the capture
 * ends the parse quietly. */
#include <string.h>

#include <rowtap/rowtap.h>

#include "tcpFlags.h"
#include "tcpflags_state.h"

enum {
    OPT_EOL = 0, OPT_NOP = 1, OPT_MSS = 2, OPT_WS = 3, OPT_SACK_PERMITTED = 4, OPT_SACK = 5,
    OPT_TIMESTAMPS = 8, OPT_MPTCP = 30,
    MP_CAPABLE = 0, MP_JOIN = 1, MP_DSS = 2, MP_ADD_ADDR = 3, MP_REMOVE_ADDR = 4, MP_PRIO = 5,
};

/* Known options and the lengths they must have (0: checked by valid_length). */
static const struct { uint8_t kind, len; } fixed_lengths[] = {
    { OPT_MSS, 4 }, { OPT_WS, 3 }, { OPT_SACK_PERMITTED, 2 }, { OPT_TIMESTAMPS, 10 },
};

static int valid_length(uint8_t kind, size_t len)
{
    for (size_t i = 0; i < sizeof fixed_lengths / sizeof fixed_lengths[0]; i++)
        if (fixed_lengths[i].kind == kind)
            return len == fixed_lengths[i].len;
    if (kind == OPT_SACK)
        return len >= 10 && (len - 2) % 8 == 0;
    if (kind == OPT_MPTCP)
        return len >= 3;
    return 1;
}

/* An MPTCP option of len >= 3 bytes: subtype, MP_CAPABLE flags, DSS flags, address IDs. */
static void mptcp(const uint8_t *o, size_t len, tcpflags_opts *out)
{
    unsigned subtype = o[2] >> 4;
    out->has_mptcp = 1;
    out->mp_subtypes |= (uint16_t)(1u << subtype);
    if (len < 4)
        return;
    switch (subtype) {
    case MP_CAPABLE:
        out->mp_flags |= o[3];
        break;
    case MP_DSS:
        out->mp_dss_flags |= o[3];
        break;
    case MP_JOIN:
        if (len == 12 || len == 16) { /* the SYN and SYN-ACK forms carry the address ID */
            out->mp_addr_id = o[3];
            out->has_mp_addr_id = 1;
        }
        break;
    case MP_ADD_ADDR:
    case MP_PRIO:
        out->mp_addr_id = o[3];
        out->has_mp_addr_id = 1;
        break;
    case MP_REMOVE_ADDR:
        out->mp_addr_id = o[len - 1]; /* the last ID of the list */
        out->has_mp_addr_id = 1;
        break;
    default:
        break;
    }
}

/* One complete, well-formed option. */
static void interpret(const uint8_t *o, size_t len, tcpflags_opts *out)
{
    switch (o[0]) {
    case OPT_MSS:
        out->has_mss = 1;
        out->mss = tcpflags_get16(o + 2);
        break;
    case OPT_WS:
        out->has_ws = 1;
        out->ws_shift = o[2];
        break;
    case OPT_SACK_PERMITTED:
    case OPT_SACK:
        out->has_sack = 1;
        break;
    case OPT_TIMESTAMPS:
        out->has_ts = 1;
        out->tsval = tcpflags_get32(o + 2);
        out->tsecr = tcpflags_get32(o + 6);
        break;
    case OPT_MPTCP:
        mptcp(o, len, out);
        break;
    default:
        break;
    }
}

void tcpflags_opts_parse(const uint8_t *opt, size_t header_len, size_t captured, tcpflags_opts *out)
{
    memset(out, 0, sizeof *out);
    size_t i = 0;
    while (i < captured) {
        uint8_t kind = opt[i];
        if (out->n_kinds < TCPFLAGS_MAX_OPT_KINDS)
            out->kinds[out->n_kinds++] = kind;
        out->n_options++;
        if (kind == OPT_EOL) {
            while (++i < captured && opt[i] == OPT_EOL && out->n_kinds < TCPFLAGS_MAX_OPT_KINDS)
                out->kinds[out->n_kinds++] = OPT_EOL;
            return;
        }
        if (kind == OPT_NOP) {
            i++;
            continue;
        }
        if (i + 1 >= header_len) {
            out->malformed = 1;
            return;
        }
        if (i + 1 >= captured)
            return;
        size_t len = opt[i + 1];
        if (len < 2 || i + len > header_len) {
            out->malformed = 1;
            return;
        }
        if (!valid_length(kind, len))
            out->malformed = 1;
        else if (i + len <= captured)
            interpret(opt + i, len, out);
        else
            return;
        i += len;
    }
}

void tcpflags_opts_account(tcpflags_tcp *s, const tcpflags_opts *o, int64_t time)
{
    for (unsigned i = 0; i < o->n_options; i++) {
        tcpflags_inc16(&s->opt_cnt);
        s->options |= 1u << (o->kinds[i] < 31 ? o->kinds[i] : 31);
    }
    if (o->malformed)
        s->fstat |= TCPFLAGS_FSTAT_OPT_BAD;
    if (o->has_mss)
        s->mss = o->mss;
    if (o->has_sack)
        s->fstat |= TCPFLAGS_FSTAT_SACK;
    if (o->has_mptcp) {
        s->fstat |= TCPFLAGS_FSTAT_MPTCP;
        s->mp_subtypes |= o->mp_subtypes;
        s->mp_flags |= o->mp_flags;
        s->mp_dss_flags |= o->mp_dss_flags;
        if (o->has_mp_addr_id)
            s->mp_addr_id = o->mp_addr_id;
    }
    if (o->has_ts) {
        s->fstat |= TCPFLAGS_FSTAT_TS;
        if (!(s->have & TCPFLAGS_HAVE_TS)) {
            s->ts_first = o->tsval;
            s->ts_first_time = time;
            s->have |= TCPFLAGS_HAVE_TS;
        } else if (tcpflags_seq_diff(o->tsval, s->ts_last) < 0) {
            s->fstat |= TCPFLAGS_FSTAT_TS_BACK;
        }
        s->ts_last = o->tsval;
        s->tsecr_last = o->tsecr;
        s->ts_last_time = time;
    }
}
