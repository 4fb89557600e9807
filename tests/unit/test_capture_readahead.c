/* test_capture_readahead.c — large capture files, which the read-ahead thread reads
 * (src/capture_readahead.c): every frame arrives whole and in order although records straddle
 * the thread's 2 MiB buffers (including 256 KiB records), pcapng blocks larger than a buffer are
 * skipped, a file list mixes large and small files, and damage near the end of a large file is
 * reported at its byte offset after every complete frame. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "../lib/pcap_writer.h"
#include "capture.h"
#include "capture_readahead.h"
#include "unit_run.h"

#define FRAMES 400
#define MAX_FRAME 262144u

static char dir[64];
static uint8_t frame[MAX_FRAME];

/* Length of frame i: mostly ordinary sizes, every 37th the largest allowed. */
static uint32_t frame_len(unsigned i)
{
    return i % 37 == 5 ? MAX_FRAME : 60 + (i * 7919u) % 30000u;
}

/* Frame i's bytes: its number in the first 4 bytes, then a pattern of i. */
static void fill_frame(unsigned i, uint32_t len)
{
    for (uint32_t k = 0; k < len; k++)
        frame[k] = (uint8_t)(i * 31u + k);
    memcpy(frame, &i, 4);
}

static void check_frame(const capture_frame *f, unsigned i)
{
    uint32_t len = frame_len(i);
    ck_assert_uint_eq(f->caplen, len);
    ck_assert_int_eq(f->time, 1600000000000000000ll + (int64_t)i * 1000);
    unsigned number;
    memcpy(&number, f->data, 4);
    ck_assert_uint_eq(number, i);
    static uint8_t expected[MAX_FRAME];
    for (uint32_t k = 4; k < len; k++)
        expected[k] = (uint8_t)(i * 31u + k);
    ck_assert_msg(memcmp(f->data + 4, expected + 4, len - 4) == 0, "frame %u: its bytes differ", i);
}

/* Writes FRAMES frames (pcapng: with a 3 MiB unknown block after every 100th frame). */
static void write_capture(const char *path, int pcapng)
{
    pcap_writer *w = pcapng ? pcap_writer_open_pcapng(path, PCAP_WRITER_LITTLE_ENDIAN)
                            : pcap_writer_open_pcap(path, PCAP_WRITER_LITTLE_ENDIAN, 0,
                                                    PCAP_WRITER_LINKTYPE_ETHERNET, MAX_FRAME);
    if (pcapng)
        pcap_writer_interface(w, PCAP_WRITER_LINKTYPE_ETHERNET, MAX_FRAME, PCAP_WRITER_DEFAULT_TSRESOL, 0);
    static uint8_t big_block[3u << 20];
    for (unsigned i = 0; i < FRAMES; i++) {
        uint32_t len = frame_len(i);
        fill_frame(i, len);
        pcap_writer_packet(w, 0, 1600000000000000000ll + (int64_t)i * 1000, frame, len, len);
        if (pcapng && i % 100 == 99)
            pcap_writer_block(w, 0x0badcafe, big_block, sizeof big_block);
    }
    pcap_writer_close(w);
}

static void setup(void)
{
    snprintf(dir, sizeof dir, "/tmp/rowtap-readahead-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static void read_all(const char *const *paths, size_t n, unsigned expect_frames)
{
    char err[512];
    capture *cap = capture_open_files(paths, n, err, sizeof err);
    ck_assert_msg(cap != NULL, "%s", err);
    capture_frame f;
    unsigned i = 0;
    capture_result r;
    while ((r = capture_next(cap, &f)) == CAPTURE_FRAME)
        check_frame(&f, i++ % FRAMES);
    ck_assert_int_eq(r, CAPTURE_END);
    ck_assert_uint_eq(i, expect_frames);
    uint64_t done, total;
    capture_progress(cap, &done, &total);
    ck_assert_uint_eq(done, total);
    capture_close(cap);
}

START_TEST(large_pcap_whole_frames_in_order)
{
    char path[128];
    snprintf(path, sizeof path, "%s/large.pcap", dir);
    write_capture(path, 0);
    const char *paths[] = { path };
    read_all(paths, 1, FRAMES);
}
END_TEST

START_TEST(large_pcapng_with_blocks_larger_than_a_buffer)
{
    char path[128];
    snprintf(path, sizeof path, "%s/large.pcapng", dir);
    write_capture(path, 1);
    const char *paths[] = { path };
    read_all(paths, 1, FRAMES);
}
END_TEST

START_TEST(list_of_large_and_small_files)
{
    char large[128], small[128];
    snprintf(large, sizeof large, "%s/large.pcap", dir);
    snprintf(small, sizeof small, "%s/small.pcap", dir);
    write_capture(large, 0);
    pcap_writer *w = pcap_writer_open_pcap(small, PCAP_WRITER_LITTLE_ENDIAN, 0, PCAP_WRITER_LINKTYPE_ETHERNET, MAX_FRAME);
    for (unsigned i = 0; i < 3; i++) {
        fill_frame(i, frame_len(i));
        pcap_writer_packet(w, 0, 1600000000000000000ll + (int64_t)i * 1000, frame, frame_len(i), frame_len(i));
    }
    pcap_writer_close(w);
    /* large, small, large: frames 0..399, 0..2, 0..399 */
    const char *paths[] = { large, small, large };
    char err[512];
    capture *cap = capture_open_files(paths, 3, err, sizeof err);
    ck_assert_msg(cap != NULL, "%s", err);
    capture_frame f;
    unsigned n = 0;
    while (capture_next(cap, &f) == CAPTURE_FRAME) {
        unsigned expect = n < FRAMES ? n : n < FRAMES + 3 ? n - FRAMES : n - FRAMES - 3;
        check_frame(&f, expect);
        n++;
    }
    ck_assert_uint_eq(n, 2 * FRAMES + 3);
    capture_close(cap);
}
END_TEST

START_TEST(cut_large_file_reports_the_offset_after_every_whole_frame)
{
    char path[128], cut[128];
    snprintf(path, sizeof path, "%s/large.pcap", dir);
    snprintf(cut, sizeof cut, "%s/cut.pcap", dir);
    write_capture(path, 0);
    /* cut in the middle of the last frame's data */
    uint64_t size = 24;
    for (unsigned i = 0; i < FRAMES; i++)
        size += 16 + frame_len(i);
    uint64_t last_start = size - 16 - frame_len(FRAMES - 1);
    pcap_writer_copy_cut(path, cut, size - 10);
    const char *paths[] = { cut };
    char err[512];
    capture *cap = capture_open_files(paths, 1, err, sizeof err);
    ck_assert_msg(cap != NULL, "%s", err);
    capture_frame f;
    unsigned i = 0;
    capture_result r;
    while ((r = capture_next(cap, &f)) == CAPTURE_FRAME)
        check_frame(&f, i++);
    ck_assert_int_eq(r, CAPTURE_ERROR);
    ck_assert_uint_eq(i, FRAMES - 1);
    char offset[32];
    snprintf(offset, sizeof offset, "byte %llu", (unsigned long long)last_start);
    ck_assert_msg(strstr(capture_error(cap), offset) != NULL, "message '%s' does not name %s", capture_error(cap), offset);
    capture_close(cap);
}
END_TEST

/* The buffer handed out before the current one stays untouched until the next call, even when the
 * thread has time to refill every buffer it may refill. */
START_TEST(previous_buffer_stays_valid_until_the_next_call)
{
    char path[128];
    snprintf(path, sizeof path, "%s/bytes", dir);
    FILE *f = fopen(path, "w");
    static uint8_t block[1 << 20];
    for (unsigned mb = 0; mb < 24; mb++) {
        memset(block, (int)(mb + 1), sizeof block);
        ck_assert_uint_eq(fwrite(block, 1, sizeof block, f), sizeof block);
    }
    fclose(f);
    int fd = open(path, O_RDONLY);
    capture_readahead *ra = capture_readahead_start(fd, 64);
    ck_assert_ptr_nonnull(ra);
    capture_readahead_chunk previous = capture_readahead_next(ra);
    for (int round = 0; round < 5; round++) {
        uint8_t first = previous.data[64], last = previous.data[64 + previous.len - 1];
        capture_readahead_chunk current = capture_readahead_next(ra);
        usleep(30000); /* time for the thread to refill whatever it was given back */
        ck_assert_uint_eq(previous.data[64], first);
        ck_assert_uint_eq(previous.data[64 + previous.len - 1], last);
        ck_assert_ptr_ne(current.data, previous.data);
        previous = current;
    }
    capture_readahead_stop(ra);
    close(fd);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("capture_readahead");
    TCase *tc = tcase_create("large files");
    tcase_set_timeout(tc, 60);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, large_pcap_whole_frames_in_order);
    tcase_add_test(tc, large_pcapng_with_blocks_larger_than_a_buffer);
    tcase_add_test(tc, list_of_large_and_small_files);
    tcase_add_test(tc, cut_large_file_reports_the_offset_after_every_whole_frame);
    tcase_add_test(tc, previous_buffer_stays_valid_until_the_next_call);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
