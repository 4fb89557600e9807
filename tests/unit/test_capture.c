/* test_capture.c — unit tests of the capture files reader (src/capture*.c): every pcap and
 * pcapng variant built with the test pcap writer, timestamps at every resolution, file lists,
 * pipes and FIFOs, every kind of damage (frames before it delivered, message naming the file and
 * the byte offset), the BPF filter, progress, interruption and the live capture error path.
 * Expected values come from the format definitions: each test builds its input by hand. */
#include <check.h>
#include <fcntl.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture.h"
#include "../lib/pcap_writer.h"

#define LE PCAP_WRITER_LITTLE_ENDIAN
#define BE PCAP_WRITER_BIG_ENDIAN
#define ETHERNET PCAP_WRITER_LINKTYPE_ETHERNET
#define RAW PCAP_WRITER_LINKTYPE_RAW
#define NULL_LINK PCAP_WRITER_LINKTYPE_NULL
#define T0 1500000000123456789LL /* a time with a digit in every decimal place */
#define SECOND 1000000000LL

static char work_dir[] = "/tmp/test_capture.XXXXXX";

/* Path of a file in the test's folder (in one of 64 rotating buffers: enough for one test). */
static const char *in_dir(const char *name)
{
    static char paths[64][512];
    static unsigned next;
    char *path = paths[next++ % 64];
    snprintf(path, sizeof paths[0], "%s/%s", work_dir, name);
    return path;
}

/* Frame bytes: a pattern that differs per frame (seed) so mixed-up frames are noticed. */
static uint8_t frame_bytes[1 << 20];

static const uint8_t *pattern(unsigned seed, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++)
        frame_bytes[i] = (uint8_t)(seed * 31 + i * 7 + (i >> 8));
    return frame_bytes;
}

static capture *open_one(const char *path)
{
    char err[1024] = "";
    capture *cap = capture_open_files(&path, 1, err, sizeof err);
    ck_assert_msg(cap != NULL, "cannot open %s: %s", path, err);
    return cap;
}

/* The next result must be a frame with these properties; its bytes must be pattern(seed). */
static void expect_frame(capture *cap, int64_t time, uint32_t caplen, uint32_t wirelen, uint32_t linktype,
                         unsigned seed)
{
    capture_frame frame;
    capture_result r = capture_next(cap, &frame);
    ck_assert_msg(r == CAPTURE_FRAME, "expected a frame, got %d (%s)", r, capture_error(cap));
    ck_assert_int_eq(frame.time, time);
    ck_assert_uint_eq(frame.caplen, caplen);
    ck_assert_uint_eq(frame.wirelen, wirelen);
    ck_assert_uint_eq(frame.linktype, linktype);
    ck_assert_msg(memcmp(frame.data, pattern(seed, caplen), caplen) == 0, "frame bytes differ (seed %u)", seed);
}

/* The next result must be an error whose message holds every given fragment. */
static void expect_error(capture *cap, const char *fragment1, const char *fragment2)
{
    capture_frame frame;
    capture_result r = capture_next(cap, &frame);
    ck_assert_msg(r == CAPTURE_ERROR, "expected an error, got %d", r);
    const char *message = capture_error(cap);
    ck_assert_msg(strstr(message, fragment1), "message \"%s\" lacks \"%s\"", message, fragment1);
    ck_assert_msg(!fragment2 || strstr(message, fragment2), "message \"%s\" lacks \"%s\"", message, fragment2);
}

static void expect_end(capture *cap)
{
    capture_frame frame;
    capture_result r = capture_next(cap, &frame);
    ck_assert_msg(r == CAPTURE_END, "expected the end, got %d (%s)", r, r == CAPTURE_ERROR ? capture_error(cap) : "");
}

/* The capture must be at its end; closes it. */
static void expect_end_and_close(capture *cap)
{
    expect_end(cap);
    capture_close(cap);
}

/* capture_open_files must refuse the paths with a message holding both fragments. */
static void expect_open_fails(const char *const *paths, size_t n, const char *fragment1, const char *fragment2)
{
    char err[1024] = "";
    capture *cap = capture_open_files(paths, n, err, sizeof err);
    ck_assert_msg(cap == NULL, "opening %s should fail", paths[0]);
    ck_assert_msg(strstr(err, fragment1), "message \"%s\" lacks \"%s\"", err, fragment1);
    ck_assert_msg(!fragment2 || strstr(err, fragment2), "message \"%s\" lacks \"%s\"", err, fragment2);
}

/* "byte N" as text, for messages. */
static const char *byte_text(uint64_t offset)
{
    static char text[4][32];
    static unsigned next;
    char *t = text[next++ % 4];
    snprintf(t, sizeof text[0], "byte %llu", (unsigned long long)offset);
    return t;
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return (uint64_t)st.st_size;
}

/* ---- classic pcap ---- */

static const struct {
    pcap_writer_order order;
    int nanoseconds;
    uint32_t linktype;
} pcap_variants[] = {
    { LE, 0, ETHERNET },
    { BE, 0, RAW },
    { LE, 1, NULL_LINK },
    { BE, 1, ETHERNET },
};

START_TEST(pcap_variant_reads_back)
{
    const char *path = in_dir("variant.pcap");
    int nano = pcap_variants[_i].nanoseconds;
    uint32_t linktype = pcap_variants[_i].linktype;
    pcap_writer *w = pcap_writer_open_pcap(path, pcap_variants[_i].order, nano, linktype, 65535);
    pcap_writer_packet(w, 0, T0, pattern(1, 60), 60, 60);
    pcap_writer_packet(w, 0, T0 + 2 * SECOND + 999, pattern(2, 100), 100, 1514);
    pcap_writer_packet(w, 0, 0, pattern(3, 0), 0, 0);
    pcap_writer_close(w);

    capture *cap = open_one(path);
    ck_assert_uint_eq(capture_linktype(cap), linktype);
    ck_assert_uint_eq(capture_snaplen(cap), 65535);
    ck_assert_str_eq(capture_source(cap), path);
    /* Microsecond files keep whole microseconds of the written times. */
    expect_frame(cap, nano ? T0 : 1500000000123456000LL, 60, 60, linktype, 1);
    expect_frame(cap, nano ? T0 + 2 * SECOND + 999 : 1500000002123457000LL, 100, 1514, linktype, 2);
    expect_frame(cap, 0, 0, 0, linktype, 3);
    expect_end(cap);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcap_largest_seconds_value)
{
    /* Seconds are an unsigned 32-bit field: 0xffffffff is in 2106, not before 1970. */
    const char *path = in_dir("late.pcap");
    pcap_writer *w = pcap_writer_open_pcap(path, LE, 1, ETHERNET, 0);
    pcap_writer_packet(w, 0, 4294967295LL * SECOND + 999999999, pattern(1, 10), 10, 10);
    pcap_writer_close(w);
    capture *cap = open_one(path);
    expect_frame(cap, 4294967295LL * SECOND + 999999999, 10, 10, ETHERNET, 1);
    capture_close(cap);
}
END_TEST

START_TEST(pcap_snaplen_zero_means_262144)
{
    const char *path = in_dir("snap0.pcap");
    pcap_writer_close(pcap_writer_open_pcap(path, LE, 0, ETHERNET, 0));
    capture *cap = open_one(path);
    ck_assert_uint_eq(capture_snaplen(cap), 262144);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcap_caplen_above_snaplen_and_wirelen_below_caplen)
{
    const char *path = in_dir("lengths.pcap");
    pcap_writer *w = pcap_writer_open_pcap(path, LE, 0, ETHERNET, 64);
    pcap_writer_packet(w, 0, SECOND, pattern(1, 200), 200, 300);   /* above the snap length: accepted */
    pcap_writer_packet(w, 0, SECOND, pattern(2, 80), 80, 50);      /* wire length below: becomes 80 */
    pcap_writer_packet(w, 0, SECOND, pattern(3, 262144), 262144, 262144); /* the largest accepted */
    pcap_writer_close(w);
    capture *cap = open_one(path);
    expect_frame(cap, SECOND, 200, 300, ETHERNET, 1);
    expect_frame(cap, SECOND, 80, 80, ETHERNET, 2);
    expect_frame(cap, SECOND, 262144, 262144, ETHERNET, 3);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(files_larger_than_the_read_buffer)
{
    /* Frames of every size up to the largest, so records straddle the buffer's end often. */
    const char *pcap_path = in_dir("big.pcap"), *pcapng_path = in_dir("big.pcapng");
    pcap_writer *classic = pcap_writer_open_pcap(pcap_path, BE, 1, ETHERNET, 0);
    pcap_writer *ng = pcap_writer_open_pcapng(pcapng_path, LE);
    pcap_writer_interface(ng, RAW, 0, 9, 0);
    uint32_t size = 1;
    for (unsigned i = 0; i < 40; i++, size = size * 3 % 262144 + 1) {
        pcap_writer_packet(classic, 0, T0 + i, pattern(i, size), size, size);
        pcap_writer_packet(ng, 0, T0 + i, pattern(i, size), size, size);
    }
    pcap_writer_close(classic);
    pcap_writer_close(ng);
    ck_assert_uint_gt(file_size(pcap_path), 2u << 20);
    capture *caps[2] = { open_one(pcap_path), open_one(pcapng_path) };
    for (unsigned c = 0; c < 2; c++) {
        size = 1;
        for (unsigned i = 0; i < 40; i++, size = size * 3 % 262144 + 1)
            expect_frame(caps[c], T0 + i, size, size, c ? RAW : ETHERNET, i);
        expect_end_and_close(caps[c]);
    }
}
END_TEST

/* ---- pcapng ---- */

START_TEST(pcapng_interfaces_with_own_link_types)
{
    const char *path = in_dir("multi.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, LE);
    ck_assert_uint_eq(pcap_writer_interface(w, ETHERNET, 1500, PCAP_WRITER_DEFAULT_TSRESOL, 0), 0);
    ck_assert_uint_eq(pcap_writer_interface(w, RAW, 0, 9, 0), 1);
    ck_assert_uint_eq(pcap_writer_interface(w, NULL_LINK, 96, 3, 0), 2);
    pcap_writer_packet(w, 0, T0, pattern(1, 60), 60, 60);
    pcap_writer_packet(w, 1, T0 + 1, pattern(2, 40), 40, 40);
    pcap_writer_packet(w, 2, T0 + 2, pattern(3, 30), 30, 44);
    pcap_writer_packet(w, 0, T0 + 3, pattern(4, 70), 70, 70);
    pcap_writer_close(w);

    capture *cap = open_one(path);
    ck_assert_uint_eq(capture_linktype(cap), ETHERNET);
    ck_assert_uint_eq(capture_snaplen(cap), 1500);
    expect_frame(cap, 1500000000123456000LL, 60, 60, ETHERNET, 1);   /* microseconds (no if_tsresol) */
    expect_frame(cap, T0 + 1, 40, 40, RAW, 2);                       /* nanoseconds */
    expect_frame(cap, 1500000000123000000LL, 30, 44, NULL_LINK, 3);  /* milliseconds */
    expect_frame(cap, 1500000000123456000LL, 70, 70, ETHERNET, 4);
    expect_end_and_close(cap);
}
END_TEST

/* if_tsresol / if_tsoffset, raw timestamp, and the exact ns by the pcapng definition. */
static const struct {
    int tsresol;
    int64_t tsoffset;
    uint64_t units;
    int64_t ns;
} resolutions[] = {
    { 6, 0, 1500000000123456ULL, 1500000000123456000LL },
    { 9, 0, 1500000000123456789ULL, 1500000000123456789LL },
    { 3, 0, 1500000000123ULL, 1500000000123000000LL },
    { 0, 0, 1500000000ULL, 1500000000000000000LL },
    { 1, 0, 15000000001ULL, 1500000000100000000LL },
    { 12, 0, 1234567891234ULL, 1234567891LL },                  /* picoseconds: ns truncated */
    { 19, 0, 12345678901234567890ULL, 1234567890LL },           /* 10^-19 s */
    { 29, 0, 18446744073709551615ULL, 0 },                      /* 10^-29 s: 2^64 units < 1 ns */
    { 100, 0, 18446744073709551615ULL, 0 },                     /* 10^-100 s */
    { 0x80 | 20, 0, 3 * 1048576ULL + 524288, 3500000000LL },    /* 2^-20 s: 3.5 s */
    { 0x80 | 20, 0, 1, 953 },                                   /* 1e9 / 2^20 = 953.67... */
    { 0x80 | 30, 0, 1500000000ULL * 1073741824 + 536870912, 1500000000500000000LL },
    { 0x80 | 0, 0, 7, 7 * SECOND },                             /* 2^0 s: seconds */
    { 0x80 | 127, 0, 18446744073709551615ULL, 0 },
    { 6, 1000000000, 5, 1000000000000005000LL },                /* if_tsoffset 1e9 s */
    { 6, -100, 200000000, 100 * SECOND },                       /* negative offset */
};

START_TEST(pcapng_timestamp_resolution)
{
    const char *path = in_dir("resolution.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, _i % 2 ? BE : LE);
    pcap_writer_interface(w, ETHERNET, 0, resolutions[_i].tsresol, resolutions[_i].tsoffset);
    pcap_writer_epb_raw(w, 0, resolutions[_i].units, pattern(1, 20), 20, 20, NULL);
    pcap_writer_close(w);
    capture *cap = open_one(path);
    ck_assert_uint_eq(capture_snaplen(cap), 262144); /* snap length 0 in the IDB: no limit */
    expect_frame(cap, resolutions[_i].ns, 20, 20, ETHERNET, 1);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcapng_sections_with_own_byte_order)
{
    const char *path = in_dir("sections.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, LE);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_packet(w, 0, T0, pattern(1, 50), 50, 50);
    pcap_writer_section(w, BE);
    ck_assert_uint_eq(pcap_writer_interface(w, RAW, 0, 9, 0), 0);
    ck_assert_uint_eq(pcap_writer_interface(w, NULL_LINK, 0, 6, 0), 1);
    pcap_writer_packet(w, 1, T0 + SECOND, pattern(2, 51), 51, 51);
    pcap_writer_packet(w, 0, T0 + 2 * SECOND, pattern(3, 52), 52, 52);
    pcap_writer_section(w, LE);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_packet(w, 0, T0 + 3 * SECOND, pattern(4, 53), 53, 53);
    pcap_writer_close(w);

    capture *cap = open_one(path);
    expect_frame(cap, T0, 50, 50, ETHERNET, 1);
    expect_frame(cap, 1500000001123456000LL, 51, 51, NULL_LINK, 2);
    expect_frame(cap, T0 + 2 * SECOND, 52, 52, RAW, 3);
    expect_frame(cap, T0 + 3 * SECOND, 53, 53, ETHERNET, 4);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcapng_simple_and_obsolete_packet_blocks)
{
    const char *path = in_dir("spb.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, BE);
    pcap_writer_interface(w, ETHERNET, 100, 9, 0);
    pcap_writer_interface(w, RAW, 0, 6, 0);
    pcap_writer_spb(w, pattern(1, 42), 42, 42);       /* before any timestamp: time 0 */
    pcap_writer_packet(w, 0, T0, pattern(2, 60), 60, 60);
    pcap_writer_spb(w, pattern(3, 100), 100, 150);    /* cut at the snap length 100 */
    pcap_writer_spb(w, pattern(4, 10), 10, 10);       /* 10 bytes, padded to 12 in the block */
    pcap_writer_spb(w, pattern(7, 120), 120, 120);    /* more bytes than the snap length: 100 */
    pcap_writer_opb_raw(w, 0, (uint64_t)T0 + 5, pattern(5, 33), 33, 40);
    pcap_writer_spb(w, pattern(6, 7), 7, 7);
    pcap_writer_opb_raw(w, 1, 1500000000123456ULL, pattern(8, 34), 34, 34);
    pcap_writer_close(w);

    capture *cap = open_one(path);
    expect_frame(cap, 0, 42, 42, ETHERNET, 1);
    expect_frame(cap, T0, 60, 60, ETHERNET, 2);
    expect_frame(cap, T0, 100, 150, ETHERNET, 3);
    expect_frame(cap, T0, 10, 10, ETHERNET, 4);
    expect_frame(cap, T0, 100, 120, ETHERNET, 7);
    expect_frame(cap, T0 + 5, 33, 40, ETHERNET, 5);
    expect_frame(cap, T0 + 5, 7, 7, ETHERNET, 6);
    expect_frame(cap, 1500000000123456000LL, 34, 34, RAW, 8);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcapng_other_blocks_and_options_are_skipped)
{
    const char *path = in_dir("skip.pcapng");
    static const uint8_t body[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    pcap_writer *w = pcap_writer_open_pcapng(path, LE);
    pcap_writer_block(w, 0x00000bad, body, sizeof body);  /* unknown type before any interface */
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_block(w, 4, body, 8);                     /* name resolution block */
    pcap_writer_epb_raw(w, 0, (uint64_t)T0, pattern(1, 61), 61, 61, "a comment of some length");
    pcap_writer_block(w, 5, body, 4);                     /* interface statistics block */
    pcap_writer_block(w, 0x40000bad, NULL, 0);            /* an empty block of 12 bytes */
    pcap_writer_packet(w, 0, T0 + 1, pattern(2, 62), 62, 62);
    pcap_writer_block(w, 0x00000bad, pattern(9, 700000), 700000); /* longer than the read buffer */
    pcap_writer_packet(w, 0, T0 + 2, pattern(3, 63), 63, 63);
    pcap_writer_close(w);

    capture *cap = open_one(path);
    ck_assert_uint_eq(capture_linktype(cap), ETHERNET);
    expect_frame(cap, T0, 61, 61, ETHERNET, 1);
    expect_frame(cap, T0 + 1, 62, 62, ETHERNET, 2);
    expect_frame(cap, T0 + 2, 63, 63, ETHERNET, 3);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(header_only_files_end_cleanly)
{
    const char *pcap_path = in_dir("header.pcap"), *shb_path = in_dir("shb.pcapng"), *idb_path = in_dir("idb.pcapng");
    pcap_writer_close(pcap_writer_open_pcap(pcap_path, BE, 1, RAW, 1000));
    pcap_writer_close(pcap_writer_open_pcapng(shb_path, LE));
    pcap_writer *w = pcap_writer_open_pcapng(idb_path, BE);
    pcap_writer_interface(w, RAW, 200, 9, 0);
    pcap_writer_close(w);

    capture *cap = open_one(pcap_path);
    ck_assert_uint_eq(capture_linktype(cap), RAW);
    expect_end_and_close(cap);
    cap = open_one(shb_path);
    expect_end_and_close(cap);
    cap = open_one(idb_path);
    ck_assert_uint_eq(capture_linktype(cap), RAW);
    ck_assert_uint_eq(capture_snaplen(cap), 200);
    expect_end_and_close(cap);
}
END_TEST

/* ---- damage ---- */

/* A pcap with frames of 60, 70 and 80 bytes at times T0, T0+1s, T0+2s; offsets of the records. */
static const char *three_frames_pcap(uint64_t offsets[3])
{
    const char *path = in_dir("three.pcap");
    pcap_writer *w = pcap_writer_open_pcap(path, LE, 1, ETHERNET, 0);
    for (unsigned i = 0; i < 3; i++) {
        offsets[i] = pcap_writer_offset(w);
        pcap_writer_packet(w, 0, T0 + i * SECOND, pattern(i + 1, 60 + 10 * i), 60 + 10 * i, 60 + 10 * i);
    }
    pcap_writer_close(w);
    return path;
}

static void expect_first_frames(capture *cap, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        expect_frame(cap, T0 + i * SECOND, 60 + 10 * i, 60 + 10 * i, ETHERNET, i + 1);
}

START_TEST(empty_file_is_not_a_capture)
{
    const char *path = in_dir("empty.pcap");
    FILE *empty = fopen(path, "wb");
    ck_assert_ptr_nonnull(empty);
    fclose(empty);
    const char *paths[] = { path };
    expect_open_fails(paths, 1, path, ": empty file, not a capture");
}
END_TEST

START_TEST(pcap_file_damage_refused_at_open)
{
    uint64_t at[3];
    const char *good = three_frames_pcap(at);
    const char *cut = in_dir("cut-header.pcap"), *magic = in_dir("magic.pcap"), *version = in_dir("version.pcap");
    const char *tiny = in_dir("tiny.pcap");
    pcap_writer_copy_cut(good, cut, 10);
    pcap_writer_copy_patch(good, magic, 0, "\x12\x34\x56\x78", 4);
    pcap_writer_copy_patch(good, version, 4, "\x03\x00", 2);
    pcap_writer_copy_cut(good, tiny, 3);
    const char *paths[] = { cut, magic, version, tiny };
    expect_open_fails(paths + 0, 1, cut, "file header is cut: 10 of 24 bytes present");
    expect_open_fails(paths + 1, 1, magic, "not a pcap or pcapng file (first bytes 12 34 56 78)");
    expect_open_fails(paths + 2, 1, version, "unsupported format version 3.4");
    expect_open_fails(paths + 3, 1, tiny, "only 3 bytes long");
}
END_TEST

START_TEST(pcap_record_header_cut)
{
    uint64_t at[3];
    const char *good = three_frames_pcap(at);
    const char *damaged = in_dir("cut-record-header.pcap");
    pcap_writer_copy_cut(good, damaged, at[2] + 9);
    capture *cap = open_one(damaged);
    expect_first_frames(cap, 2);
    expect_error(cap, damaged, "record at byte 186 is cut: 9 of 16 header bytes present");
    ck_assert_uint_eq(at[2], 186); /* 24 + (16 + 60) + (16 + 70) */
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcap_record_data_cut)
{
    uint64_t at[3];
    const char *good = three_frames_pcap(at);
    const char *damaged = in_dir("cut-record.pcap");
    pcap_writer_copy_cut(good, damaged, at[1] + 16 + 60);
    capture *cap = open_one(damaged);
    expect_first_frames(cap, 1);
    expect_error(cap, damaged, "record at byte 100 is cut: 60 of 70 bytes present");
    expect_end_and_close(cap);
}
END_TEST

START_TEST(pcap_caplen_above_limit)
{
    uint64_t at[3];
    const char *good = three_frames_pcap(at);
    const char *damaged = in_dir("caplen.pcap");
    uint8_t caplen[4];
    pcap_writer_put32(caplen, 262145, LE);
    pcap_writer_copy_patch(good, damaged, at[1] + 8, caplen, 4);
    capture *cap = open_one(damaged);
    expect_first_frames(cap, 1);
    expect_error(cap, damaged, "record at byte 100: captured length 262145 is larger than the limit of 262144 bytes");
    expect_end_and_close(cap);
}
END_TEST

/* A pcapng file: SHB, IDB (Ethernet, ns), EPBs of 60, 70, 80 bytes; offsets of the EPBs. */
static const char *three_frames_pcapng(pcap_writer_order order, uint64_t offsets[3])
{
    const char *path = in_dir(order == LE ? "three-le.pcapng" : "three-be.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, order);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    for (unsigned i = 0; i < 3; i++) {
        offsets[i] = pcap_writer_offset(w);
        pcap_writer_packet(w, 0, T0 + i * SECOND, pattern(i + 1, 60 + 10 * i), 60 + 10 * i, 60 + 10 * i);
    }
    pcap_writer_close(w);
    return path;
}

/* A 32-bit field patched into a copy of the three-frame pcapng; the damage is in the block of
 * the third frame unless offset says otherwise. */
static const char *patched_pcapng(pcap_writer_order order, const char *name, uint64_t offset, uint32_t value)
{
    const char *damaged = in_dir(name);
    uint64_t at[3];
    const char *good = three_frames_pcapng(order, at);
    uint8_t bytes[4];
    pcap_writer_put32(bytes, value, order);
    pcap_writer_copy_patch(good, damaged, offset, bytes, 4);
    return damaged;
}

/* EPB of the third frame: 80 bytes of data, 32 + 80 = 112 bytes long. */
static uint64_t third_block(void)
{
    uint64_t at[3];
    three_frames_pcapng(LE, at);
    return at[2];
}

START_TEST(pcapng_block_length_damage)
{
    uint64_t third = third_block();
    static const struct {
        uint64_t delta;  /* where in the third block the field is */
        uint32_t value;
        const char *message; /* after "enhanced packet block at byte N" */
    } cases[] = {
        { 4, 86, " has an invalid length of 86 bytes" },
        { 4, 8, " has an invalid length of 8 bytes" },
        { 4, 24, " is too short: 24 bytes, at least 32 expected" },
        { 108, 116, ": the length at its end (116) differs from the length at its start (112)" },
        { 4, 1000, " is cut: 112 of 1000 bytes present" },
        { 20, 81, ": captured length 81 does not fit in the block of 112 bytes" },
        { 20, 262145, ": captured length 262145 is larger than the limit of 262144 bytes" },
        { 8, 3, " names interface 3, but only 1 are described" },
    };
    for (unsigned order = 0; order < 2; order++) {
        char message[256];
        snprintf(message, sizeof message, "enhanced packet block at byte %llu%s", (unsigned long long)third,
                 cases[_i].message);
        const char *damaged = patched_pcapng(order ? BE : LE, "length.pcapng", third + cases[_i].delta, cases[_i].value);
        capture *cap = open_one(damaged);
        expect_first_frames(cap, 2);
        expect_error(cap, damaged, message);
        expect_end(cap);
        capture_close(cap);
    }
}
END_TEST

START_TEST(pcapng_cut_inside_a_block)
{
    uint64_t at[3];
    const char *good = three_frames_pcapng(LE, at);
    const char *in_header = in_dir("cut-header.pcapng"), *in_body = in_dir("cut-body.pcapng");
    pcap_writer_copy_cut(good, in_header, at[2] + 5);
    pcap_writer_copy_cut(good, in_body, at[2] + 40);
    capture *cap = open_one(in_header);
    expect_first_frames(cap, 2);
    expect_error(cap, in_header, "block at byte 256 is cut: 5 of 8 header bytes present");
    ck_assert_uint_eq(at[2], 256); /* SHB 28 + IDB 32 (if_tsresol option) + EPB 92 + EPB 104 */
    capture_close(cap);
    cap = open_one(in_body);
    expect_first_frames(cap, 2);
    expect_error(cap, in_body, "enhanced packet block at byte 256 is cut: 40 of 112 bytes present");
    capture_close(cap);
}
END_TEST

START_TEST(pcapng_offsets_after_a_long_skipped_block)
{
    const char *good = in_dir("long-block.pcapng"), *damaged = in_dir("long-block-cut.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(good, LE);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_block(w, 0x00000bad, pattern(9, 700000), 700000);
    pcap_writer_packet(w, 0, T0, pattern(1, 60), 60, 60);
    uint64_t offset = pcap_writer_offset(w);
    pcap_writer_packet(w, 0, T0 + SECOND, pattern(2, 70), 70, 70);
    pcap_writer_close(w);
    pcap_writer_copy_cut(good, damaged, offset + 50);
    capture *cap = open_one(damaged);
    expect_first_frames(cap, 1);
    char message[128];
    snprintf(message, sizeof message, "enhanced packet block at byte %llu is cut: 50 of 104 bytes present",
             (unsigned long long)offset);
    expect_error(cap, damaged, message);
    capture_close(cap);
}
END_TEST

START_TEST(pcapng_packet_before_any_interface)
{
    const char *epb = in_dir("no-idb-epb.pcapng"), *spb = in_dir("no-idb-spb.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(epb, LE);
    pcap_writer_epb_raw(w, 0, 1, pattern(1, 20), 20, 20, NULL);
    pcap_writer_close(w);
    w = pcap_writer_open_pcapng(spb, BE);
    pcap_writer_spb(w, pattern(1, 20), 20, 20);
    pcap_writer_close(w);
    capture *cap = open_one(epb);
    expect_error(cap, epb, "enhanced packet block at byte 28 comes before any interface description block");
    expect_end_and_close(cap);
    cap = open_one(spb);
    expect_error(cap, spb, "simple packet block at byte 28 comes before any interface description block");
    capture_close(cap);
}
END_TEST

START_TEST(pcapng_interfaces_belong_to_their_section)
{
    /* The second section describes no interface: its packet must not use the first section's. */
    const char *path = in_dir("section-ifaces.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, LE);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_packet(w, 0, T0, pattern(1, 60), 60, 60);
    pcap_writer_section(w, BE);
    uint64_t offset = pcap_writer_offset(w);
    pcap_writer_epb_raw(w, 0, 1, pattern(2, 20), 20, 20, NULL);
    pcap_writer_close(w);
    capture *cap = open_one(path);
    expect_first_frames(cap, 1);
    expect_error(cap, path, byte_text(offset));
    ck_assert_str_eq(strstr(capture_error(cap), "comes before"), "comes before any interface description block");
    capture_close(cap);
}
END_TEST

START_TEST(pcapng_bad_section_header)
{
    uint64_t at[3];
    const char *good = three_frames_pcapng(LE, at);
    const char *order = in_dir("bom.pcapng"), *version = in_dir("ng-version.pcapng"), *bad_idb = in_dir("idb-option.pcapng");
    pcap_writer_copy_patch(good, order, 8, "\x11\x22\x33\x44", 4);
    pcap_writer_copy_patch(good, version, 12, "\x02\x00", 2);
    pcap_writer_copy_patch(good, bad_idb, 28 + 16 + 2, "\x40\x00", 2); /* if_tsresol option claims 64 bytes */
    const char *paths[] = { order, version, bad_idb };
    expect_open_fails(paths + 0, 1, order, "section header block at byte 0: byte-order magic 44332211 is not 1a2b3c4d");
    expect_open_fails(paths + 1, 1, version, "unsupported pcapng version 2.0");
    expect_open_fails(paths + 2, 1, bad_idb, "interface description block at byte 28: option 9 runs past the end");
}
END_TEST

/* The shared fuzzed capture, or NULL when $ROWTAP_SHARED does not have it. */
static const char *real_damaged_path(void)
{
    static char path[1024];
    const char *shared = getenv("ROWTAP_SHARED");
    snprintf(path, sizeof path, "%s/pcaps/suricata-fuzz-truncated.pcap", shared ? shared : "");
    return shared && access(path, R_OK) == 0 ? path : NULL;
}

START_TEST(real_damaged_capture)
{
    /* suricata-verify's fuzzed file: one complete 188-byte record at byte 24, then a record
     * header at byte 228 announcing 1409179648 captured bytes. */
    const char *path = real_damaged_path();
    capture *cap = open_one(path);
    capture_frame frame;
    ck_assert_int_eq(capture_next(cap, &frame), CAPTURE_FRAME);
    ck_assert_int_eq(frame.time, 1508525002992213000LL);
    ck_assert_uint_eq(frame.caplen, 188);
    expect_error(cap, path, "record at byte 228: captured length 1409179648 is larger than the limit");
    expect_end_and_close(cap);
}
END_TEST

/* ---- file lists ---- */

/* Writes three files: a µs pcap (2 frames), a BE pcapng (2 frames), a ns pcap (1 frame). */
static void write_list_files(const char *paths[3])
{
    paths[0] = in_dir("list-a.pcap");
    paths[1] = in_dir("list-b.pcapng");
    paths[2] = in_dir("list-c.pcap");
    pcap_writer *w = pcap_writer_open_pcap(paths[0], LE, 0, ETHERNET, 0);
    pcap_writer_packet(w, 0, 1 * SECOND, pattern(1, 41), 41, 41);
    pcap_writer_packet(w, 0, 2 * SECOND, pattern(2, 42), 42, 42);
    pcap_writer_close(w);
    w = pcap_writer_open_pcapng(paths[1], BE);
    pcap_writer_interface(w, RAW, 0, 9, 0);
    pcap_writer_packet(w, 0, 3 * SECOND, pattern(3, 43), 43, 43);
    pcap_writer_packet(w, 0, 4 * SECOND, pattern(4, 44), 44, 44);
    pcap_writer_close(w);
    w = pcap_writer_open_pcap(paths[2], BE, 1, NULL_LINK, 0);
    pcap_writer_packet(w, 0, 5 * SECOND, pattern(5, 45), 45, 45);
    pcap_writer_close(w);
}

static void expect_list_frames(capture *cap, const char *paths[3], unsigned file)
{
    static const uint32_t linktypes[] = { ETHERNET, ETHERNET, RAW, RAW, NULL_LINK };
    static const unsigned file_of[] = { 0, 0, 1, 1, 2 };
    for (unsigned i = 0; i < 5; i++) {
        if (file_of[i] != file)
            continue;
        expect_frame(cap, (i + 1) * SECOND, 41 + i, 41 + i, linktypes[i], i + 1);
        ck_assert_str_eq(capture_source(cap), paths[file]);
        ck_assert_uint_eq(capture_linktype(cap), linktypes[i]);
    }
}

START_TEST(list_is_one_stream)
{
    const char *paths[3];
    write_list_files(paths);
    char err[1024];
    capture *cap = capture_open_files(paths, 3, err, sizeof err);
    ck_assert_msg(cap, "%s", err);
    uint64_t done, total, expected_total = file_size(paths[0]) + file_size(paths[1]) + file_size(paths[2]);
    capture_progress(cap, &done, &total);
    ck_assert_uint_eq(total, expected_total);
    ck_assert_uint_eq(done, 24); /* the first file's header is read at open */
    for (unsigned file = 0; file < 3; file++) {
        expect_list_frames(cap, paths, file);
        capture_progress(cap, &done, &total);
        ck_assert_uint_le(done, total);
        if (file == 1)
            ck_assert_uint_ge(done, file_size(paths[0]) + file_size(paths[1]) - 4);
    }
    expect_end(cap);
    capture_progress(cap, &done, &total);
    ck_assert_uint_eq(done, expected_total);
    capture_stats stats = { 1, 1, 1 };
    capture_get_stats(cap, &stats);
    ck_assert_uint_eq(stats.received + stats.dropped + stats.if_dropped, 0);
    capture_close(cap);
}
END_TEST

START_TEST(list_continues_after_unreadable_and_damaged_files)
{
    const char *paths[3];
    write_list_files(paths);
    const char *missing = in_dir("missing.pcap"), *cut = in_dir("list-cut.pcapng");
    pcap_writer_copy_cut(paths[1], cut, file_size(paths[1]) - 10);
    const char *list[] = { missing, paths[0], cut, in_dir("list-empty.pcap"), paths[2] };
    pcap_writer_copy_cut(paths[0], list[3], 0);
    char err[1024];
    capture *cap = capture_open_files(list, 5, err, sizeof err);
    ck_assert_msg(cap, "%s", err);
    expect_error(cap, missing, "cannot open: No such file or directory");
    expect_list_frames(cap, paths, 0);
    expect_frame(cap, 3 * SECOND, 43, 43, RAW, 3);
    expect_error(cap, cut, "enhanced packet block at byte");
    expect_error(cap, list[3], "empty file, not a capture");
    expect_list_frames(cap, paths, 2);
    expect_end(cap);
    uint64_t done, total;
    capture_progress(cap, &done, &total);
    ck_assert_uint_eq(done, total);
    capture_close(cap);
}
END_TEST

START_TEST(list_open_errors)
{
    const char *missing = in_dir("missing.pcap");
    const char *one[] = { missing };
    expect_open_fails(one, 1, missing, "cannot open: No such file or directory");
    const char *twice[] = { "-", in_dir("list-a.pcap"), "-" };
    expect_open_fails(twice, 3, "standard input", "once");
    expect_open_fails(twice, 0, "no capture file", NULL);
}
END_TEST

/* ---- pipes ---- */

/* Feeds a file into a descriptor in small pieces from a thread (a slow producer). */
typedef struct feeder {
    const char *path;  /* the capture to send */
    const char *fifo;  /* a FIFO to open for writing, or NULL to use fd */
    int fd;
} feeder;

static void *feed(void *arg)
{
    feeder *f = arg;
    int out = f->fifo ? open(f->fifo, O_WRONLY) : f->fd;
    FILE *in = fopen(f->path, "rb");
    uint8_t chunk[4099];
    size_t got, piece = 7;
    while (out >= 0 && in && (got = fread(chunk, 1, piece, in)) > 0) {
        if (write(out, chunk, got) != (ssize_t)got)
            break;
        piece = piece == 7 ? sizeof chunk : 7;
    }
    if (in)
        fclose(in);
    close(out);
    return NULL;
}

/* A pcapng with a frame larger than a pipe's buffer between small ones. */
static const char *pipe_capture(void)
{
    const char *path = in_dir("pipe.pcapng");
    pcap_writer *w = pcap_writer_open_pcapng(path, LE);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_packet(w, 0, T0, pattern(1, 60), 60, 60);
    pcap_writer_packet(w, 0, T0 + 1, pattern(2, 200000), 200000, 200000);
    pcap_writer_packet(w, 0, T0 + 2, pattern(3, 61), 61, 61);
    pcap_writer_close(w);
    return path;
}

static void expect_pipe_frames(capture *cap)
{
    expect_frame(cap, T0, 60, 60, ETHERNET, 1);
    expect_frame(cap, T0 + 1, 200000, 200000, ETHERNET, 2);
    expect_frame(cap, T0 + 2, 61, 61, ETHERNET, 3);
    expect_end(cap);
}

START_TEST(reads_standard_input_pipe)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    close(fds[0]);
    feeder f = { .path = pipe_capture(), .fd = fds[1] };
    pthread_t thread;
    ck_assert_int_eq(pthread_create(&thread, NULL, feed, &f), 0);
    capture *cap = open_one("-");
    ck_assert_str_eq(capture_source(cap), "-");
    expect_pipe_frames(cap);
    uint64_t done, total;
    capture_progress(cap, &done, &total);
    ck_assert_uint_eq(total, 0);
    capture_close(cap);
    pthread_join(thread, NULL);
}
END_TEST

START_TEST(reads_fifo)
{
    const char *fifo = in_dir("capture.fifo");
    unlink(fifo);
    ck_assert_int_eq(mkfifo(fifo, 0600), 0);
    feeder f = { .path = pipe_capture(), .fifo = fifo };
    pthread_t thread;
    ck_assert_int_eq(pthread_create(&thread, NULL, feed, &f), 0);
    capture *cap = open_one(fifo);
    expect_pipe_frames(cap);
    capture_close(cap);
    pthread_join(thread, NULL);
}
END_TEST

/* ---- filter ---- */

/* An Ethernet frame (link == ETHERNET) or a raw IPv4 packet carrying UDP (17) or TCP (6). */
static uint32_t ip_frame(uint8_t *out, uint32_t link, uint8_t protocol)
{
    static const uint8_t ethernet[14] = { 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0x08, 0x00 };
    uint32_t n = 0;
    if (link == ETHERNET) {
        memcpy(out, ethernet, sizeof ethernet);
        n = sizeof ethernet;
    }
    uint8_t ip[40] = { 0x45, 0, 0, 40, 0, 1, 0x40, 0, 64, protocol, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
                       0x30, 0x39, 0x00, 0x35, 0, 20 };
    memcpy(out + n, ip, sizeof ip);
    return n + (uint32_t)sizeof ip;
}

/* A pcapng with Ethernet (interface 0) and raw IP (interface 1) frames, UDP and TCP, at T0 + i:
 * 0 Ethernet UDP, 1 Ethernet TCP, 2 raw TCP, 3 raw UDP, 4 Ethernet UDP. */
static const char *filter_capture(void)
{
    const char *path = in_dir("filter.pcapng");
    uint8_t frame[64];
    pcap_writer *w = pcap_writer_open_pcapng(path, LE);
    pcap_writer_interface(w, ETHERNET, 0, 9, 0);
    pcap_writer_interface(w, RAW, 0, 9, 0);
    static const struct {
        uint32_t iface;
        uint8_t protocol;
    } frames[] = { { 0, 17 }, { 0, 6 }, { 1, 6 }, { 1, 17 }, { 0, 17 } };
    for (unsigned i = 0; i < 5; i++) {
        uint32_t n = ip_frame(frame, frames[i].iface ? RAW : ETHERNET, frames[i].protocol);
        pcap_writer_packet(w, frames[i].iface, T0 + i, frame, n, n);
    }
    pcap_writer_close(w);
    return path;
}

START_TEST(filter_applies_per_link_type)
{
    const char *path = filter_capture();
    char err[1024];
    capture *cap = open_one(path);
    ck_assert_int_eq(capture_set_filter(cap, "udp and dst port 53", err, sizeof err), 0);
    capture_frame got;
    static const int64_t udp_times[] = { T0, T0 + 3, T0 + 4 };
    static const uint32_t udp_links[] = { ETHERNET, RAW, ETHERNET };
    for (unsigned i = 0; i < 3; i++) {
        ck_assert_int_eq(capture_next(cap, &got), CAPTURE_FRAME);
        ck_assert_int_eq(got.time, udp_times[i]);
        ck_assert_uint_eq(got.linktype, udp_links[i]);
    }
    expect_end_and_close(cap);

    /* Ethernet addresses mean nothing for raw IP: those frames do not pass. */
    cap = open_one(path);
    ck_assert_int_eq(capture_set_filter(cap, "ether src 66:77:88:99:aa:bb and tcp", err, sizeof err), 0);
    ck_assert_int_eq(capture_next(cap, &got), CAPTURE_FRAME);
    ck_assert_int_eq(got.time, T0 + 1);
    expect_end_and_close(cap);
}
END_TEST

START_TEST(filter_that_does_not_compile)
{
    char err[1024] = "";
    capture *cap = open_one(filter_capture());
    ck_assert_int_eq(capture_set_filter(cap, "udp and and", err, sizeof err), -1);
    ck_assert_msg(strstr(err, "filter \"udp and and\" does not compile for link type EN10MB (1): "), "%s", err);
    ck_assert_msg(strstr(err, "syntax error"), "%s", err);
    capture_close(cap);

    /* For a file of raw IP, an Ethernet-only expression is refused at once. */
    const char *path = in_dir("raw.pcap");
    pcap_writer_close(pcap_writer_open_pcap(path, LE, 0, RAW, 0));
    cap = open_one(path);
    ck_assert_int_eq(capture_set_filter(cap, "ether host 00:11:22:33:44:55", err, sizeof err), -1);
    ck_assert_msg(strstr(err, "link type RAW (101)"), "%s", err);
    capture_close(cap);
}
END_TEST

/* ---- interruption and live errors ---- */

START_TEST(interrupt_ends_reading)
{
    uint64_t at[3];
    capture *cap = open_one(three_frames_pcap(at));
    expect_first_frames(cap, 1);
    capture_interrupt(cap);
    expect_end_and_close(cap);
}
END_TEST

static void ignore_signal(int signal)
{
    (void)signal;
}

/* Interrupts a capture, then wakes the blocked reader with a signal. */
typedef struct interrupter {
    capture *cap;
    pthread_t reader;
} interrupter;

static void *interrupt_later(void *arg)
{
    interrupter *it = arg;
    usleep(200000);
    capture_interrupt(it->cap);
    pthread_kill(it->reader, SIGUSR1);
    return NULL;
}

START_TEST(interrupt_wakes_a_blocked_read)
{
    struct sigaction action = { .sa_handler = ignore_signal }; /* no SA_RESTART: read() fails with EINTR */
    sigemptyset(&action.sa_mask);
    ck_assert_int_eq(sigaction(SIGUSR1, &action, NULL), 0);
    /* Standard input is a pipe holding a file header; its writer stays open and silent. */
    const char *path = in_dir("header-only.pcap");
    pcap_writer_close(pcap_writer_open_pcap(path, LE, 0, ETHERNET, 0));
    uint8_t header[24];
    FILE *file = fopen(path, "rb");
    ck_assert_uint_eq(fread(header, 1, sizeof header, file), sizeof header);
    fclose(file);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    ck_assert_int_eq(dup2(fds[0], STDIN_FILENO), STDIN_FILENO);
    ck_assert_int_eq(write(fds[1], header, sizeof header), (ssize_t)sizeof header);
    capture *cap = open_one("-");
    interrupter it = { .cap = cap, .reader = pthread_self() };
    pthread_t thread;
    ck_assert_int_eq(pthread_create(&thread, NULL, interrupt_later, &it), 0);
    expect_end_and_close(cap);
    pthread_join(thread, NULL);
    close(fds[1]);
}
END_TEST

START_TEST(live_unknown_interface)
{
    char err[1024] = "";
    capture_live_options options = { .snaplen = 65535, .timeout_ms = 100 };
    capture *cap = capture_open_live("rowtap-nosuch0", &options, err, sizeof err);
    ck_assert_msg(cap == NULL, "a nonexistent interface opened");
    ck_assert_msg(strstr(err, "rowtap-nosuch0: cannot capture: "), "%s", err);
    if (geteuid() == 0)
        ck_assert_msg(strstr(err, "no such interface; list the interfaces"), "%s", err);
}
END_TEST

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

int main(void)
{
    if (!mkdtemp(work_dir)) {
        perror("mkdtemp");
        return 99;
    }
    Suite *suite = suite_create("capture");
    TCase *formats = tcase_create("formats");
    tcase_add_loop_test(formats, pcap_variant_reads_back, 0, sizeof pcap_variants / sizeof pcap_variants[0]);
    tcase_add_test(formats, pcap_largest_seconds_value);
    tcase_add_test(formats, pcap_snaplen_zero_means_262144);
    tcase_add_test(formats, pcap_caplen_above_snaplen_and_wirelen_below_caplen);
    tcase_add_test(formats, files_larger_than_the_read_buffer);
    tcase_add_test(formats, pcapng_interfaces_with_own_link_types);
    tcase_add_loop_test(formats, pcapng_timestamp_resolution, 0, sizeof resolutions / sizeof resolutions[0]);
    tcase_add_test(formats, pcapng_sections_with_own_byte_order);
    tcase_add_test(formats, pcapng_simple_and_obsolete_packet_blocks);
    tcase_add_test(formats, pcapng_other_blocks_and_options_are_skipped);
    tcase_add_test(formats, header_only_files_end_cleanly);
    suite_add_tcase(suite, formats);

    TCase *damage = tcase_create("damage");
    tcase_add_test(damage, empty_file_is_not_a_capture);
    tcase_add_test(damage, pcap_file_damage_refused_at_open);
    tcase_add_test(damage, pcap_record_header_cut);
    tcase_add_test(damage, pcap_record_data_cut);
    tcase_add_test(damage, pcap_caplen_above_limit);
    tcase_add_loop_test(damage, pcapng_block_length_damage, 0, 8);
    tcase_add_test(damage, pcapng_cut_inside_a_block);
    tcase_add_test(damage, pcapng_offsets_after_a_long_skipped_block);
    tcase_add_test(damage, pcapng_packet_before_any_interface);
    tcase_add_test(damage, pcapng_interfaces_belong_to_their_section);
    tcase_add_test(damage, pcapng_bad_section_header);
    if (real_damaged_path())
        tcase_add_test(damage, real_damaged_capture);
    else
        fprintf(stderr, "test_capture: no $ROWTAP_SHARED/pcaps/suricata-fuzz-truncated.pcap, "
                        "real_damaged_capture not run\n");
    suite_add_tcase(suite, damage);

    TCase *streams = tcase_create("streams");
    tcase_add_test(streams, list_is_one_stream);
    tcase_add_test(streams, list_continues_after_unreadable_and_damaged_files);
    tcase_add_test(streams, list_open_errors);
    tcase_add_test(streams, reads_standard_input_pipe);
    tcase_add_test(streams, reads_fifo);
    tcase_add_test(streams, filter_applies_per_link_type);
    tcase_add_test(streams, filter_that_does_not_compile);
    tcase_add_test(streams, interrupt_ends_reading);
    tcase_add_test(streams, interrupt_wakes_a_blocked_read);
    tcase_add_test(streams, live_unknown_interface);
    suite_add_tcase(suite, streams);

    SRunner *runner = srunner_create(suite);
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    nftw(work_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return failed ? 1 : 0;
}
