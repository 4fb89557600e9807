/* test_tcpFlags.c — the tcpFlags plugin against T2-COMPAT §8.4 and schema/columns-tcpFlags.md:
 * every column on hand-built packet sequences (a handshake with options, data both ways, FIN and
 * RST closes, retransmissions of every kind, duplicate ACKs, zero windows and window updates,
 * keep-alives, out-of-order segments, IPv4 options, IPv6 hop-by-hop and destination options,
 * TTL and identification changes, fragments, checksums, timestamps, MPTCP, scans, a single
 * packet, non-TCP and non-IP flows), the JA4T example of §8.4, malformed options and headers,
 * the winMin option and the report. Expected values are worked out by hand from the packets.
 *
 * Every packet is handed to the plugin in a heap copy of exactly its captured bytes, so that a
 * read beyond the capture is caught by the sanitizer build. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "plugin_harness.h"
#include "plugin_harness_build.h"
#include "unit_run.h"

#define FLOW RT_STREAM_FLOWS
#define MS 1000000LL
#define T0 (1500000000LL * PLUGIN_HARNESS_SEC)

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20 };

/* ---- a connection between A and B ---------------------------------------------------------- */

typedef struct conn {
    plugin_harness *h;
    rt_flow *a, *b;
    const char *a_ip, *b_ip;
    uint16_t a_port, b_port;
    uint8_t proto;
} conn;

static plugin_harness *started(const char *option)
{
    plugin_harness *h = plugin_harness_new("tcpFlags");
    if (option)
        plugin_harness_option(h, option);
    ck_assert_msg(plugin_harness_start(h, 0) == 0, "start: %s", plugin_harness_error(h));
    return h;
}

static conn new_conn(plugin_harness *h, const char *a_ip, const char *b_ip, uint8_t proto)
{
    static uint16_t port = 40000;
    return (conn){ h, NULL, NULL, a_ip, b_ip, port++, 80, proto };
}

/* An IP packet of the connection at T0 + ms milliseconds, not yet fed. */
static void ip_packet(conn *c, harness_packet *p, int from_a, double ms)
{
    int64_t t = T0 + llround(ms * MS);
    if (from_a)
        plugin_harness_ip_packet(p, c->a_ip, c->a_port, c->b_ip, c->b_port, c->proto, t);
    else
        plugin_harness_ip_packet(p, c->b_ip, c->b_port, c->a_ip, c->a_port, c->proto, t);
}

/* A TCP segment with `len` payload bytes (captured when at most 120), not yet fed. */
static void segment(conn *c, harness_packet *p, int from_a, double ms, uint32_t seq, uint32_t ack, uint8_t flags,
                    uint16_t window, unsigned len)
{
    ip_packet(c, p, from_a, ms);
    plugin_harness_build_tcp(p, seq, ack, flags, window);
    if (len)
        plugin_harness_build_payload(p, len, len <= 120 ? len : 0);
}

/* Runs a packet through the plugin from a heap copy of exactly its captured bytes. */
static void feed(conn *c, const harness_packet *p, int from_a)
{
    rt_packet k = p->pkt;
    uint8_t *copy = malloc(k.caplen ? k.caplen : 1);
    ck_assert_ptr_nonnull(copy);
    memcpy(copy, p->frame, k.caplen);
    const uint8_t **pointers[] = { &k.data, &k.src_mac, &k.dst_mac, &k.l3, &k.l4, &k.l7, &k.ip6_hbh, &k.ip6_dstopts };
    for (size_t i = 0; i < sizeof pointers / sizeof pointers[0]; i++)
        if (*pointers[i])
            *pointers[i] = copy + (*pointers[i] - p->frame);
    rt_flow **f = from_a ? &c->a : &c->b;
    if (!*f)
        *f = plugin_harness_flow(c->h, &k, from_a ? c->b : c->a);
    plugin_harness_packet(c->h, *f, &k);
    free(copy);
}

/* Builds, checksums and feeds one segment. */
static void send(conn *c, int from_a, double ms, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t window,
                 unsigned len)
{
    harness_packet p;
    segment(c, &p, from_a, ms, seq, ack, flags, window, len);
    plugin_harness_build_checksums(&p);
    feed(c, &p, from_a);
}

/* The same with TCP options. */
static void send_opts(conn *c, int from_a, double ms, uint32_t seq, uint32_t ack, uint8_t flags, uint16_t window,
                      unsigned len, const uint8_t *opts, unsigned opts_len)
{
    harness_packet p;
    segment(c, &p, from_a, ms, seq, ack, flags, window, len);
    plugin_harness_build_tcp_options(&p, opts, opts_len);
    plugin_harness_build_checksums(&p);
    feed(c, &p, from_a);
}

/* A handshake without options: A 1000 → B, B 5000 → A, windows wa and wb, at 0, 10, 12 ms. */
static void handshake(conn *c, uint16_t wa, uint16_t wb)
{
    send(c, 1, 0, 1000, 0, SYN, wa, 0);
    send(c, 0, 10, 5000, 1001, SYN | ACK, wb, 0);
    send(c, 1, 12, 1001, 5001, ACK, wa, 0);
}

/* Writes the flow rows (A then B when both exist). */
static void end(conn *c)
{
    plugin_harness_end(c->h, c->a ? c->a : c->b, c->a ? c->b : NULL);
}

/* ---- reading values ------------------------------------------------------------------------- */

static uint64_t u(plugin_harness *h, unsigned row, const char *col)
{
    return plugin_harness_u(h, FLOW, row, col);
}

static const char *txt(plugin_harness *h, unsigned row, const char *col, unsigned index)
{
    return plugin_harness_text(h, FLOW, row, col, index);
}

/* An F or D column equals `expected` within a relative 1e-6 (absolute 1e-9 near zero). */
static void assert_real(plugin_harness *h, unsigned row, const char *col, double expected)
{
    const rt_schema *s = plugin_harness_schema(h, FLOW);
    rt_value v = plugin_harness_value(h, FLOW, row, col, 0);
    double got = s->columns[plugin_harness_column_number(h, FLOW, col) - 1].column->type == RT_D ? v.n.d : v.n.f;
    ck_assert_msg(fabs(got - expected) <= fabs(expected) * 1e-6 + 1e-9, "row %u %s: %.9g, expected %.9g", row, col,
                  got, expected);
}

#define ASSERT_U(h, row, col, expected) \
    ck_assert_msg(u(h, row, col) == (uint64_t)(expected), "row %u %s: %llu, expected %llu", (unsigned)(row), col, \
                  (unsigned long long)u(h, row, col), (unsigned long long)(expected))
#define ASSERT_HEX(h, row, col, expected) ck_assert_str_eq(txt(h, row, col, 0), expected)

/* ---- schema ------------------------------------------------------------------------------- */

/* §8.1/§8.4: columns 40–91, in order, with their type codes. */
START_TEST(columns_follow_the_specification)
{
    static const struct { const char *name, *code; } expected[] = {
        { "tcpFStat", "H16" }, { "ipMindIPID", "U16" }, { "ipMaxdIPID", "U16" }, { "ipMinTTL", "U8" },
        { "ipMaxTTL", "U8" }, { "ipTTLChg", "U8" }, { "ipToS", "H8" }, { "ipFlags", "H16" },
        { "ipOptCnt", "U16" }, { "ipOptCpCl_Num", "H8_H32" }, { "ip6OptCntHH_D", "U16_U16" },
        { "ip6OptHH_D", "H32_H32" }, { "tcpISeqN", "U32" }, { "tcpPSeqCnt", "U16" }, { "tcpSeqSntBytes", "U64" },
        { "tcpSeqFaultCnt", "U16" }, { "tcpPAckCnt", "U16" }, { "tcpFlwLssAckRcvdBytes", "U64" },
        { "tcpAckFaultCnt", "U16" }, { "tcpBFlgtMx", "U32" }, { "tcpInitWinSz", "U32" }, { "tcpAvgWinSz", "F" },
        { "tcpMinWinSz", "U32" }, { "tcpMaxWinSz", "U32" }, { "tcpWinSzDwnCnt", "U16" }, { "tcpWinSzUpCnt", "U16" },
        { "tcpWinSzChgDirCnt", "U16" }, { "tcpWinSzThRt", "F" }, { "tcpFlags", "H16" }, { "tcpAnomaly", "H16" },
        { "tcpJA4T", "SC" }, { "tcpOptPktCnt", "U16" }, { "tcpOptCnt", "U16" }, { "tcpOptions", "H32" },
        { "tcpMSS", "U16" }, { "tcpWS", "U16" }, { "tcpMPTBF", "H16" }, { "tcpMPF", "H8" }, { "tcpMPAID", "U8" },
        { "tcpMPDSSF", "H8" }, { "tcpTmS", "U32" }, { "tcpTmER", "U32" }, { "tcpEcI", "F" }, { "tcpUtm", "D" },
        { "tcpBtm", "U64.U32" }, { "tcpSSASAATrip", "F" }, { "tcpRTTAckTripMin", "F" },
        { "tcpRTTAckTripMax", "F" }, { "tcpRTTAckTripAvg", "F" }, { "tcpRTTAckTripJitAvg", "F" },
        { "tcpRTTSseqAA", "F" }, { "tcpRTTAckJitAvg", "F" },
    };
    plugin_harness *h = started(NULL);
    const rt_schema *s = plugin_harness_schema(h, FLOW);
    ck_assert_uint_eq(s->n_columns, 2 + sizeof expected / sizeof expected[0]); /* after dir and flowInd */
    for (unsigned i = 0; i < sizeof expected / sizeof expected[0]; i++) {
        const rt_schema_column *col = &s->columns[2 + i];
        char code[32];
        rt_column_type_code(col->column, code, sizeof code);
        ck_assert_str_eq(col->column->name, expected[i].name);
        ck_assert_str_eq(code, expected[i].code);
        ck_assert_str_eq(col->owner, "tcpFlags");
        ck_assert_msg(col->column->description && *col->column->description, "%s has no description",
                      expected[i].name);
    }
    ck_assert_uint_eq(plugin_harness_column_number(h, RT_STREAM_PACKETS, "tcpFStat"), 0); /* no packet columns */
    plugin_harness_free(h);
}
END_TEST

/* ---- a complete connection -------------------------------------------------------------------- */

/* A: MSS 1460, NOP, WS 8, NOP, NOP, SACK permitted — the JA4T example of §8.4. */
static const uint8_t a_syn_options[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2 };
/* B: MSS 1400, SACK permitted, timestamps 12345/0, NOP, WS 7. */
static const uint8_t b_syn_options[] = { 2, 4, 0x05, 0x78, 4, 2, 8, 10, 0, 0, 0x30, 0x39, 0, 0, 0, 0, 1, 3, 3, 7 };

/* SYN with options, data both ways, FIN close; windows scaled by 256 (A) and 128 (B) after the
 * SYNs. */
static conn full_connection(plugin_harness *h)
{
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send_opts(&c, 1, 0, 1000, 0, SYN, 64240, 0, a_syn_options, sizeof a_syn_options);
    send_opts(&c, 0, 10, 5000, 1001, SYN | ACK, 65160, 0, b_syn_options, sizeof b_syn_options);
    send(&c, 1, 12, 1001, 5001, ACK, 502, 0);
    send(&c, 1, 13, 1001, 5001, PSH | ACK, 502, 100);
    send(&c, 0, 25, 5001, 1101, ACK, 509, 0);
    send(&c, 0, 26, 5001, 1101, PSH | ACK, 509, 200);
    send(&c, 1, 30, 1101, 5201, ACK, 501, 0);
    send(&c, 1, 40, 1101, 5201, FIN | ACK, 501, 0);
    send(&c, 0, 50, 5201, 1102, FIN | ACK, 509, 0);
    send(&c, 1, 52, 1102, 5202, ACK, 501, 0);
    end(&c);
    return c;
}

START_TEST(handshake_data_and_fin_close)
{
    plugin_harness *h = started(NULL);
    full_connection(h);
    /* A (row 0) */
    ASSERT_HEX(h, 0, "tcpFStat", "0x5211"); /* TCP, window tracking, scaling, checksum, SACK */
    ASSERT_U(h, 0, "tcpISeqN", 1000);
    ASSERT_U(h, 0, "tcpPSeqCnt", 5);
    ASSERT_U(h, 0, "tcpSeqSntBytes", 100);
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 0);
    ASSERT_U(h, 0, "tcpPAckCnt", 5);
    ASSERT_U(h, 0, "tcpFlwLssAckRcvdBytes", 201); /* 5001 → 5202 */
    ASSERT_U(h, 0, "tcpAckFaultCnt", 0);
    ASSERT_U(h, 0, "tcpBFlgtMx", 100);
    ASSERT_U(h, 0, "tcpInitWinSz", 64240);
    assert_real(h, 0, "tcpAvgWinSz", 117541.61296);
    ASSERT_U(h, 0, "tcpMinWinSz", 64240);
    ASSERT_U(h, 0, "tcpMaxWinSz", 502 * 256);
    ASSERT_U(h, 0, "tcpWinSzDwnCnt", 1);
    ASSERT_U(h, 0, "tcpWinSzUpCnt", 1);
    ASSERT_U(h, 0, "tcpWinSzChgDirCnt", 1);
    assert_real(h, 0, "tcpWinSzThRt", 0);
    ASSERT_HEX(h, 0, "tcpFlags", "0x011b");
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0000");
    ck_assert_str_eq(txt(h, 0, "tcpJA4T", 0), "64240_2-1-3-1-1-4_1460_8");
    ASSERT_U(h, 0, "tcpOptPktCnt", 1);
    ASSERT_U(h, 0, "tcpOptCnt", 6);
    ASSERT_HEX(h, 0, "tcpOptions", "0x0000001e");
    ASSERT_U(h, 0, "tcpMSS", 1460);
    ASSERT_U(h, 0, "tcpWS", 256);
    ASSERT_U(h, 0, "tcpTmS", 0);
    assert_real(h, 0, "tcpEcI", 0);
    ASSERT_U(h, 0, "tcpBtm", 0);
    assert_real(h, 0, "tcpSSASAATrip", 0.010);
    assert_real(h, 0, "tcpRTTAckTripMin", 0.010);
    assert_real(h, 0, "tcpRTTAckTripMax", 0.012);
    assert_real(h, 0, "tcpRTTAckTripAvg", 0.032 / 3);
    assert_real(h, 0, "tcpRTTAckTripJitAvg", sqrt(8e-6 / 9)); /* gaps 10, 12, 10 ms */
    assert_real(h, 0, "tcpRTTSseqAA", 0.012);                  /* 10 + 2 ms */
    assert_real(h, 0, "tcpRTTAckJitAvg", 0);
    /* IP columns: TTL 64, identification 0 everywhere, nothing to flag. */
    ASSERT_U(h, 0, "ipMinTTL", 64);
    ASSERT_U(h, 0, "ipMaxTTL", 64);
    ASSERT_U(h, 0, "ipTTLChg", 0);
    ASSERT_U(h, 0, "ipMindIPID", 0);
    ASSERT_U(h, 0, "ipMaxdIPID", 0);
    ASSERT_HEX(h, 0, "ipFlags", "0x0000");

    /* B (row 1) */
    ASSERT_HEX(h, 1, "tcpFStat", "0x5213"); /* ... and timestamps */
    ASSERT_U(h, 1, "tcpISeqN", 5000);
    ASSERT_U(h, 1, "tcpPSeqCnt", 3);
    ASSERT_U(h, 1, "tcpSeqSntBytes", 200);
    ASSERT_U(h, 1, "tcpPAckCnt", 4);
    ASSERT_U(h, 1, "tcpFlwLssAckRcvdBytes", 101); /* 1001 → 1102 */
    ASSERT_U(h, 1, "tcpBFlgtMx", 200);
    ASSERT_U(h, 1, "tcpInitWinSz", 65160);
    assert_real(h, 1, "tcpAvgWinSz", 65154.744);
    ASSERT_U(h, 1, "tcpMinWinSz", 509 * 128);
    ASSERT_U(h, 1, "tcpMaxWinSz", 65160);
    ASSERT_U(h, 1, "tcpWinSzDwnCnt", 1);
    ASSERT_U(h, 1, "tcpWinSzUpCnt", 0);
    ASSERT_U(h, 1, "tcpWinSzChgDirCnt", 0);
    ASSERT_HEX(h, 1, "tcpFlags", "0x031b");
    ck_assert_str_eq(txt(h, 1, "tcpJA4T", 0), "65160_2-4-8-1-3_1400_7");
    ASSERT_U(h, 1, "tcpOptCnt", 5);
    ASSERT_HEX(h, 1, "tcpOptions", "0x0000011e");
    ASSERT_U(h, 1, "tcpMSS", 1400);
    ASSERT_U(h, 1, "tcpWS", 128);
    ASSERT_U(h, 1, "tcpTmS", 12345);
    ASSERT_U(h, 1, "tcpTmER", 0);
    assert_real(h, 1, "tcpEcI", 0); /* one timestamp: no clock period */
    assert_real(h, 1, "tcpUtm", 0);
    assert_real(h, 1, "tcpSSASAATrip", 0.002);
    assert_real(h, 1, "tcpRTTAckTripMin", 0.002);
    assert_real(h, 1, "tcpRTTAckTripMax", 0.004);
    assert_real(h, 1, "tcpRTTAckTripAvg", 0.008 / 3);
    assert_real(h, 1, "tcpRTTAckTripJitAvg", sqrt(8e-6 / 9)); /* gaps 2, 4, 2 ms */
    assert_real(h, 1, "tcpRTTSseqAA", 0.032 / 3 + 0.008 / 3);
    assert_real(h, 1, "tcpRTTAckJitAvg", sqrt(16e-6 / 9));
    ASSERT_HEX(h, 1, "ipFlags", "0x0000");
    plugin_harness_free(h);
}
END_TEST

/* ---- retransmissions, duplicate ACKs, order --------------------------------------------------- */

/* Five segments; the second is lost after the capture point; three duplicate ACKs; the sender
 * repeats it 2 ms after the third: a fast retransmission (Wireshark's definition). */
START_TEST(fast_retransmission_after_three_duplicate_acks)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 2000);
    for (unsigned i = 0; i < 5; i++)
        send(&c, 1, 20 + i, 1001 + 100 * i, 5001, PSH | ACK, 1000, 100);
    send(&c, 0, 30, 5001, 1101, ACK, 2000, 0);
    for (unsigned i = 0; i < 3; i++)
        send(&c, 0, 31 + i, 5001, 1101, ACK, 2000, 0);
    send(&c, 1, 35, 1101, 5001, PSH | ACK, 1000, 100);
    send(&c, 0, 45, 5001, 1501, ACK, 2000, 0);
    end(&c);
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0004");
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 1);
    ASSERT_U(h, 0, "tcpPSeqCnt", 6);
    ASSERT_U(h, 0, "tcpSeqSntBytes", 500);
    ASSERT_U(h, 0, "tcpPAckCnt", 7);
    ASSERT_U(h, 0, "tcpBFlgtMx", 500);
    ASSERT_U(h, 0, "tcpAckFaultCnt", 0);
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0008");
    ASSERT_U(h, 1, "tcpAckFaultCnt", 3);
    ASSERT_U(h, 1, "tcpFlwLssAckRcvdBytes", 500);
    ASSERT_U(h, 1, "tcpPSeqCnt", 5);
    ASSERT_U(h, 1, "tcpSeqFaultCnt", 0);
    plugin_harness_free(h);
}
END_TEST

/* A segment repeated after a second without duplicate ACKs: a retransmission (timeout); the
 * same segment again after it was acknowledged: a spurious retransmission. */
START_TEST(timeout_and_spurious_retransmissions)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 2000);
    send(&c, 1, 20, 1001, 5001, PSH | ACK, 1000, 100);
    send(&c, 1, 1020, 1001, 5001, PSH | ACK, 1000, 100);
    send(&c, 0, 1030, 5001, 1101, ACK, 2000, 0);
    send(&c, 1, 2000, 1001, 5001, PSH | ACK, 1000, 100);
    end(&c);
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0082");
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 2);
    ASSERT_U(h, 0, "tcpSeqSntBytes", 100);
    ASSERT_U(h, 0, "tcpPSeqCnt", 2);
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0000");
    plugin_harness_free(h);
}
END_TEST

/* A later segment first (the previous one not captured), the earlier one 0.5 ms after it, well
 * within the handshake round trip of 12 ms: out of order. */
START_TEST(out_of_order_segment)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 2000);
    send(&c, 1, 20, 1101, 5001, PSH | ACK, 1000, 100);
    send(&c, 1, 20.5, 1001, 5001, PSH | ACK, 1000, 100);
    send(&c, 0, 30, 5001, 1201, ACK, 2000, 0);
    send(&c, 1, 40, 1201, 5001, PSH | ACK, 1000, 50);
    end(&c);
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0240");
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 1);
    ASSERT_U(h, 0, "tcpPSeqCnt", 2);       /* the handshake ACK and the last segment */
    ASSERT_U(h, 0, "tcpSeqSntBytes", 250); /* 1001 → 1251 */
    ASSERT_U(h, 1, "tcpFlwLssAckRcvdBytes", 200);
    plugin_harness_free(h);
}
END_TEST

/* The same segment repeated long after: not out of order but a retransmission; a repeated SYN. */
START_TEST(syn_retransmission)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send(&c, 1, 0, 1000, 0, SYN, 1000, 0);
    send(&c, 1, 1000, 1000, 0, SYN, 1000, 0);
    send(&c, 0, 1010, 5000, 1001, SYN | ACK, 2000, 0);
    send(&c, 1, 1012, 1001, 5001, ACK, 1000, 0);
    end(&c);
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0001");
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 1);
    ASSERT_U(h, 0, "tcpPSeqCnt", 1);
    assert_real(h, 0, "tcpSSASAATrip", 0.010); /* from the SYN that was answered */
    assert_real(h, 1, "tcpSSASAATrip", 0.002);
    assert_real(h, 0, "tcpRTTSseqAA", 0.012);
    plugin_harness_free(h);
}
END_TEST

/* B acknowledges data A was never seen sending. */
START_TEST(ack_of_unseen_data)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 2000);
    send(&c, 0, 20, 5001, 2001, ACK, 2000, 0);
    end(&c);
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0100");
    ASSERT_U(h, 1, "tcpAckFaultCnt", 1);
    ASSERT_U(h, 1, "tcpFlwLssAckRcvdBytes", 1000);
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0000");
    plugin_harness_free(h);
}
END_TEST

/* Keep-alives (sequence number one below the next expected, 0 or 1 byte) and their ACKs, which
 * are not duplicate ACKs. */
START_TEST(keep_alive_and_keep_alive_ack)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 2000);
    send(&c, 1, 20, 1001, 5001, PSH | ACK, 1000, 10);
    send(&c, 0, 21, 5001, 1011, ACK, 2000, 0);
    send(&c, 1, 1000, 1010, 5001, ACK, 1000, 0);
    send(&c, 0, 1001, 5001, 1011, ACK, 2000, 0);
    send(&c, 1, 2000, 1010, 5001, ACK, 1000, 1);
    send(&c, 0, 2001, 5001, 1011, ACK, 2000, 0);
    end(&c);
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0010");
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 0);
    ASSERT_U(h, 0, "tcpSeqSntBytes", 10);
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0020");
    ASSERT_U(h, 1, "tcpAckFaultCnt", 0);
    plugin_harness_free(h);
}
END_TEST

/* ---- windows ------------------------------------------------------------------------------------ */

/* B closes its window; A probes it twice with one byte (zero-window probes), B answers with zero
 * windows (ACKs to the probes), then opens it again (window update). */
START_TEST(zero_window_probe_and_window_update)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 1000);
    send(&c, 1, 20, 1001, 5001, PSH | ACK, 1000, 100);
    send(&c, 0, 25, 5001, 1101, ACK, 0, 0);
    send(&c, 1, 30, 1101, 5001, ACK, 1000, 1);
    send(&c, 0, 31, 5001, 1101, ACK, 0, 0);
    send(&c, 1, 40, 1101, 5001, ACK, 1000, 1);
    send(&c, 0, 41, 5001, 1101, ACK, 0, 0);
    send(&c, 0, 50, 5001, 1101, ACK, 1000, 0);
    send(&c, 1, 51, 1101, 5001, PSH | ACK, 1000, 100);
    end(&c);
    ASSERT_HEX(h, 0, "tcpFStat", "0x1051"); /* TCP, window tracking, ZWP, checksum */
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0000");
    ASSERT_U(h, 0, "tcpSeqFaultCnt", 0);
    ASSERT_U(h, 0, "tcpPSeqCnt", 5);
    ASSERT_U(h, 0, "tcpSeqSntBytes", 200);
    ASSERT_U(h, 0, "tcpBFlgtMx", 100);
    /* B: ZWP ACK, window update, window below winMin, trend upward at the end */
    ASSERT_HEX(h, 1, "tcpFStat", "0x19b1");
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0000");
    ASSERT_U(h, 1, "tcpAckFaultCnt", 0);
    ASSERT_U(h, 1, "tcpInitWinSz", 1000);
    ASSERT_U(h, 1, "tcpMinWinSz", 0);
    ASSERT_U(h, 1, "tcpMaxWinSz", 1000);
    ASSERT_U(h, 1, "tcpWinSzDwnCnt", 1);
    ASSERT_U(h, 1, "tcpWinSzUpCnt", 1);
    ASSERT_U(h, 1, "tcpWinSzChgDirCnt", 1);
    assert_real(h, 1, "tcpAvgWinSz", 540.1);
    assert_real(h, 1, "tcpWinSzThRt", 0.75);
    plugin_harness_free(h);
}
END_TEST

/* B's window is 100 bytes; A sends 100 bytes: the window is full. */
START_TEST(window_full)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    handshake(&c, 1000, 100);
    send(&c, 1, 20, 1001, 5001, PSH | ACK, 1000, 60);
    send(&c, 1, 21, 1061, 5001, PSH | ACK, 1000, 40);
    end(&c);
    ASSERT_HEX(h, 0, "tcpFStat", "0x1411");
    ASSERT_U(h, 0, "tcpBFlgtMx", 100);
    plugin_harness_free(h);
}
END_TEST

/* Scaling only when both SYNs carry the option; a shift above 14 counts as 14. */
START_TEST(window_scaling_needs_both_syns)
{
    static const uint8_t ws7[] = { 1, 3, 3, 7 }, ws15[] = { 1, 3, 3, 15 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send_opts(&c, 1, 0, 1000, 0, SYN, 1000, 0, ws7, sizeof ws7);
    send(&c, 0, 10, 5000, 1001, SYN | ACK, 2000, 0);
    send(&c, 1, 12, 1001, 5001, ACK, 100, 0);
    end(&c);
    ASSERT_U(h, 0, "tcpWS", 0);
    ASSERT_U(h, 0, "tcpMinWinSz", 100);
    ASSERT_U(h, 0, "tcpMaxWinSz", 1000);
    ASSERT_HEX(h, 0, "tcpFStat", "0x1011");

    conn d = new_conn(h, "192.168.1.11", "10.0.0.80", 6);
    send_opts(&d, 1, 0, 1000, 0, SYN, 1000, 0, ws15, sizeof ws15);
    send_opts(&d, 0, 10, 5000, 1001, SYN | ACK, 2000, 0, ws7, sizeof ws7);
    send(&d, 1, 12, 1001, 5001, ACK, 3, 0);
    send(&d, 0, 13, 5001, 1001, ACK, 3, 0);
    end(&d);
    ASSERT_U(h, 2, "tcpWS", 16384);
    ASSERT_U(h, 2, "tcpMaxWinSz", 3 * 16384);
    ASSERT_U(h, 2, "tcpMinWinSz", 1000); /* the SYN is never scaled */
    ASSERT_U(h, 3, "tcpWS", 128);
    ASSERT_U(h, 3, "tcpMinWinSz", 3 * 128);
    ASSERT_HEX(h, 2, "tcpFStat", "0x1a11"); /* scaling in use, upward at the end */
    plugin_harness_free(h);
}
END_TEST

/* tcpFlags.winMin moves the threshold of tcpWinSzThRt; SYN, FIN and RST packets do not count. */
START_TEST(win_min_option)
{
    plugin_harness *h = started("tcpFlags.winMin=1000");
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send(&c, 1, 0, 1000, 0, SYN, 10, 0);
    send(&c, 1, 1, 1001, 0, ACK, 500, 0);
    send(&c, 1, 2, 1001, 0, ACK, 2000, 0);
    send(&c, 1, 3, 1001, 0, ACK, 999, 0);
    send(&c, 1, 4, 1001, 0, FIN | ACK, 10, 0);
    end(&c);
    assert_real(h, 0, "tcpWinSzThRt", 2.0 / 3);
    ck_assert_uint_ne(u(h, 0, "tcpFStat") & 0x0100, 0);
    plugin_harness_free(h);
}
END_TEST

START_TEST(win_min_out_of_range_is_refused)
{
    plugin_harness *h = plugin_harness_new("tcpFlags");
    plugin_harness_option(h, "tcpFlags.winMin=-1");
    ck_assert_int_eq(plugin_harness_start(h, 0), -1);
    ck_assert_ptr_nonnull(strstr(plugin_harness_error(h), "tcpFlags.winMin"));
    plugin_harness_free(h);
}
END_TEST

/* ---- flags, closes, scans, a lone packet ------------------------------------------------------- */

/* A SYN answered by RST+ACK (closed port). */
START_TEST(rst_close)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send(&c, 1, 0, 1000, 0, SYN, 1000, 0);
    send(&c, 0, 1, 0, 1001, RST | ACK, 0, 0);
    end(&c);
    ASSERT_HEX(h, 0, "tcpFlags", "0x0002");
    ASSERT_HEX(h, 1, "tcpFlags", "0x0414");
    ASSERT_HEX(h, 0, "tcpAnomaly", "0x0000");
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0000");
    assert_real(h, 0, "tcpSSASAATrip", 0); /* no SYN-ACK */
    assert_real(h, 0, "tcpRTTAckTripMin", 0.001);
    assert_real(h, 1, "tcpWinSzThRt", 0); /* the RST does not count */
    ASSERT_HEX(h, 1, "tcpFStat", "0x1011");
    plugin_harness_free(h);
}
END_TEST

/* Scan patterns (NULL, Xmas, SYN+FIN, SYN+FIN+RST), one answered by the peer, and a SYN with
 * payload. */
START_TEST(scan_patterns_and_flag_combinations)
{
    static const struct { uint8_t flags; unsigned len; int answered; const char *tcp_flags, *anomaly; } cases[] = {
        { 0, 0, 1, "0x0800", "0x3000" },
        { FIN | PSH | URG, 0, 0, "0x8029", "0x1000" },
        { SYN | FIN, 0, 0, "0x1003", "0x1000" },
        { SYN | FIN | RST, 0, 0, "0x7007", "0x1000" },
        { SYN, 10, 0, "0x0002", "0x4000" },
        { FIN | ACK, 0, 0, "0x0111", "0x0000" },
    };
    plugin_harness *h = started(NULL);
    unsigned row = 0;
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
        send(&c, 1, 0, 1000, 0, cases[i].flags, 1024, cases[i].len);
        if (cases[i].answered)
            send(&c, 0, 1, 0, 1000, RST | ACK, 0, 0);
        end(&c);
        ck_assert_msg(strcmp(txt(h, row, "tcpFlags", 0), cases[i].tcp_flags) == 0, "case %u: tcpFlags %s", i,
                      txt(h, row, "tcpFlags", 0));
        ck_assert_msg(strcmp(txt(h, row, "tcpAnomaly", 0), cases[i].anomaly) == 0, "case %u: tcpAnomaly %s", i,
                      txt(h, row, "tcpAnomaly", 0));
        if (cases[i].answered)
            ASSERT_HEX(h, row + 1, "tcpAnomaly", "0x0000");
        row += cases[i].answered ? 2 : 1;
    }
    ASSERT_U(h, 5, "tcpSeqSntBytes", 10); /* the SYN's payload */
    plugin_harness_free(h);
}
END_TEST

/* One SYN without options and without partner; every minimum or average has its one sample. */
START_TEST(single_packet_flow)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    harness_packet p;
    segment(&c, &p, 1, 0, 77, 0, SYN, 1024, 0);
    plugin_harness_build_ip(&p, 57, 0x20);
    plugin_harness_build_ipv4_id(&p, 4242, 0x4000);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    ASSERT_HEX(h, 0, "tcpFStat", "0x1011");
    ASSERT_U(h, 0, "ipMindIPID", 0);
    ASSERT_U(h, 0, "ipMaxdIPID", 0);
    ASSERT_U(h, 0, "ipMinTTL", 57);
    ASSERT_U(h, 0, "ipMaxTTL", 57);
    ASSERT_U(h, 0, "ipTTLChg", 0);
    ASSERT_HEX(h, 0, "ipToS", "0x20");
    ASSERT_HEX(h, 0, "ipFlags", "0x0040");
    ASSERT_U(h, 0, "tcpISeqN", 77);
    ASSERT_U(h, 0, "tcpPSeqCnt", 0);
    ASSERT_U(h, 0, "tcpSeqSntBytes", 0);
    ASSERT_U(h, 0, "tcpPAckCnt", 0);
    ASSERT_U(h, 0, "tcpInitWinSz", 1024);
    ASSERT_U(h, 0, "tcpMinWinSz", 1024);
    ASSERT_U(h, 0, "tcpMaxWinSz", 1024);
    assert_real(h, 0, "tcpAvgWinSz", 1024);
    assert_real(h, 0, "tcpWinSzThRt", 0);
    ASSERT_HEX(h, 0, "tcpFlags", "0x0002");
    ck_assert_str_eq(txt(h, 0, "tcpJA4T", 0), "1024_00_00_00");
    ASSERT_U(h, 0, "tcpOptPktCnt", 0);
    ASSERT_U(h, 0, "tcpWS", 0);
    assert_real(h, 0, "tcpSSASAATrip", 0);
    assert_real(h, 0, "tcpRTTAckTripMin", 0);
    assert_real(h, 0, "tcpRTTAckTripAvg", 0);
    assert_real(h, 0, "tcpRTTSseqAA", 0);
    assert_real(h, 0, "tcpRTTAckJitAvg", 0);
    plugin_harness_free(h);
}
END_TEST

/* ---- options ------------------------------------------------------------------------------------ */

/* JA4T: NOP, NOP, WS 0, EOL and its zero padding; no MSS. Only the first EOL counts as an
 * option; the SYN-ACK's options (not the later ones) fill B's fingerprint. */
START_TEST(ja4t_padding_and_missing_values)
{
    static const uint8_t syn[] = { 1, 1, 3, 3, 0, 0, 0, 0 }, synack[] = { 2, 4, 0, 9, 1, 1, 1, 0 },
                         later[] = { 2, 4, 0x05, 0xb4 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send_opts(&c, 1, 0, 1000, 0, SYN, 1024, 0, syn, sizeof syn);
    send_opts(&c, 0, 1, 5000, 1001, SYN | ACK, 512, 0, synack, sizeof synack);
    send_opts(&c, 0, 2, 5000, 1001, SYN | ACK, 512, 0, later, sizeof later);
    end(&c);
    ck_assert_str_eq(txt(h, 0, "tcpJA4T", 0), "1024_1-1-3-0-0-0_00_0");
    ASSERT_U(h, 0, "tcpOptCnt", 4);
    ASSERT_HEX(h, 0, "tcpOptions", "0x0000000b");
    ck_assert_str_eq(txt(h, 1, "tcpJA4T", 0), "512_2-1-1-1-0_09_00");
    ASSERT_U(h, 1, "tcpMSS", 1460); /* the last MSS */
    ASSERT_U(h, 1, "tcpOptPktCnt", 2);
    ASSERT_U(h, 1, "tcpOptCnt", 6);
    ASSERT_HEX(h, 1, "tcpAnomaly", "0x0001"); /* the repeated SYN-ACK */
    plugin_harness_free(h);
}
END_TEST

/* Malformed option areas set tcpFStat 0x0008 and never read past the capture; options cut by the
 * capture are not malformed but set ipFlags 0x1000. */
START_TEST(malformed_options)
{
    static const struct { uint8_t opts[8]; unsigned len; int malformed; const char *ja4t; } cases[] = {
        { { 8, 0, 1, 1 }, 4, 1, "100_8_00_00" },                 /* length 0 */
        { { 1, 1, 2, 4 }, 4, 1, "100_1-1-2_00_00" },             /* runs past the header */
        { { 2, 3, 5, 0xb4 }, 4, 1, "100_2-180_00_00" },          /* MSS of length 3 */
        { { 1, 1, 1, 3 }, 4, 1, "100_1-1-1-3_00_00" },           /* length byte outside the header */
        { { 5, 6, 0, 0, 0, 0, 1, 1 }, 8, 1, "100_5-1-1_00_00" }, /* SACK of 6 bytes */
        { { 3, 3, 9, 1 }, 4, 0, "100_3-1_00_9" },                /* well formed */
    };
    plugin_harness *h = started(NULL);
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
        send_opts(&c, 1, 0, 1000, 0, SYN, 100, 0, cases[i].opts, cases[i].len);
        end(&c);
        ck_assert_msg(((u(h, i, "tcpFStat") & 0x0008) != 0) == cases[i].malformed, "case %u: tcpFStat %s", i,
                      txt(h, i, "tcpFStat", 0));
        ck_assert_msg(strcmp(txt(h, i, "tcpJA4T", 0), cases[i].ja4t) == 0, "case %u: %s", i, txt(h, i, "tcpJA4T", 0));
        ASSERT_U(h, i, "tcpMSS", 0);
    }
    plugin_harness_free(h);
}
END_TEST

/* A data offset below 5; a 60-byte header of which the capture holds 30 bytes. */
START_TEST(bad_and_cut_tcp_headers)
{
    static const uint8_t forty[40] = { 2, 4, 0x05, 0xb4, 1, 1, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 3, 3, 2 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    harness_packet p;
    segment(&c, &p, 1, 0, 1000, 0, SYN, 100, 0);
    plugin_harness_build_tcp_data_offset(&p, 3);
    feed(&c, &p, 1);
    end(&c);
    ck_assert_uint_ne(u(h, 0, "tcpFStat") & 0x0008, 0);
    ASSERT_U(h, 0, "tcpOptPktCnt", 0);

    conn d = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    segment(&d, &p, 1, 0, 1000, 0, SYN, 100, 0);
    plugin_harness_build_tcp_options(&p, forty, sizeof forty);
    plugin_harness_build_checksums(&p);
    p.pkt.caplen -= 30; /* the capture ends 10 bytes into the options */
    p.pkt.l4_caplen -= 30;
    feed(&d, &p, 1);
    end(&d);
    ASSERT_HEX(h, 1, "tcpFStat", "0x4011"); /* SACK permitted; not malformed; no checksum */
    ASSERT_HEX(h, 1, "ipFlags", "0x1000");
    ASSERT_U(h, 1, "tcpMSS", 1460);
    ASSERT_U(h, 1, "tcpOptCnt", 5); /* MSS, NOP, NOP, SACK permitted, the kind of the cut timestamps */
    ASSERT_U(h, 1, "tcpOptPktCnt", 1);
    ck_assert_str_eq(txt(h, 1, "tcpJA4T", 0), "100_2-1-1-4-8_1460_00");
    plugin_harness_free(h);
}
END_TEST

/* TCP timestamps: TSval 500000 at 1000 s and 510000 at 1010 s give a 1 ms clock, 510 s of
 * uptime and a boot at 500 s; a TSval going backwards sets 0x0004. */
START_TEST(tcp_timestamps_and_clock)
{
    static const uint8_t ts1[] = { 1, 1, 8, 10, 0x00, 0x07, 0xa1, 0x20, 0, 0, 0, 7 };
    static const uint8_t ts2[] = { 1, 1, 8, 10, 0x00, 0x07, 0xc8, 0x30, 0, 0, 0, 8 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    harness_packet p;
    plugin_harness_ip_packet(&p, c.a_ip, c.a_port, c.b_ip, c.b_port, 6, 1000 * PLUGIN_HARNESS_SEC);
    plugin_harness_build_tcp(&p, 1, 1, ACK, 100);
    plugin_harness_build_tcp_options(&p, ts1, sizeof ts1);
    feed(&c, &p, 1);
    plugin_harness_ip_packet(&p, c.a_ip, c.a_port, c.b_ip, c.b_port, 6, 1010 * PLUGIN_HARNESS_SEC);
    plugin_harness_build_tcp(&p, 1, 1, ACK, 100);
    plugin_harness_build_tcp_options(&p, ts2, sizeof ts2);
    feed(&c, &p, 1);
    end(&c);
    ASSERT_U(h, 0, "tcpTmS", 510000);
    ASSERT_U(h, 0, "tcpTmER", 8);
    assert_real(h, 0, "tcpEcI", 0.001);
    assert_real(h, 0, "tcpUtm", 510.0);
    ASSERT_U(h, 0, "tcpBtm", 500 * PLUGIN_HARNESS_SEC);
    ck_assert_uint_eq(u(h, 0, "tcpFStat") & 0x0006, 0x0002);

    conn d = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send_opts(&d, 1, 0, 1, 1, ACK, 100, 0, ts2, sizeof ts2);
    send_opts(&d, 1, 1, 1, 1, ACK, 100, 0, ts1, sizeof ts1);
    end(&d);
    ck_assert_uint_eq(u(h, 1, "tcpFStat") & 0x0006, 0x0006);
    assert_real(h, 1, "tcpEcI", 0);
    ASSERT_U(h, 1, "tcpBtm", 0);
    plugin_harness_free(h);
}
END_TEST

/* MPTCP: MP_CAPABLE (flags 0x81) in the SYN, DSS (flags 0x05) and ADD_ADDR (address ID 5) later. */
START_TEST(mptcp_options)
{
    static const uint8_t capable[] = { 30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t dss[] = { 30, 8, 0x20, 0x05, 0, 0, 0, 1 };
    static const uint8_t add_addr[] = { 30, 8, 0x30, 5, 192, 168, 1, 1 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send_opts(&c, 1, 0, 1000, 0, SYN, 1000, 0, capable, sizeof capable);
    send_opts(&c, 1, 1, 1001, 0, ACK, 1000, 10, dss, sizeof dss);
    send_opts(&c, 1, 2, 1011, 0, ACK, 1000, 0, add_addr, sizeof add_addr);
    end(&c);
    ASSERT_HEX(h, 0, "tcpMPTBF", "0x000d");
    ASSERT_HEX(h, 0, "tcpMPF", "0x81");
    ASSERT_HEX(h, 0, "tcpMPDSSF", "0x05");
    ASSERT_U(h, 0, "tcpMPAID", 5);
    ASSERT_HEX(h, 0, "tcpOptions", "0x40000000");
    ck_assert_uint_ne(u(h, 0, "tcpFStat") & 0x8000, 0);
    plugin_harness_free(h);
}
END_TEST

/* ---- IP header ------------------------------------------------------------------------------------ */

/* Router alert (copied, class 0, number 20), NOP, record route (7), EOL. */
START_TEST(ipv4_options)
{
    static const uint8_t opts[] = { 0x94, 4, 0, 0, 1, 7, 7, 4, 0, 0, 0, 0, 0, 0, 0, 0 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    harness_packet p;
    segment(&c, &p, 1, 0, 1000, 0, SYN, 1000, 21); /* an odd segment length for the checksum */
    plugin_harness_build_ipv4_options(&p, opts, sizeof opts);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    ASSERT_U(h, 0, "ipOptCnt", 4);
    ASSERT_HEX(h, 0, "ipOptCpCl_Num", "0x80");
    ck_assert_str_eq(txt(h, 0, "ipOptCpCl_Num", 1), "0x00100083");
    ASSERT_HEX(h, 0, "ipFlags", "0x0000");
    ASSERT_HEX(h, 0, "tcpFStat", "0x1011"); /* the TCP checksum is right behind the options */
    ASSERT_U(h, 0, "tcpSeqSntBytes", 21);
    plugin_harness_free(h);
}
END_TEST

/* Malformed IPv4 options (a length below 2; an option running past the header) and a wrong
 * header checksum. */
START_TEST(ipv4_bad_options_and_header_checksum)
{
    static const uint8_t short_len[] = { 7, 1, 0, 0 }, too_long[] = { 1, 7, 8, 4 };
    const uint8_t *opts[] = { short_len, too_long };
    plugin_harness *h = started(NULL);
    harness_packet p;
    for (unsigned i = 0; i < 2; i++) {
        conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
        ip_packet(&c, &p, 1, 0);
        plugin_harness_build_payload(&p, 10, 10);
        plugin_harness_build_ipv4_options(&p, opts[i], 4);
        plugin_harness_build_checksums(&p);
        feed(&c, &p, 1);
        end(&c);
        ASSERT_HEX(h, i, "ipFlags", "0x0001");
        ASSERT_U(h, i, "ipOptCnt", i + 1);
    }
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    plugin_harness_build_checksums(&p);
    p.frame[14 + 8]--; /* TTL changed after the checksum */
    feed(&c, &p, 1);
    end(&c);
    ASSERT_HEX(h, 2, "ipFlags", "0x0400");
    ASSERT_U(h, 2, "ipMinTTL", 63);
    plugin_harness_free(h);
}
END_TEST

/* IPv6 hop-by-hop (router alert, PadN) and destination options (type 0x1e, two Pad1), traffic
 * class 0xb8; the TCP checksum over the IPv6 pseudo-header checks out. */
START_TEST(ipv6_extension_header_options)
{
    static const uint8_t hbh[] = { 5, 2, 0, 0, 1, 0 }, dst[] = { 0x1e, 2, 0xaa, 0xbb, 0, 0 };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "2001:db8::1", "2001:db8::2", 6);
    harness_packet p;
    segment(&c, &p, 1, 0, 1000, 0, SYN, 1000, 30);
    plugin_harness_build_ipv6_ext(&p, 0, hbh, sizeof hbh);
    plugin_harness_build_ipv6_ext(&p, 60, dst, sizeof dst);
    plugin_harness_build_ip(&p, 255, 0xb8);
    plugin_harness_build_checksums(&p);
    ck_assert_str_eq(p.pkt.hdrdesc, "eth:ipv6:ipv6.hopopts:ipv6.dstopts:tcp");
    feed(&c, &p, 1);
    segment(&c, &p, 1, 1, 1031, 0, ACK, 1000, 0);
    plugin_harness_build_ipv6_ext(&p, 60, dst, sizeof dst);
    plugin_harness_build_ip(&p, 254, 0x01);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    ASSERT_U(h, 0, "ip6OptCntHH_D", 2);
    ck_assert_str_eq(txt(h, 0, "ip6OptCntHH_D", 1), "6");
    ASSERT_HEX(h, 0, "ip6OptHH_D", "0x00000022");
    ck_assert_str_eq(txt(h, 0, "ip6OptHH_D", 1), "0x40000001");
    ASSERT_HEX(h, 0, "ipToS", "0xb9");
    ASSERT_U(h, 0, "ipMinTTL", 254);
    ASSERT_U(h, 0, "ipMaxTTL", 255);
    ASSERT_U(h, 0, "ipTTLChg", 1);
    ASSERT_U(h, 0, "ipOptCnt", 0);
    ASSERT_HEX(h, 0, "ipFlags", "0x0000");
    ASSERT_HEX(h, 0, "tcpFStat", "0x1011");
    ASSERT_U(h, 0, "ipMaxdIPID", 0); /* no identification in IPv6 */
    plugin_harness_free(h);
}
END_TEST

/* TTL changes, ToS bits, identification deltas, out of order and wrapped, DF and reserved flags. */
START_TEST(ttl_tos_and_identification)
{
    static const struct { uint8_t ttl, tos; uint16_t id, flags; } pkts[] = {
        { 64, 0x10, 100, 0 }, { 64, 0x08, 101, 0x4000 }, { 63, 0, 105, 0 },
        { 64, 0, 104, 0x8000 }, { 128, 0, 65534, 0 }, { 128, 0, 1, 0 },
    };
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    harness_packet p;
    for (unsigned i = 0; i < sizeof pkts / sizeof pkts[0]; i++) {
        ip_packet(&c, &p, 1, i);
        plugin_harness_build_payload(&p, 4, 4);
        plugin_harness_build_ip(&p, pkts[i].ttl, pkts[i].tos);
        plugin_harness_build_ipv4_id(&p, pkts[i].id, pkts[i].flags);
        plugin_harness_build_checksums(&p);
        feed(&c, &p, 1);
    }
    end(&c);
    ASSERT_U(h, 0, "ipMinTTL", 63);
    ASSERT_U(h, 0, "ipMaxTTL", 128);
    ASSERT_U(h, 0, "ipTTLChg", 3);
    ASSERT_HEX(h, 0, "ipToS", "0x18");
    ASSERT_U(h, 0, "ipMindIPID", 1);
    ASSERT_U(h, 0, "ipMaxdIPID", 65535);
    ASSERT_HEX(h, 0, "ipFlags", "0x00c6"); /* out of order, wrapped, DF, reserved */
    /* UDP: TCP columns stay 0, the UDP checksums are checked. */
    ASSERT_HEX(h, 0, "tcpFStat", "0x1000");
    ASSERT_U(h, 0, "tcpISeqN", 0);
    ASSERT_HEX(h, 0, "tcpFlags", "0x0000");
    ck_assert_str_eq(txt(h, 0, "tcpJA4T", 0), "");
    ASSERT_U(h, 0, "tcpMinWinSz", 0);
    plugin_harness_free(h);
}
END_TEST

/* A UDP datagram of a given IP data length, as a fragment: offset in 8-byte units, MF flag. */
static void fragment(conn *c, harness_packet *p, double ms, uint16_t id, uint16_t offset, int more, unsigned data)
{
    ip_packet(c, p, 1, ms);
    plugin_harness_build_payload(p, data - 8, data - 8 <= 120 ? data - 8 : 0);
    if (offset)
        plugin_harness_later_fragment(p);
    else
        p->pkt.flags |= RT_PKT_FRAGMENT;
    plugin_harness_build_ipv4_id(p, id, (uint16_t)((more ? 0x2000 : 0) | offset));
    plugin_harness_build_checksums(p);
}

START_TEST(ipv4_fragments)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    /* in order, then a gap: sequence error */
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    fragment(&c, &p, 0, 7, 0, 1, 104);
    feed(&c, &p, 1);
    fragment(&c, &p, 1, 7, 13, 1, 104);
    feed(&c, &p, 1);
    fragment(&c, &p, 2, 7, 40, 0, 104);
    feed(&c, &p, 1);
    end(&c);
    ASSERT_HEX(h, 0, "ipFlags", "0x0220");
    /* a later fragment without its first: position error */
    conn d = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    fragment(&d, &p, 0, 8, 13, 0, 104);
    feed(&d, &p, 1);
    end(&d);
    ASSERT_HEX(h, 1, "ipFlags", "0x0100");
    /* a short non-last fragment, and one ending beyond 65535 */
    conn e = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    fragment(&e, &p, 0, 9, 0, 1, 16);
    feed(&e, &p, 1);
    fragment(&e, &p, 1, 10, 8189, 0, 104);
    feed(&e, &p, 1);
    end(&e);
    ASSERT_HEX(h, 2, "ipFlags", "0x0138");
    plugin_harness_free(h);
}
END_TEST

/* An IPv6 fragment header with the more-fragments flag. */
START_TEST(ipv6_fragment_header)
{
    static const uint8_t frag[] = { 0, 1, 0, 0, 0, 42 }; /* offset 0, M, identification 42 */
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "2001:db8::1", "2001:db8::2", 17);
    harness_packet p;
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 100, 100);
    plugin_harness_build_ipv6_ext(&p, 44, frag, sizeof frag);
    p.pkt.flags |= RT_PKT_FRAGMENT;
    feed(&c, &p, 1);
    end(&c);
    ASSERT_HEX(h, 0, "ipFlags", "0x0020");
    ASSERT_HEX(h, 0, "tcpFStat", "0x0000"); /* a fragment's checksum is not checked */
    plugin_harness_free(h);
}
END_TEST

/* ---- checksums and lengths ------------------------------------------------------------------------ */

/* Checks one packet of a new lone flow: the expected tcpFStat and ipFlags. */
static void assert_checked(plugin_harness *h, unsigned row, const char *fstat, const char *ip_flags)
{
    ck_assert_msg(strcmp(txt(h, row, "tcpFStat", 0), fstat) == 0, "row %u tcpFStat %s, expected %s", row,
                  txt(h, row, "tcpFStat", 0), fstat);
    ck_assert_msg(strcmp(txt(h, row, "ipFlags", 0), ip_flags) == 0, "row %u ipFlags %s, expected %s", row,
                  txt(h, row, "ipFlags", 0), ip_flags);
}

START_TEST(transport_checksums_and_udp_length)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    unsigned row = 0;
    /* TCP with a payload byte changed after the checksum */
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    segment(&c, &p, 1, 0, 1, 0, ACK, 100, 20);
    plugin_harness_build_checksums(&p);
    p.frame[p.pkt.caplen - 1] ^= 0x01;
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x1011", "0x0800");
    /* TCP with 200 payload bytes of which none is captured: not checked */
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    segment(&c, &p, 1, 0, 1, 0, ACK, 100, 200);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x0011", "0x0400"); /* the IP header checksum was never computed */
    /* UDP over IPv4 with checksum 0: not computed, not checked */
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    plugin_harness_build_checksums(&p);
    p.frame[14 + 20 + 6] = p.frame[14 + 20 + 7] = 0;
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x0000", "0x0000");
    /* UDP over IPv6 with checksum 0: wrong */
    c = new_conn(h, "2001:db8::1", "2001:db8::2", 17);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    plugin_harness_build_checksums(&p);
    p.frame[14 + 40 + 6] = p.frame[14 + 40 + 7] = 0;
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x1000", "0x0800");
    /* UDP length field 1 byte short of the IP length */
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    p.frame[14 + 20 + 5]--;
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x1000", "0x2000");
    /* UDP-Lite covering the whole datagram, right; covering 4 bytes: a coverage error */
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 136);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x1000", "0x0000");
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 136);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    p.frame[14 + 20 + 4] = 0;
    p.frame[14 + 20 + 5] = 4;
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x2000", "0x0000");
    /* ICMP echo and ICMPv6 echo, right */
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 1);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x1000", "0x0000");
    c = new_conn(h, "2001:db8::1", "2001:db8::2", 58);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x1000", "0x0000");
    /* IPv4 with a loose source route: the pseudo-header destination is the route's last address */
    static const uint8_t lsrr[] = { 131, 7, 4, 10, 0, 0, 1, 0 };
    c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    segment(&c, &p, 1, 0, 1, 0, ACK, 100, 20);
    plugin_harness_build_ipv4_options(&p, lsrr, sizeof lsrr);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x0011", "0x0000");
    /* IPv6 with a routing header with segments left: the pseudo-header destination is elsewhere */
    static const uint8_t routing[] = { 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    c = new_conn(h, "2001:db8::1", "2001:db8::2", 17);
    ip_packet(&c, &p, 1, 0);
    plugin_harness_build_payload(&p, 10, 10);
    plugin_harness_build_ipv6_ext(&p, 43, routing, sizeof routing);
    plugin_harness_build_checksums(&p);
    feed(&c, &p, 1);
    end(&c);
    assert_checked(h, row++, "0x0000", "0x0000");
    plugin_harness_free(h);
}
END_TEST

/* Two packets with the same capture time, then one earlier. */
START_TEST(identical_and_backward_timestamps)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 17);
    harness_packet p;
    const double times[] = { 10, 10, 9 };
    for (unsigned i = 0; i < 3; i++) {
        ip_packet(&c, &p, 1, times[i]);
        plugin_harness_build_payload(&p, 4, 4);
        plugin_harness_build_checksums(&p);
        feed(&c, &p, 1);
    }
    end(&c);
    ASSERT_HEX(h, 0, "ipFlags", "0xc000");
    plugin_harness_free(h);
}
END_TEST

/* ---- flows without IP ----------------------------------------------------------------------------- */

START_TEST(non_ip_flow_is_all_zero)
{
    plugin_harness *h = started(NULL);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    harness_packet p;
    plugin_harness_arp_packet(&p, "00:08:74:38:01:b4", "ff:ff:ff:ff:ff:ff", T0);
    feed(&c, &p, 1);
    end(&c);
    const rt_schema *s = plugin_harness_schema(h, FLOW);
    for (unsigned i = 2; i < s->n_columns; i++) {
        const rt_column *col = s->columns[i].column;
        unsigned parts = col->type == RT_COMPOUND ? col->n_parts : 1;
        for (unsigned k = 0; k < parts; k++) {
            rt_type type = col->type == RT_COMPOUND ? col->parts[k] : col->type;
            rt_value v = plugin_harness_value(h, FLOW, 0, col->name, k);
            if (type == RT_SC)
                ck_assert_msg(v.len == 0, "%s is not empty", col->name);
            else if (type == RT_F)
                ck_assert_msg(v.n.f == 0, "%s is not 0", col->name);
            else if (type == RT_D)
                ck_assert_msg(v.n.d == 0, "%s is not 0", col->name);
            else
                ck_assert_msg(v.n.u == 0, "%s is not 0", col->name);
        }
    }
    ASSERT_HEX(h, 0, "tcpFStat", "0x0000");
    ck_assert_str_eq(txt(h, 0, "ipOptCpCl_Num", 1), "0x00000000");
    plugin_harness_free(h);
}
END_TEST

/* ---- hostile input ------------------------------------------------------------------------------- */

static uint32_t random_state = 2463534242u;

static uint32_t next_random(void) /* xorshift32: the same sequence on every run */
{
    random_state ^= random_state << 13;
    random_state ^= random_state >> 17;
    random_state ^= random_state << 5;
    return random_state;
}

static void random_bytes(uint8_t *out, unsigned len)
{
    for (unsigned i = 0; i < len; i++)
        out[i] = (uint8_t)next_random();
}

/* Random option areas, IPv4 options, IPv6 option headers, lying data offsets and captures cut
 * anywhere after the fixed TCP header: every packet is analysed (tcpFStat 0x0001) and nothing is
 * read beyond the capture (the sanitizer build checks the exact-size copies). */
START_TEST(random_headers_are_read_within_the_capture)
{
    plugin_harness *h = started(NULL);
    harness_packet p;
    uint8_t bytes[40];
    for (unsigned i = 0; i < 2000; i++) {
        int v6 = i % 2;
        conn c = new_conn(h, v6 ? "2001:db8::1" : "192.168.1.10", v6 ? "2001:db8::2" : "10.0.0.80", 6);
        segment(&c, &p, 1, 0, next_random(), next_random(), (uint8_t)next_random(), (uint16_t)next_random(),
                next_random() % 60);
        unsigned opt_len = (next_random() % 11) * 4;
        random_bytes(bytes, opt_len);
        plugin_harness_build_tcp_options(&p, bytes, opt_len);
        if (v6) {
            uint8_t type = next_random() % 2 ? 0 : 60;
            random_bytes(bytes, 14);
            plugin_harness_build_ipv6_ext(&p, type, bytes, 14);
        } else {
            unsigned ip_opt_len = (next_random() % 6) * 4;
            random_bytes(bytes, ip_opt_len);
            plugin_harness_build_ipv4_options(&p, bytes, ip_opt_len);
        }
        if (next_random() % 4 == 0)
            plugin_harness_build_tcp_data_offset(&p, (uint8_t)(next_random() % 16));
        unsigned cut = next_random() % (p.pkt.l4_caplen - 20 + 1);
        p.pkt.caplen -= cut;
        p.pkt.l4_caplen -= cut;
        p.pkt.l7_caplen = p.pkt.l7_caplen > cut ? p.pkt.l7_caplen - cut : 0;
        if (!p.pkt.l7_caplen)
            p.pkt.l7 = NULL;
        feed(&c, &p, 1);
        end(&c);
        ck_assert_uint_ne(u(h, i, "tcpFStat") & 0x0001, 0);
    }
    plugin_harness_free(h);
}
END_TEST

/* ---- report --------------------------------------------------------------------------------------- */

START_TEST(report_aggregates_the_bit_fields)
{
    plugin_harness *h = started(NULL);
    full_connection(h);
    conn c = new_conn(h, "192.168.1.10", "10.0.0.80", 6);
    send(&c, 1, 0, 1000, 0, 0, 1024, 0);
    end(&c);
    ck_assert_str_eq(plugin_harness_report(h),
                     "tcpFlags: TCP directions analysed: 3\n"
                     "tcpFlags: aggregated tcpFStat: 0x5213\n"
                     "tcpFlags: aggregated ipFlags: 0x0000\n"
                     "tcpFlags: aggregated tcpFlags: 0x0b1b\n"
                     "tcpFlags: aggregated tcpAnomaly: 0x1000\n");
    plugin_harness_free(h);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tcpFlags");
    TCase *tc = tcase_create("tcpFlags");
    tcase_add_test(tc, columns_follow_the_specification);
    tcase_add_test(tc, handshake_data_and_fin_close);
    tcase_add_test(tc, fast_retransmission_after_three_duplicate_acks);
    tcase_add_test(tc, timeout_and_spurious_retransmissions);
    tcase_add_test(tc, out_of_order_segment);
    tcase_add_test(tc, syn_retransmission);
    tcase_add_test(tc, ack_of_unseen_data);
    tcase_add_test(tc, keep_alive_and_keep_alive_ack);
    tcase_add_test(tc, zero_window_probe_and_window_update);
    tcase_add_test(tc, window_full);
    tcase_add_test(tc, window_scaling_needs_both_syns);
    tcase_add_test(tc, win_min_option);
    tcase_add_test(tc, win_min_out_of_range_is_refused);
    tcase_add_test(tc, rst_close);
    tcase_add_test(tc, scan_patterns_and_flag_combinations);
    tcase_add_test(tc, single_packet_flow);
    tcase_add_test(tc, ja4t_padding_and_missing_values);
    tcase_add_test(tc, malformed_options);
    tcase_add_test(tc, bad_and_cut_tcp_headers);
    tcase_add_test(tc, tcp_timestamps_and_clock);
    tcase_add_test(tc, mptcp_options);
    tcase_add_test(tc, ipv4_options);
    tcase_add_test(tc, ipv4_bad_options_and_header_checksum);
    tcase_add_test(tc, ipv6_extension_header_options);
    tcase_add_test(tc, ttl_tos_and_identification);
    tcase_add_test(tc, ipv4_fragments);
    tcase_add_test(tc, ipv6_fragment_header);
    tcase_add_test(tc, transport_checksums_and_udp_length);
    tcase_add_test(tc, identical_and_backward_timestamps);
    tcase_add_test(tc, non_ip_flow_is_all_zero);
    tcase_add_test(tc, random_headers_are_read_within_the_capture);
    tcase_add_test(tc, report_aggregates_the_bit_fields);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
