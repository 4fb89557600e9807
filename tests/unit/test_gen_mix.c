/* test_gen_mix.c — building blocks of rowtap-gen: the mix plan (budgets add up to exactly the
 * packets asked for, every flow has one packet at least, applications fit their budgets, the plan
 * depends on the seed only), the fast Internet checksum (RFC 1071's example and a byte-wise
 * reference), the portable logarithm (known values) and the DNS message builder (a query laid out
 * by hand from RFC 1035). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen_csum.h"
#include "gen_dns.h"
#include "mix_flow.h"
#include "gen_mix_plan.h"
#include "gen_rand.h"
#include "unit_run.h"

static void check_plan(uint64_t packets, uint64_t flows, uint64_t seed)
{
    gen_mix_plan p;
    ck_assert_int_eq(gen_mix_plan_make(&p, packets, flows, seed), 0);
    ck_assert_uint_eq(p.flows, flows < packets ? flows : packets);
    uint64_t sum = 0;
    for (uint64_t i = 0; i < p.flows; i++) {
        uint32_t b = p.budget[i];
        ck_assert_uint_ge(b, 1);
        sum += b;
        switch (p.app[i]) {
        case MIX_FAIL: ck_assert_uint_le(b, 3); break;
        case MIX_HTTP: case MIX_FTP: case MIX_SMTP: case MIX_BULK: ck_assert_uint_gt(b, 3); break;
        case MIX_DNSFRAG: ck_assert(b >= 3 && b <= 7); break;
        case MIX_BIGPING: ck_assert(b % 2 == 0 && b >= 4 && b <= 12); break;
        default: ck_assert_uint_lt(p.app[i], MIX_APPS); break;
        }
    }
    ck_assert_uint_eq(sum, packets);
    gen_mix_plan_free(&p);
}

START_TEST(budgets_add_up_to_the_packets)
{
    static const uint64_t cases[][2] = {
        { 1, 1 }, { 1, 5 }, { 7, 7 }, { 10, 100 }, { 100, 3 }, { 2000, 100 }, { 12345, 678 },
        { 50, 49 }, { 1000000, 100000 }, { 3000000, 2 }, { 400, 399 }, { 99991, 7919 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (uint64_t seed = 1; seed <= 3; seed++)
            check_plan(cases[i][0], cases[i][1], seed);
}
END_TEST

START_TEST(the_plan_depends_on_the_seed)
{
    gen_mix_plan a, b, c;
    ck_assert_int_eq(gen_mix_plan_make(&a, 20000, 1000, 42), 0);
    ck_assert_int_eq(gen_mix_plan_make(&b, 20000, 1000, 42), 0);
    ck_assert_int_eq(gen_mix_plan_make(&c, 20000, 1000, 43), 0);
    ck_assert_mem_eq(a.app, b.app, 1000);
    ck_assert_mem_eq(a.budget, b.budget, 1000 * sizeof *a.budget);
    ck_assert(memcmp(a.budget, c.budget, 1000 * sizeof *a.budget) != 0);
    gen_mix_plan_free(&a);
    gen_mix_plan_free(&b);
    gen_mix_plan_free(&c);
}
END_TEST

/* RFC 1071's checksum, one 16-bit word at a time. */
static uint16_t reference_checksum(const uint8_t *p, size_t len)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < len; i += 2)
        sum += (uint32_t)p[i] << 8 | p[i + 1];
    if (len & 1)
        sum += (uint32_t)p[len - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

START_TEST(checksum_of_rfc_1071_example)
{
    /* RFC 1071 section 3: the words 0001 f203 f4f5 f6f7 add up to ddf2 (one's complement). */
    static const uint8_t bytes[8] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
    ck_assert_uint_eq(gen_csum_fold(gen_csum_add(0, bytes, sizeof bytes)), 0xffff & ~0xddf2);
}
END_TEST

START_TEST(checksum_matches_the_reference)
{
    static uint8_t buffer[1600];
    gen_rand r;
    gen_rand_seed(&r, 7, 0);
    for (size_t i = 0; i < sizeof buffer; i++)
        buffer[i] = (uint8_t)gen_rand_next(&r);
    memset(buffer + 100, 0xff, 200); /* long runs of ones: many carries */
    for (size_t len = 0; len <= 400; len++)
        for (size_t start = 0; start < 8; start += 2) {
            uint16_t fast = gen_csum_fold(gen_csum_add(0, buffer + start, len));
            ck_assert_uint_eq(fast, reference_checksum(buffer + start, len));
        }
    ck_assert_uint_eq(gen_csum_fold(gen_csum_add(0, buffer, sizeof buffer)),
                      reference_checksum(buffer, sizeof buffer));
}
END_TEST

START_TEST(logarithm_of_known_values)
{
    static const double cases[][2] = {
        { 1.0, 0.0 }, { 2.0, 0.69314718055994531 }, { 10.0, 2.30258509299404568 },
        { 0.5, -0.69314718055994531 }, { 1e-9, -20.7232658369464111 }, { 1e300, 690.775527898213705 },
    };
    for (unsigned i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_double_eq_tol(gen_rand_ln(cases[i][0]), cases[i][1], 1e-12 * (1 + fabs(cases[i][1])));
}
END_TEST

START_TEST(random_numbers_stay_in_range)
{
    gen_rand r;
    gen_rand_seed(&r, 1, 2);
    for (int i = 0; i < 10000; i++) {
        ck_assert_uint_lt(gen_rand_below(&r, 7), 7);
        int64_t v = gen_rand_range(&r, -3, 3);
        ck_assert(v >= -3 && v <= 3);
        double u = gen_rand_unit(&r);
        ck_assert(u >= 0.0 && u < 1.0);
        ck_assert_int_ge(gen_rand_pareto(&r, 6.0, 1.3, 3000), 6);
        ck_assert_int_le(gen_rand_pareto(&r, 6.0, 1.3, 3000), 3000);
    }
}
END_TEST

START_TEST(dns_query_layout)
{
    /* RFC 1035 4.1: ID, flags (RD), QDCOUNT 1, three zero counts; QNAME as labels; QTYPE A,
     * QCLASS IN. */
    static const uint8_t expected[] = { 0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
                                        3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
                                        3, 'c', 'o', 'm', 0, 0, 1, 0, 1 };
    uint8_t buf[64];
    gen_dns m;
    gen_dns_start(&m, buf, sizeof buf, 0x1234, GEN_DNS_QUERY);
    gen_dns_question(&m, "www.example.com", GEN_DNS_A);
    ck_assert_uint_eq(gen_dns_end(&m), sizeof expected);
    ck_assert_mem_eq(buf, expected, sizeof expected);
    /* an answer pointing back at the question (0xc00c), TTL 300, 4 bytes of address */
    gen_dns_start(&m, buf, sizeof buf, 0x1234, GEN_DNS_RESPONSE);
    gen_dns_question(&m, "www.example.com", GEN_DNS_A);
    gen_dns_address(&m, GEN_DNS_ANSWER, NULL, 300, "192.0.2.7");
    static const uint8_t answer[] = { 0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, 192, 0, 2, 7 };
    ck_assert_uint_eq(gen_dns_end(&m), sizeof expected + sizeof answer);
    ck_assert_uint_eq(buf[7], 1); /* ANCOUNT */
    ck_assert_mem_eq(buf + sizeof expected, answer, sizeof answer);
    /* a message that does not fit is refused */
    gen_dns_start(&m, buf, 20, 1, GEN_DNS_QUERY);
    gen_dns_question(&m, "www.example.com", GEN_DNS_A);
    ck_assert_uint_eq(gen_dns_end(&m), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("gen_mix");
    TCase *plan = tcase_create("plan");
    tcase_set_timeout(plan, 60);
    tcase_add_test(plan, budgets_add_up_to_the_packets);
    tcase_add_test(plan, the_plan_depends_on_the_seed);
    suite_add_tcase(s, plan);
    TCase *parts = tcase_create("parts");
    tcase_add_test(parts, checksum_of_rfc_1071_example);
    tcase_add_test(parts, checksum_matches_the_reference);
    tcase_add_test(parts, logarithm_of_known_values);
    tcase_add_test(parts, random_numbers_stay_in_range);
    tcase_add_test(parts, dns_query_layout);
    suite_add_tcase(s, parts);
    return unit_run(s);
}
