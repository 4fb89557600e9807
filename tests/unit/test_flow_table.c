/* test_flow_table.c — the flow table against T2-COMPAT §4: pairing and reply heuristics,
 * flowInd numbering, timeouts, eviction, fragment attribution, end order. Packets are
 * hand-made decoded_packet values (no decoder involved). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "unit_run.h"
#include "flow_table.h"

#define SEC 1000000000LL

/* Pairs ended, in order (the first 64): the flows' index, their status, whether a partner came
 * along; n counts all. */
typedef struct ended {
    uint64_t index[64];
    uint64_t status[64];
    int has_second[64];
    int n;
} ended;

static ended log_of_ends;

static void record_end(void *arg, rt_flow *first, rt_flow *second)
{
    ended *e = arg;
    if (e->n < 64) {
        e->index[e->n] = first->index;
        e->status[e->n] = first->status | (second ? second->status : 0);
        e->has_second[e->n] = second != NULL;
    }
    e->n++;
}

static flow_table *new_table(uint32_t size)
{
    memset(&log_of_ends, 0, sizeof log_of_ends);
    flow_table_config c = { .max_directions = size, .frag_entries = 64, .timeout = 182 * SEC,
                            .state_size = 32, .on_end = record_end, .arg = &log_of_ends };
    flow_table *t = flow_table_new(&c);
    ck_assert_ptr_nonnull(t);
    return t;
}

static uint8_t tcp_header[20];

/* An IPv4 packet a.b.c.d:sport -> ...:dport of protocol proto at time t (seconds). */
static decoded_packet ip4(uint8_t src_last, uint16_t sport, uint8_t dst_last, uint16_t dport, uint8_t proto, int64_t t)
{
    decoded_packet dp;
    memset(&dp, 0, sizeof dp);
    dp.pkt.ip_version = 4;
    dp.pkt.l4_proto = proto;
    uint8_t src[4] = { 10, 0, 0, src_last }, dst[4] = { 10, 0, 0, dst_last };
    memcpy(dp.pkt.src_ip, src, 4);
    memcpy(dp.pkt.dst_ip, dst, 4);
    dp.pkt.src_port = sport;
    dp.pkt.dst_port = dport;
    dp.pkt.time = t * SEC;
    if (proto == 6 || proto == 17)
        dp.pkt.flags |= RT_PKT_HAS_PORTS;
    return dp;
}

/* Looks the packet up and marks it processed as the analyzer does. */
static rt_flow *feed(flow_table *t, decoded_packet *dp, int *created)
{
    int c;
    flow_table_expire(t, dp->pkt.time);
    rt_flow *f = flow_table_lookup(t, dp, &c);
    f->status |= dp->pkt.status;
    f->last_time = dp->pkt.time;
    f->packets++;
    flow_table_touch(t, f);
    if (created)
        *created = c;
    return f;
}

START_TEST(pairing_gives_b_the_index_and_bit_0)
{
    flow_table *t = new_table(16);
    decoded_packet a = ip4(1, 40000, 2, 5000, 17, 0), b = ip4(2, 5000, 1, 40000, 17, 1);
    int created;
    rt_flow *fa = feed(t, &a, &created);
    ck_assert_int_eq(created, 1);
    ck_assert_uint_eq(fa->index, 1);
    ck_assert(!(fa->status & RT_STAT_REPLY));
    rt_flow *fb = feed(t, &b, &created);
    ck_assert_int_eq(created, 1);
    ck_assert_uint_eq(fb->index, 1);
    ck_assert(fb->status & RT_STAT_REPLY);
    ck_assert_ptr_eq(fa->partner, fb);
    ck_assert_ptr_eq(fb->partner, fa);
    ck_assert_ptr_eq(feed(t, &a, &created), fa);
    ck_assert_int_eq(created, 0);
    decoded_packet c = ip4(3, 40001, 2, 5000, 17, 2);
    ck_assert_uint_eq(feed(t, &c, NULL)->index, 2);
    flow_table_free(t);
}
END_TEST

START_TEST(reply_heuristics)
{
    flow_table *t = new_table(64);
    /* source port < 1024 and below the destination port */
    decoded_packet p1 = ip4(1, 53, 2, 33000, 17, 0);
    ck_assert(feed(t, &p1, NULL)->status & RT_STAT_REPLY);
    /* both ports < 1024 but source above destination: not a reply */
    decoded_packet p2 = ip4(1, 600, 2, 500, 17, 0);
    ck_assert(!(feed(t, &p2, NULL)->status & RT_STAT_REPLY));
    /* source port 8080/8081/8088/8089 */
    static const uint16_t proxy_ports[] = { 8080, 8081, 8088, 8089 };
    for (int i = 0; i < 4; i++) {
        decoded_packet p = ip4(3, proxy_ports[i], 4, 1000, 6, 0);
        ck_assert(feed(t, &p, NULL)->status & RT_STAT_REPLY);
    }
    /* TCP SYN+ACK from a high port */
    decoded_packet synack = ip4(5, 40000, 6, 50000, 6, 0);
    memset(tcp_header, 0, sizeof tcp_header);
    tcp_header[13] = 0x12;
    synack.pkt.l4 = tcp_header;
    synack.pkt.l4_caplen = 20;
    ck_assert(feed(t, &synack, NULL)->status & RT_STAT_REPLY);
    /* a plain SYN from the same ports is not */
    decoded_packet syn = ip4(7, 40000, 8, 50000, 6, 0);
    static uint8_t syn_header[20];
    syn_header[13] = 0x02;
    syn.pkt.l4 = syn_header;
    syn.pkt.l4_caplen = 20;
    ck_assert(!(feed(t, &syn, NULL)->status & RT_STAT_REPLY));
    /* ICMP echo reply (type 0) and request (type 8) */
    static uint8_t echo_reply[8] = { 0 }, echo_request[8] = { 8 };
    decoded_packet rep = ip4(9, 0, 10, 0, 1, 0), req = ip4(11, 0, 12, 0, 1, 0);
    rep.pkt.l4 = echo_reply;
    rep.pkt.l4_caplen = 8;
    req.pkt.l4 = echo_request;
    req.pkt.l4_caplen = 8;
    ck_assert(feed(t, &rep, NULL)->status & RT_STAT_REPLY);
    ck_assert(!(feed(t, &req, NULL)->status & RT_STAT_REPLY));
    flow_table_free(t);
}
END_TEST

START_TEST(reverse_of_a_lone_reply_is_a)
{
    flow_table *t = new_table(16);
    decoded_packet reply = ip4(2, 80, 1, 40000, 6, 0), request = ip4(1, 40000, 2, 80, 6, 1);
    rt_flow *r = feed(t, &reply, NULL);
    ck_assert(r->status & RT_STAT_REPLY);
    rt_flow *q = feed(t, &request, NULL);
    ck_assert(!(q->status & RT_STAT_REPLY));
    ck_assert_uint_eq(q->index, r->index);
    flow_table_free(t);
}
END_TEST

START_TEST(same_endpoints_tcp)
{
    flow_table *t = new_table(16);
    decoded_packet p = ip4(1, 7000, 1, 7000, 6, 0);
    rt_flow *f = feed(t, &p, NULL);
    ck_assert(f->status & RT_STAT_SAME_ENDPOINTS);
    ck_assert_ptr_null(f->partner);
    decoded_packet u = ip4(1, 7001, 1, 7001, 17, 0);
    ck_assert(!(feed(t, &u, NULL)->status & RT_STAT_SAME_ENDPOINTS));
    flow_table_free(t);
}
END_TEST

START_TEST(timeout_is_per_pair_and_inclusive)
{
    flow_table *t = new_table(16);
    decoded_packet a = ip4(1, 40000, 2, 5000, 17, 0), b = ip4(2, 5000, 1, 40000, 17, 100);
    feed(t, &a, NULL);
    feed(t, &b, NULL);
    /* 181 s after B: A idle 281 s but B only 181 s: the pair lives */
    decoded_packet other = ip4(7, 1111, 8, 2222, 17, 281);
    feed(t, &other, NULL);
    ck_assert_int_eq(log_of_ends.n, 0);
    /* exactly 182 s after the pair's last packet: ended, and the next packet gets a new index */
    decoded_packet a2 = ip4(1, 40000, 2, 5000, 17, 282);
    rt_flow *f = feed(t, &a2, NULL);
    ck_assert_int_eq(log_of_ends.n, 1);
    ck_assert_uint_eq(log_of_ends.index[0], 1);
    ck_assert(log_of_ends.has_second[0]);
    ck_assert_uint_eq(f->index, 3);
    flow_table_free(t);
}
END_TEST

START_TEST(eviction_of_least_recently_active_pair)
{
    flow_table *t = new_table(4);
    decoded_packet p1 = ip4(1, 1000, 2, 2000, 17, 0), p1r = ip4(2, 2000, 1, 1000, 17, 1);
    decoded_packet p2 = ip4(3, 1000, 4, 2000, 17, 2), p3 = ip4(5, 1000, 6, 2000, 17, 3);
    decoded_packet p4 = ip4(7, 1000, 8, 2000, 17, 4);
    feed(t, &p1, NULL);
    feed(t, &p1r, NULL);
    feed(t, &p2, NULL);
    feed(t, &p3, NULL);          /* 4 directions: full */
    feed(t, &p1, NULL);          /* pair 1 becomes the most recently active */
    feed(t, &p4, NULL);          /* evicts pair 2 (lone direction) */
    ck_assert_int_eq(log_of_ends.n, 1);
    ck_assert_uint_eq(log_of_ends.index[0], 2);
    ck_assert(log_of_ends.status[0] & RT_STAT_EVICTED);
    ck_assert_uint_eq(flow_table_get_stats(t)->evicted, 1);
    ck_assert_uint_eq(flow_table_get_stats(t)->peak, 4);
    flow_table_end_all(t);       /* remaining: pair 3, pair 1, pair 4 in LRU order */
    ck_assert_int_eq(log_of_ends.n, 4);
    ck_assert_uint_eq(log_of_ends.index[1], 3);
    ck_assert_uint_eq(log_of_ends.index[2], 1);
    ck_assert_uint_eq(log_of_ends.index[3], 4);
    ck_assert(!(log_of_ends.status[3] & RT_STAT_EVICTED));
    flow_table_free(t);
}
END_TEST

/* A fragment of datagram `id` at byte offset `offset` with `len` data bytes. */
static decoded_packet fragment(uint32_t id, uint32_t offset, uint32_t len, int more, int64_t t)
{
    decoded_packet dp = ip4(1, offset ? 0 : 40000, 2, offset ? 0 : 53, 17, t);
    dp.pkt.flags |= RT_PKT_FRAGMENT | (offset ? RT_PKT_LATER_FRAGMENT : 0);
    dp.pkt.l3_hdr_len = 20;
    dp.pkt.ip_len = 20 + len;
    dp.frag_ip_version = 4;
    dp.frag_proto = 17;
    memcpy(dp.frag_src, dp.pkt.src_ip, 4);
    memcpy(dp.frag_dst, dp.pkt.dst_ip, 4);
    dp.frag_data_len = len;
    dp.frag_id = id;
    dp.frag_offset = offset;
    dp.frag_more = more;
    return dp;
}

START_TEST(later_fragments_join_the_first_fragments_flow)
{
    flow_table *t = new_table(16);
    decoded_packet f1 = fragment(77, 0, 1480, 1, 0), f2 = fragment(77, 1480, 1480, 1, 0),
                   f3 = fragment(77, 2960, 100, 0, 0);
    rt_flow *flow = feed(t, &f1, NULL);
    ck_assert_ptr_eq(feed(t, &f2, NULL), flow);
    ck_assert_ptr_eq(feed(t, &f3, NULL), flow);
    ck_assert(!(flow->status & (RT_STAT_FRAG_SEQ_ERR | RT_STAT_FRAG_FIRST_MISSING)));
    flow_table_end_all(t);
    ck_assert(!(log_of_ends.status[0] & RT_STAT_FRAG_INCOMPLETE));
    flow_table_free(t);
}
END_TEST

START_TEST(fragment_anomalies)
{
    flow_table *t = new_table(16);
    /* a later fragment of an unknown datagram: own flow with ports 0, bit 38 */
    decoded_packet orphan = fragment(5, 1480, 100, 0, 0);
    rt_flow *o = feed(t, &orphan, NULL);
    ck_assert(o->status & RT_STAT_FRAG_FIRST_MISSING);
    ck_assert_uint_eq(o->key.src_port, 0);
    /* a gap in the offsets: bit 37; the datagram never completes: bit 39 at the end */
    decoded_packet f1 = fragment(9, 0, 1480, 1, 1), f3 = fragment(9, 2960, 1480, 1, 1);
    rt_flow *f = feed(t, &f1, NULL);
    ck_assert_ptr_eq(feed(t, &f3, NULL), f);
    ck_assert(f->status & RT_STAT_FRAG_SEQ_ERR);
    flow_table_end_all(t);
    ck_assert_int_eq(log_of_ends.n, 2);
    ck_assert(log_of_ends.status[1] & RT_STAT_FRAG_INCOMPLETE);
    ck_assert(!(log_of_ends.status[0] & RT_STAT_FRAG_INCOMPLETE));
    flow_table_free(t);
}
END_TEST

START_TEST(layer2_flows_pair_on_swapped_macs)
{
    flow_table *t = new_table(16);
    static const uint8_t m1[6] = { 0, 1, 2, 3, 4, 5 }, m2[6] = { 0, 9, 8, 7, 6, 5 }, bc[6] = { 255, 255, 255, 255, 255, 255 };
    decoded_packet req, rep, bcast;
    memset(&req, 0, sizeof req);
    req.pkt.eth_type = 0x0806;
    req.pkt.src_mac = m1;
    req.pkt.dst_mac = m2;
    rep = req;
    rep.pkt.src_mac = m2;
    rep.pkt.dst_mac = m1;
    bcast = req;
    bcast.pkt.dst_mac = bc;
    rt_flow *a = feed(t, &req, NULL), *b = feed(t, &rep, NULL), *c = feed(t, &bcast, NULL);
    ck_assert_ptr_eq(a->partner, b);
    ck_assert_uint_eq(a->index, b->index);
    ck_assert_uint_ne(c->index, a->index);
    ck_assert_ptr_null(c->partner);
    flow_table_free(t);
}
END_TEST

START_TEST(many_flows_survive_index_deletions)
{
    /* 20000 directions through a 1024-slot table: every lookup must still find its flow */
    flow_table *t = new_table(1024);
    for (int i = 0; i < 20000; i++) {
        decoded_packet p = ip4((uint8_t)(i & 0xff), (uint16_t)(1024 + i), 2, 53, 17, i / 100);
        int created;
        rt_flow *f = feed(t, &p, &created);
        ck_assert_int_eq(created, 1);
        ck_assert_ptr_eq(feed(t, &p, &created), f);
        ck_assert_int_eq(created, 0);
    }
    ck_assert_uint_le(flow_table_get_stats(t)->peak, 1024);
    ck_assert_int_eq(log_of_ends.n + (int)flow_table_get_stats(t)->in_use, 20000);
    flow_table_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("flow_table");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, pairing_gives_b_the_index_and_bit_0);
    tcase_add_test(tc, reply_heuristics);
    tcase_add_test(tc, reverse_of_a_lone_reply_is_a);
    tcase_add_test(tc, same_endpoints_tcp);
    tcase_add_test(tc, timeout_is_per_pair_and_inclusive);
    tcase_add_test(tc, eviction_of_least_recently_active_pair);
    tcase_add_test(tc, later_fragments_join_the_first_fragments_flow);
    tcase_add_test(tc, fragment_anomalies);
    tcase_add_test(tc, layer2_flows_pair_on_swapped_macs);
    tcase_add_test(tc, many_flows_survive_index_deletions);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
