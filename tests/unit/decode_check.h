/* decode_check.h — shared by the decoder's unit tests: one decoder and one frame builder per test
 * (Check fixtures), decoding the built frame, and assertions on the decoded packet. */
#ifndef ROWTAP_TEST_DECODE_CHECK_H
#define ROWTAP_TEST_DECODE_CHECK_H

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "rowtap/flow.h"
#include "../lib/frame_build.h"

static decoder *dec;
static frame_builder fb;
static decoded_packet out;

static void decode_setup(void)
{
    dec = decoder_new();
    ck_assert_ptr_nonnull(dec);
    fb_init(&fb);
}

static void decode_teardown(void)
{
    decoder_free(dec);
}

/* Finishes the frame in fb and decodes it with at most snaplen bytes captured (0: all). */
static inline const rt_packet *decode_built(uint32_t snaplen)
{
    ck_assert_uint_gt(fb_finish(&fb), 0);
    capture_frame frame;
    fb_capture(&fb, snaplen, &frame);
    decoder_decode(dec, &frame, 1, 0, &out);
    return &out.pkt;
}

/* The packet's hdrDesc as a C string. */
static inline const char *hdrdesc_of(const rt_packet *pkt)
{
    static char text[256];
    ck_assert_uint_le(pkt->hdrdesc_len, 127);
    memcpy(text, pkt->hdrdesc, pkt->hdrdesc_len);
    text[pkt->hdrdesc_len] = '\0';
    return text;
}

/* hdrDesc, numHdrs and the complete status of a packet that got a flow. */
#define ck_stack(pkt, desc, hdrs, stat)                              \
    do {                                                             \
        const rt_packet *stack_pkt_ = (pkt);                         \
        ck_assert_int_eq(out.no_flow, 0);                            \
        ck_assert_str_eq(hdrdesc_of(stack_pkt_), (desc));            \
        ck_assert_uint_eq(stack_pkt_->num_hdrs, (hdrs));             \
        ck_assert_uint_eq(stack_pkt_->status, (uint64_t)(stat));     \
    } while (0)

/* A packet without a flow (§3.7) and its status bits. */
#define ck_no_flow(pkt, stat)                                        \
    do {                                                             \
        const rt_packet *no_flow_pkt_ = (pkt);                       \
        ck_assert_int_eq(out.no_flow, 1);                            \
        ck_assert_uint_eq(no_flow_pkt_->status, (uint64_t)(stat));   \
    } while (0)

/* The payload: length, captured length and its first bytes. */
#define ck_payload(pkt, len, caplen, bytes)                                         \
    do {                                                                            \
        ck_assert_uint_eq((pkt)->l7_len, (len));                                    \
        ck_assert_uint_eq((pkt)->l7_caplen, (caplen));                              \
        if (caplen)                                                                 \
            ck_assert_mem_eq((pkt)->l7, (bytes), (caplen));                         \
        else                                                                        \
            ck_assert_ptr_null((pkt)->l7);                                          \
    } while (0)

/* An address given as text equals the packet's (IPv4: the first 4 bytes, the rest zero). */
static inline void ck_address(const uint8_t *actual, const char *text)
{
    uint8_t expected[16] = { 0 };
    if (strchr(text, ':'))
        ck_assert_int_eq(fb_parse_ipv6(text, expected), 0);
    else
        ck_assert_int_eq(fb_parse_ipv4(text, expected), 0);
    ck_assert_mem_eq(actual, expected, 16);
}

static inline void ck_mac(const uint8_t *actual, const char *text)
{
    uint8_t expected[6];
    ck_assert_ptr_nonnull(actual);
    ck_assert_int_eq(fb_parse_mac(text, expected), 0);
    ck_assert_mem_eq(actual, expected, 6);
}

/* Runs a suite of one test case holding the given tests. */
#define DECODE_TEST_MAIN(suite_name, ...)                                           \
    int main(void)                                                                  \
    {                                                                               \
        const TTest *tests[] = { __VA_ARGS__ };                                     \
        Suite *suite = suite_create(suite_name);                                    \
        TCase *tc = tcase_create("decode");                                         \
        tcase_add_checked_fixture(tc, decode_setup, decode_teardown);               \
        for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)                 \
            tcase_add_test(tc, tests[i]);                                           \
        suite_add_tcase(suite, tc);                                                 \
        SRunner *runner = srunner_create(suite);                                    \
        srunner_run_all(runner, CK_NORMAL);                                         \
        int failed = srunner_ntests_failed(runner);                                 \
        srunner_free(runner);                                                       \
        return failed ? 1 : 0;                                                      \
    }

#endif
