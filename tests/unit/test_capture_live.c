/* test_capture_live.c — live capture on the loopback interface "lo": a UDP datagram the test
 * sends to 127.0.0.1 must arrive as a frame with the right lengths, payload, link type and a
 * timestamp near the wall clock; the kernel filter keeps other datagrams out; the counters see
 * it; capture_interrupt ends reading; a bad filter is refused. Skips (exit 77) when capturing is
 * not permitted or there is no lo. */
#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capture.h"

#define LINKTYPE_ETHERNET 1
#define HEADERS_SIZE (14 + 20 + 8) /* Ethernet (Linux presents lo so), IPv4, UDP */

static const capture_live_options loopback_options = {
    .promiscuous = 0, .snaplen = 65535, .buffer_size = 1 << 20, .timeout_ms = 100, .nanoseconds = 1
};

static capture *open_loopback(void)
{
    char err[1024] = "";
    capture *cap = capture_open_live("lo", &loopback_options, err, sizeof err);
    ck_assert_msg(cap != NULL, "%s", err);
    return cap;
}

/* Sends one UDP datagram to 127.0.0.1:port. */
static void send_datagram(uint16_t port, const char *payload)
{
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    ck_assert_int_ge(s, 0);
    struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(sendto(s, payload, strlen(payload), 0, (struct sockaddr *)&to, sizeof to), (ssize_t)strlen(payload));
    close(s);
}

static int64_t wall_clock_ns(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

START_TEST(datagram_arrives)
{
    uint16_t port = (uint16_t)(40000 + getpid() % 20000);
    char payload[64], other[64], err[1024];
    snprintf(payload, sizeof payload, "rowtap live test %d", (int)getpid());
    snprintf(other, sizeof other, "not for the filter %d", (int)getpid());

    capture *cap = open_loopback();
    ck_assert_str_eq(capture_source(cap), "lo");
    ck_assert_uint_eq(capture_linktype(cap), LINKTYPE_ETHERNET);
    ck_assert_uint_eq(capture_snaplen(cap), 65535);
    char filter[64];
    snprintf(filter, sizeof filter, "udp and dst port %u", port);
    ck_assert_msg(capture_set_filter(cap, filter, err, sizeof err) == 0, "%s", err);

    int64_t sent = wall_clock_ns();
    send_datagram((uint16_t)(port + 1), other);
    send_datagram(port, payload);
    capture_frame frame;
    capture_result r = CAPTURE_IDLE;
    for (int waits = 0; waits < 50 && r == CAPTURE_IDLE; waits++)
        r = capture_next(cap, &frame);
    ck_assert_msg(r == CAPTURE_FRAME, "no frame within 5 s (result %d: %s)", r, capture_error(cap));
    size_t size = strlen(payload);
    ck_assert_uint_eq(frame.caplen, HEADERS_SIZE + size);
    ck_assert_uint_eq(frame.wirelen, HEADERS_SIZE + size);
    ck_assert_uint_eq(frame.linktype, LINKTYPE_ETHERNET);
    ck_assert_msg(memcmp(frame.data + HEADERS_SIZE, payload, size) == 0, "the frame does not carry the datagram");
    ck_assert_int_ge(frame.time, sent - 1000000000);
    ck_assert_int_le(frame.time, wall_clock_ns() + 1000000000);

    capture_stats stats;
    capture_get_stats(cap, &stats);
    ck_assert_uint_ge(stats.received, 1);
    capture_interrupt(cap);
    ck_assert_int_eq(capture_next(cap, &frame), CAPTURE_END);
    capture_close(cap);
}
END_TEST

START_TEST(bad_filter_is_refused)
{
    char err[1024] = "";
    capture *cap = open_loopback();
    ck_assert_int_eq(capture_set_filter(cap, "udp and and", err, sizeof err), -1);
    ck_assert_msg(strstr(err, "filter \"udp and and\" does not compile for lo"), "%s", err);
    capture_close(cap);
}
END_TEST

int main(void)
{
    char err[1024] = "";
    capture *probe = capture_open_live("lo", &loopback_options, err, sizeof err);
    if (!probe && (strstr(err, "permission") || strstr(err, "not permitted") || strstr(err, "no such interface"))) {
        printf("SKIP: capturing on lo is not possible here: %s\n", err);
        return 77;
    }
    if (!probe) {
        printf("FAIL: cannot open lo: %s\n", err);
        return 1;
    }
    capture_close(probe);

    Suite *suite = suite_create("capture_live");
    TCase *live = tcase_create("loopback");
    tcase_set_timeout(live, 20);
    tcase_add_test(live, datagram_arrives);
    tcase_add_test(live, bad_filter_is_refused);
    suite_add_tcase(suite, live);
    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? 1 : 0;
}
