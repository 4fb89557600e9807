/* test_msgpack.c — the msgpack stream format of schema/msgpack.md: the encoder's bytes for every
 * type against the examples of the msgpack specification and of schema/msgpack.md, the header, the
 * sink writing real batches to files and the decoder reading them back (byte-identical batches),
 * truncated and corrupted files, the JSON rendering, and write errors. */
#include <check.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alltypes.h"
#include "json_render.h"
#include "mp_file.h"
#include "msgpack_row.h"
#include "options.h"
#include "row_writer.h"
#include "unit_run.h"

extern const rt_sink rowtap_sink;

/* ---- helpers ---- */

/* Bytes written as hex pairs separated by spaces ("93 a1 41"). */
static size_t from_hex(const char *text, uint8_t *out, size_t out_size)
{
    size_t n = 0;
    for (const char *p = text; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned byte;
        ck_assert_int_eq(sscanf(p, "%2x", &byte), 1);
        ck_assert_uint_lt(n, out_size);
        out[n++] = (uint8_t)byte;
        p += 2;
    }
    return n;
}

static void assert_bytes(const rt_buffer *got, const char *expected_hex, const char *what)
{
    uint8_t expected[256];
    size_t n = from_hex(expected_hex, expected, sizeof expected);
    char got_hex[1024] = "";
    for (size_t i = 0; i < got->len && i < 300; i++)
        snprintf(got_hex + strlen(got_hex), sizeof got_hex - strlen(got_hex), "%02x ", got->data[i]);
    ck_assert_msg(got->len == n && memcmp(got->data, expected, n) == 0, "%s: expected %s, got %s", what,
                  expected_hex, got_hex);
}

/* Encodes one value and compares with the expected bytes. */
static void check_value(rt_type type, rt_value value, const char *expected_hex, const char *what)
{
    rt_buffer out = { 0 };
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, &out);
    msgpack_row_pack_value(&pk, type, &value);
    assert_bytes(&out, expected_hex, what);
    buffer_free(&out);
}

static rt_value num_i(int64_t i) { rt_value v = { .n.i = i }; return v; }
static rt_value num_u(uint64_t u) { rt_value v = { .n.u = u }; return v; }
static rt_value bytes_of(const void *data, uint32_t len) { rt_value v = { .bytes = data, .len = len }; return v; }

static const rt_run test_run_template = {
    .program_version = "0.1.0", .prefix = NULL, .sensor_id = 666, .time_digits = 6,
    .command_line = "rowtap -r trace.pcap -s -o msgpack", .start_time = 1700000000123456789,
    .run_id = "666-1700000000-42",
};
static const char *const plugin_names[] = { "basicFlow", "allTypes" };
static const char *const plugin_versions[] = { "1.0", "2.5" };

static rt_run test_run(const rt_schema *flows, const rt_schema *packets, const char *prefix)
{
    rt_run run = test_run_template;
    run.prefix = prefix;
    run.n_plugins = 2;
    run.plugin_names = plugin_names;
    run.plugin_versions = plugin_versions;
    run.schemas[RT_STREAM_FLOWS] = flows;
    run.schemas[RT_STREAM_PACKETS] = packets;
    return run;
}

/* A file of header + the given rows, encoded directly; row_ends[i] = offset after row i. */
static void encode_file(rt_buffer *file, const rt_schema *schema, const unsigned *variants, unsigned n,
                        size_t *header_end, size_t *row_ends)
{
    rt_run run = test_run(schema, NULL, "unused");
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, file);
    msgpack_row_pack_header(&pk, schema, &run);
    *header_end = file->len;
    rt_buffer rows = { 0 };
    for (unsigned i = 0; i < n; i++) {
        rows.len = 0;
        alltypes_write_row(&rows, schema, variants[i]);
        rt_batch batch = { schema->stream, schema, 1, rows.len, rows.data };
        rt_cursor cursor;
        rt_cursor_init(&cursor, &batch);
        msgpack_row_pack_row(&pk, schema, &cursor);
        row_ends[i] = file->len;
    }
    buffer_free(&rows);
}

/* Decodes a whole file held in memory; returns the rows appended to `out`, -1 for a header error.
 * The last error message (or "") goes to err. */
static long decode_memory(const uint8_t *data, size_t len, rt_buffer *out, char *err, size_t err_size)
{
    mp_file *f = mp_file_open_memory(data, len, "test.msgpack");
    ck_assert_ptr_nonnull(f);
    long total = -1;
    err[0] = '\0';
    if (mp_file_read_header(f) == 0) {
        long n;
        total = 0;
        while ((n = mp_file_read_rows(f, out, 1000)) > 0)
            total += n;
        if (n < 0)
            snprintf(err, err_size, "%s", mp_file_error(f));
    } else {
        snprintf(err, err_size, "%s", mp_file_error(f));
    }
    mp_file_close(f);
    return total;
}

static void assert_contains(const char *text, const char *part)
{
    ck_assert_msg(strstr(text, part) != NULL, "'%s' does not contain '%s'", text, part);
}

/* ---- encoder: one value of every type ---- */

START_TEST(integers_use_the_smallest_form)
{
    check_value(RT_I8, num_i(-3), "fd", "I8 -3 (negative fixint)");
    check_value(RT_I8, num_i(-128), "d0 80", "I8 -128 (int 8)");
    check_value(RT_I16, num_i(-300), "d1 fe d4", "I16 -300 (int 16)");
    check_value(RT_I32, num_i(-70000), "d2 ff fe ee 90", "I32 -70000 (int 32)");
    check_value(RT_I64, num_i(-5000000000), "d3 ff ff ff fe d5 fa 0e 00", "I64 -5000000000 (int 64)");
    check_value(RT_I64, num_i(INT64_MIN), "d3 80 00 00 00 00 00 00 00", "I64 minimum");
    check_value(RT_I16, num_i(5), "05", "I16 5 (positive fixint)");
    check_value(RT_U8, num_u(127), "7f", "U8 127 (positive fixint)");
    check_value(RT_U8, num_u(200), "cc c8", "U8 200 (uint 8)");
    check_value(RT_U16, num_u(58401), "cd e4 21", "U16 58401 (uint 16)");
    check_value(RT_U32, num_u(4000000000u), "ce ee 6b 28 00", "U32 4000000000 (uint 32)");
    check_value(RT_U64, num_u(UINT64_MAX), "cf ff ff ff ff ff ff ff ff", "U64 maximum (uint 64)");
    check_value(RT_U64, num_u(0), "00", "U64 0");
    check_value(RT_H8, num_u(0x01), "01", "H8 0x01");
    check_value(RT_H16, num_u(0x0800), "cd 08 00", "H16 0x0800");
    check_value(RT_H64, num_u(0x0000000200004001u), "cf 00 00 00 02 00 00 40 01", "H64 flowStat");
}
END_TEST

START_TEST(floats_strings_and_bytes)
{
    rt_value f = { .n.f = 0.1f }, d = { .n.d = 1.5 }, c = { .n.c = 'A' };
    check_value(RT_F, f, "ca 3d cc cc cd", "F 0.1 (float 32)");
    check_value(RT_D, d, "cb 3f f8 00 00 00 00 00 00", "D 1.5 (float 64)");
    check_value(RT_C, c, "a1 41", "C 'A'");
    check_value(RT_S, bytes_of("arin", 4), "a4 61 72 69 6e", "S arin (fixstr)");
    check_value(RT_SC, bytes_of("", 0), "a0", "SC empty");
    char s32[32];
    memset(s32, 'x', sizeof s32);
    check_value(RT_S, bytes_of(s32, 2), "a2 78 78", "S of 2");
    rt_buffer out = { 0 };
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, &out);
    rt_value long_string = bytes_of(s32, 32);
    msgpack_row_pack_value(&pk, RT_S, &long_string);
    ck_assert_uint_eq(out.len, 34);
    ck_assert_uint_eq(out.data[0], 0xd9); /* str 8 */
    ck_assert_uint_eq(out.data[1], 32);
    static uint8_t big[70000];
    out.len = 0;
    rt_value big_bin = bytes_of(big, sizeof big);
    msgpack_row_pack_value(&pk, RT_BIN, &big_bin);
    ck_assert_uint_eq(out.len, 5 + sizeof big);
    ck_assert_mem_eq(out.data, "\xc6\x00\x01\x11\x70", 5); /* bin 32, length 70000 */
    buffer_free(&out);
    check_value(RT_BIN, bytes_of("\r\n", 2), "c4 02 0d 0a", "BIN");
}
END_TEST

START_TEST(times_durations_and_addresses)
{
    check_value(RT_TS, num_i(1258594162928342000), "d7 ff dd 55 7f c0 4b 04 9f 72", "TS timestamp 64");
    check_value(RT_TS, num_i(1258594162000000000), "d6 ff 4b 04 9f 72", "TS timestamp 32");
    check_value(RT_TS, num_i(-500000000), "c7 0c ff 1d cd 65 00 ff ff ff ff ff ff ff ff", "TS timestamp 96");
    check_value(RT_TS, num_i(4294967296000000000), "d7 ff 00 00 00 01 00 00 00 00", "TS 2^32 s (timestamp 64)");
    check_value(RT_DUR, num_i(148000), "ce 00 02 42 20", "DUR 0.000148");
    check_value(RT_DUR, num_i(-120000), "d2 ff fe 2b 40", "DUR -0.000120");
    static const uint8_t mac[6] = { 0x00, 0x50, 0xfc, 0x28, 0xa5, 0xeb };
    static const uint8_t ip4[4] = { 192, 168, 1, 105 };
    static const uint8_t ip6[16] = { 0xfe, 0x80, [15] = 1 };
    check_value(RT_MAC, bytes_of(mac, 6), "c4 06 00 50 fc 28 a5 eb", "MAC");
    check_value(RT_IP4, bytes_of(ip4, 4), "c4 04 c0 a8 01 69", "IP4");
    check_value(RT_IP6, bytes_of(ip6, 16), "c4 10 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01", "IP6");
    rt_value x4 = { .bytes = ip4, .len = 4, .ip_version = 4 }, x6 = { .bytes = ip6, .len = 16, .ip_version = 6 };
    rt_value none = { .ip_version = 0 };
    check_value(RT_IPX, x4, "c4 04 c0 a8 01 69", "IPX IPv4");
    check_value(RT_IPX, x6, "c4 10 fe 80 00 00 00 00 00 00 00 00 00 00 00 00 00 01", "IPX IPv6");
    check_value(RT_IPX, none, "c0", "IPX no address");
}
END_TEST

/* The row examples of schema/msgpack.md §4, written through the row writer. */
/* Row values are encoded by rowtap itself (msgpack_row.c); msgpack-c, which encodes the headers,
 * must produce the very same bytes for every value of every type and size. */
static int sbuffer_write(void *data, const char *bytes, size_t len)
{
    buffer_append(data, bytes, len);
    return 0;
}

START_TEST(row_encoder_matches_msgpack_c)
{
    rt_buffer ours = { 0 }, theirs = { 0 };
    msgpack_packer pk, ref;
    msgpack_row_packer_init(&pk, &ours);
    msgpack_packer_init(&ref, &theirs, sbuffer_write);
    static uint8_t bytes[70000];
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (uint8_t)(i * 7);
    uint64_t x = 88172645463325252ull;
    for (int round = 0; round < 20000; round++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        uint64_t u = x >> (x & 63);
        int64_t i = (int64_t)(x >> ((x >> 8) & 63)) * ((x & 1) ? -1 : 1);
        if (round < 200) { /* every boundary: 2^k - 1, 2^k, and their negatives */
            u = round % 2 ? (1ull << (round / 3 % 64)) : (1ull << (round / 3 % 64)) - 1;
            i = round % 3 ? -(int64_t)(u & INT64_MAX) : (int64_t)(u & INT64_MAX);
        }
        size_t len = (size_t)(x % (round % 50 == 0 ? 70000 : 300));
        ours.len = theirs.len = 0;
        rt_value v = { 0 };
        v.n.u = u;
        msgpack_row_pack_value(&pk, RT_U64, &v);
        msgpack_pack_uint64(&ref, u);
        v.n.i = i;
        msgpack_row_pack_value(&pk, RT_I64, &v);
        msgpack_pack_int64(&ref, i);
        v.n.f = (float)i / 7.0f;
        msgpack_row_pack_value(&pk, RT_F, &v);
        msgpack_pack_float(&ref, v.n.f);
        v.n.d = (double)i / 3.0;
        msgpack_row_pack_value(&pk, RT_D, &v);
        msgpack_pack_double(&ref, v.n.d);
        v.bytes = bytes;
        v.len = (uint32_t)len;
        msgpack_row_pack_value(&pk, RT_S, &v);
        msgpack_pack_str_with_body(&ref, bytes, len);
        msgpack_row_pack_value(&pk, RT_BIN, &v);
        msgpack_pack_bin_with_body(&ref, bytes, len);
        v.n.i = i / 64; /* times around and far from the epoch, before and after */
        msgpack_row_pack_value(&pk, RT_TS, &v);
        int64_t sec = v.n.i / 1000000000, nsec = v.n.i % 1000000000;
        if (nsec < 0) {
            sec--;
            nsec += 1000000000;
        }
        msgpack_timestamp ts = { sec, (uint32_t)nsec };
        msgpack_pack_timestamp(&ref, &ts);
        ck_assert_uint_eq(ours.len, theirs.len);
        ck_assert_msg(memcmp(ours.data, theirs.data, ours.len) == 0, "round %d: different bytes", round);
    }
    buffer_free(&ours);
    buffer_free(&theirs);
}
END_TEST

START_TEST(rows_of_the_format_examples)
{
    static const rt_column flow_columns[] = {
        RT_COLUMN("dir", C, "Flow direction"), RT_COLUMN("flowInd", U64, "Flow index"),
        RT_COLUMN("srcIP", IPX, "Source address"),
    };
    static const rt_column packet_columns[] = {
        RT_COLUMN("pktNo", U64, "Packet number"), RT_COLUMN("flowInd", U64, "Flow index"),
        RT_COLUMN("srcPort", U16, "Source port"), RT_COLUMN_REPEATED("ethVlanID", U16, "VLAN IDs"),
        RT_COLUMN("pktIAT", DUR, "IAT"),
    };
    char err[256];
    schema_registry flows_reg, packets_reg;
    schema_registry_init(&flows_reg, RT_STREAM_FLOWS);
    schema_registry_init(&packets_reg, RT_STREAM_PACKETS);
    ck_assert_int_eq(schema_registry_add(&flows_reg, "basicFlow", flow_columns, 3, err, sizeof err), 0);
    ck_assert_int_eq(schema_registry_add(&packets_reg, "basicFlow", packet_columns, 5, err, sizeof err), 0);
    const rt_schema *flows = schema_registry_finish(&flows_reg), *packets = schema_registry_finish(&packets_reg);
    static const uint8_t ip[4] = { 192, 168, 1, 105 };
    rt_buffer rows = { 0 }, out = { 0 };
    rt_row row;
    row_begin(&row, &rows, flows);
    row_hand_over(&row, "test", 3);
    rt_row_char(&row, 'A');
    rt_row_u64(&row, 35);
    rt_row_ipx(&row, 4, ip);
    row_check_done(&row);
    row_begin(&row, &rows, flows);
    row_hand_over(&row, "test", 3);
    rt_row_char(&row, 'B');
    rt_row_u64(&row, 300);
    rt_row_ipx(&row, 0, NULL);
    row_check_done(&row);
    row_begin(&row, &rows, packets);
    row_hand_over(&row, "test", 5);
    rt_row_u64(&row, 1273);
    rt_row_u64(&row, 35);
    rt_row_absent(&row);
    rt_row_repeat(&row, 2);
    rt_row_u16(&row, 20);
    rt_row_u16(&row, 100);
    rt_row_duration(&row, -120000);
    row_check_done(&row);
    rt_batch batch = { RT_STREAM_FLOWS, flows, 2, rows.len, rows.data };
    rt_cursor cursor;
    rt_cursor_init(&cursor, &batch);
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, &out);
    msgpack_row_pack_row(&pk, flows, &cursor);
    assert_bytes(&out, "93 a1 41 23 c4 04 c0 a8 01 69", "flow row A 35 192.168.1.105");
    out.len = 0;
    msgpack_row_pack_row(&pk, flows, &cursor);
    assert_bytes(&out, "93 a1 42 cd 01 2c c0", "flow row B 300 no address");
    out.len = 0;
    msgpack_row_pack_row(&pk, packets, &cursor);
    assert_bytes(&out, "95 cd 04 f9 23 c0 92 14 64 d2 ff fe 2b 40", "packet row with an absent port");
    ck_assert_ptr_eq(cursor.pos, rows.data + rows.len);
    buffer_free(&rows);
    buffer_free(&out);
    schema_registry_free(&flows_reg);
    schema_registry_free(&packets_reg);
}
END_TEST

/* ---- header ---- */

START_TEST(header_round_trip)
{
    schema_registry reg;
    const rt_schema *schema = alltypes_schema(&reg, RT_STREAM_PACKETS);
    rt_run run = test_run(NULL, schema, "x");
    rt_buffer out = { 0 };
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, &out);
    msgpack_row_pack_header(&pk, schema, &run);
    /* map of 12 keys; "format": "rowtap-msgpack", "version": 1, "stream": "packets" */
    static const char start[] = "\x8c\xa6" "format" "\xae" "rowtap-msgpack" "\xa7" "version" "\x01"
                                "\xa6" "stream" "\xa7" "packets";
    ck_assert_uint_ge(out.len, sizeof start - 1);
    ck_assert_mem_eq(out.data, start, sizeof start - 1);

    mp_reader r;
    mp_reader_init(&r, out.data, out.len, 0);
    mp_header h;
    char err[512];
    ck_assert_msg(mp_header_read(&r, &h, err, sizeof err) == 0, "%s", err);
    ck_assert_ptr_eq(r.pos, out.data + out.len);
    ck_assert_uint_eq(h.version, 1);
    ck_assert_int_eq(h.stream, RT_STREAM_PACKETS);
    ck_assert_int_eq(h.time_digits, 6);
    ck_assert_str_eq(h.producer, "rowtap 0.1.0");
    ck_assert_int_eq(h.has_sensor_id, 1);
    ck_assert_uint_eq(h.sensor_id, 666);
    ck_assert_str_eq(h.run_id, "666-1700000000-42");
    ck_assert_str_eq(h.command_line, "rowtap -r trace.pcap -s -o msgpack");
    ck_assert_int_eq(h.has_start_time, 1);
    ck_assert_int_eq(h.start_time, 1700000000123456789);
    ck_assert_uint_eq(h.n_plugins, 2);
    ck_assert_str_eq(h.plugin_names[1], "allTypes");
    ck_assert_str_eq(h.plugin_versions[1], "2.5");
    ck_assert_str_eq(h.hash_hex, schema->hash_hex);
    ck_assert_uint_eq(h.schema->n_columns, ALLTYPES_COLUMNS);
    for (unsigned i = 0; i < schema->n_columns; i++) {
        const rt_column *want = schema->columns[i].column, *got = h.schema->columns[i].column;
        ck_assert_str_eq(got->name, want->name);
        ck_assert_int_eq(got->type, want->type);
        ck_assert_uint_eq(got->repeated, want->repeated);
        ck_assert_uint_eq(got->n_parts, want->n_parts);
        for (unsigned p = 0; p < want->n_parts; p++)
            ck_assert_int_eq(got->parts[p], want->parts[p]);
        ck_assert_str_eq(got->description, want->description);
        ck_assert_str_eq(h.schema->columns[i].owner, schema->columns[i].owner);
    }
    ck_assert_int_eq(h.schema->columns[17].column->type, RT_TS);
    ck_assert_int_eq(h.schema->columns[18].column->type, RT_DUR);
    mp_header_free(&h);
    buffer_free(&out);
    schema_registry_free(&reg);
}
END_TEST

/* ---- the sink, through files ---- */

static rt_module sink_module(void)
{
    rt_module m = { .kind = MODULE_SINK, .name = "msgpack", .options = rowtap_sink.options,
                    .n_options = rowtap_sink.n_options, .sink = &rowtap_sink };
    return m;
}

static void set_option(rt_module *m, const char *assignment)
{
    char err[256];
    rt_module *modules[] = { m };
    options_reset();
    ck_assert_int_eq(options_add(assignment, "-X", err, sizeof err), 0);
    ck_assert_msg(options_validate(modules, 1, err, sizeof err) == 0, "%s", err);
}

static size_t read_file(const char *path, rt_buffer *out)
{
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    struct stat st;
    ck_assert_int_eq(fstat(fd, &st), 0);
    out->len = 0;
    uint8_t *p = buffer_reserve(out, (size_t)st.st_size + 1);
    ck_assert_int_eq(read(fd, p, (size_t)st.st_size), st.st_size);
    out->len = (size_t)st.st_size;
    close(fd);
    return out->len;
}

/* Feeds a file into a pipe in pieces of 997 bytes, so that the reader gets short reads and rows
 * that straddle them. */
typedef struct pipe_feed {
    int fd;
    const uint8_t *data;
    size_t len;
} pipe_feed;

static void *feed_pipe(void *arg)
{
    pipe_feed *feed = arg;
    for (size_t done = 0; done < feed->len;) {
        size_t n = feed->len - done < 997 ? feed->len - done : 997;
        ssize_t w = write(feed->fd, feed->data + done, n);
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    close(feed->fd);
    return NULL;
}

/* Decodes a file read through a pipe; returns the rows, -1 for a header error; message in err. */
static long decode_through_pipe(const rt_buffer *file, rt_buffer *rows, char *err, size_t err_size)
{
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pipe_feed feed = { fds[1], file->data, file->len };
    pthread_t writer;
    ck_assert_int_eq(pthread_create(&writer, NULL, feed_pipe, &feed), 0);
    mp_file *f = mp_file_open_fd(fds[0], "pipe");
    long total = -1;
    if (mp_file_read_header(f) == 0) {
        long n;
        total = 0;
        while ((n = mp_file_read_rows(f, rows, 500)) > 0)
            total += n;
        snprintf(err, err_size, "%s", n < 0 ? mp_file_error(f) : "");
    } else {
        snprintf(err, err_size, "%s", mp_file_error(f));
    }
    mp_file_close(f);
    pthread_join(writer, NULL);
    close(fds[0]);
    return total;
}

START_TEST(sink_writes_files_the_decoder_reads_back_identically)
{
    char dir[] = "/tmp/test_msgpack.XXXXXX", prefix[64], path[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(prefix, sizeof prefix, "%s/run", dir);
    schema_registry flows_reg, packets_reg;
    const rt_schema *flows = alltypes_schema(&flows_reg, RT_STREAM_FLOWS);
    const rt_schema *packets = alltypes_schema(&packets_reg, RT_STREAM_PACKETS);
    rt_run run = test_run(flows, packets, prefix);
    rt_module m = sink_module();
    set_option(&m, "msgpack.bufferSize=100");
    void *sink;
    ck_assert_int_eq(rowtap_sink.open(&m, &run, &sink), 0);
    rt_buffer flow_rows = { 0 }, packet_rows = { 0 };
    rt_batch flow_batch, packet_batch;
    alltypes_batch(&flow_batch, &flow_rows, flows);
    alltypes_batch(&packet_batch, &packet_rows, packets);
    uint32_t failed = 99;
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(rowtap_sink.write(sink, &flow_batch, &failed), RT_SINK_OK);
        ck_assert_uint_eq(failed, 0);
        ck_assert_int_eq(rowtap_sink.write(sink, &packet_batch, &failed), RT_SINK_OK);
    }
    ck_assert_int_eq(rowtap_sink.flush(sink), RT_SINK_OK);
    ck_assert_int_eq(rowtap_sink.write(sink, &flow_batch, &failed), RT_SINK_OK);
    ck_assert_int_eq(rowtap_sink.close(sink), RT_SINK_OK);

    rt_buffer file = { 0 }, decoded = { 0 };
    char err[640];
    static const struct { rt_stream stream; const char *name; int batches; } files[] = {
        { RT_STREAM_FLOWS, "flows", 4 }, { RT_STREAM_PACKETS, "packets", 3 },
    };
    for (int i = 0; i < 2; i++) {
        const rt_batch *batch = files[i].stream == RT_STREAM_FLOWS ? &flow_batch : &packet_batch;
        snprintf(path, sizeof path, "%s_%s.msgpack", prefix, files[i].name);
        size_t size = read_file(path, &file);
        rt_sink_stats stats;
        rowtap_sink.stats(sink, files[i].stream, &stats);
        ck_assert_uint_eq(stats.rows_written, (uint64_t)files[i].batches * ALLTYPES_ROWS);
        ck_assert_uint_eq(stats.bytes_written, size);
        ck_assert_uint_eq(stats.rows_failed, 0);
        decoded.len = 0;
        long rows = decode_through_pipe(&file, &decoded, err, sizeof err);
        ck_assert_msg(rows == files[i].batches * (long)ALLTYPES_ROWS, "%s: %ld rows, %s", path, rows, err);
        ck_assert_str_eq(err, "");
        ck_assert_uint_eq(decoded.len, files[i].batches * batch->size);
        for (int b = 0; b < files[i].batches; b++)
            ck_assert_msg(memcmp(decoded.data + b * batch->size, batch->data, batch->size) == 0,
                          "%s: batch %d decodes to other bytes", path, b);
        unlink(path);
    }
    rowtap_sink.destroy(sink);
    buffer_free(&file);
    buffer_free(&decoded);
    buffer_free(&flow_rows);
    buffer_free(&packet_rows);
    schema_registry_free(&flows_reg);
    schema_registry_free(&packets_reg);
    options_reset();
    rmdir(dir);
}
END_TEST

START_TEST(flows_only_without_packet_schema)
{
    char dir[] = "/tmp/test_msgpack.XXXXXX", prefix[64], path[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(prefix, sizeof prefix, "%s/only", dir);
    schema_registry reg;
    const rt_schema *flows = alltypes_schema(&reg, RT_STREAM_FLOWS);
    rt_run run = test_run(flows, NULL, prefix);
    rt_module m = sink_module();
    set_option(&m, "msgpack.bufferSize=1048576");
    void *sink;
    ck_assert_int_eq(rowtap_sink.open(&m, &run, &sink), 0);
    ck_assert_int_eq(rowtap_sink.close(sink), RT_SINK_OK);
    rowtap_sink.destroy(sink);
    snprintf(path, sizeof path, "%s_packets.msgpack", prefix);
    ck_assert_int_ne(access(path, F_OK), 0);
    snprintf(path, sizeof path, "%s_flows.msgpack", prefix);
    rt_buffer file = { 0 }, rows = { 0 };
    read_file(path, &file);
    char err[640];
    ck_assert_int_eq(decode_memory(file.data, file.len, &rows, err, sizeof err), 0); /* a header, no rows */
    ck_assert_str_eq(err, "");
    unlink(path);
    rmdir(dir);
    buffer_free(&file);
    buffer_free(&rows);
    schema_registry_free(&reg);
    options_reset();
}
END_TEST

START_TEST(write_error_is_fatal_and_names_the_file)
{
    char dir[] = "/tmp/test_msgpack.XXXXXX", prefix[64], path[96], log[96];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(prefix, sizeof prefix, "%s/full", dir);
    snprintf(path, sizeof path, "%s_flows.msgpack", prefix);
    ck_assert_int_eq(symlink("/dev/full", path), 0);
    schema_registry reg;
    const rt_schema *flows = alltypes_schema(&reg, RT_STREAM_FLOWS);
    rt_run run = test_run(flows, NULL, prefix);
    rt_module m = sink_module();
    set_option(&m, "msgpack.bufferSize=1");
    snprintf(log, sizeof log, "%s/stderr", dir);
    int saved = dup(STDERR_FILENO), logfd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(logfd, STDERR_FILENO);
    void *sink;
    int opened = rowtap_sink.open(&m, &run, &sink);
    rt_buffer rows = { 0 };
    rt_batch batch;
    alltypes_batch(&batch, &rows, flows);
    uint32_t failed;
    rt_sink_status written = rowtap_sink.write(sink, &batch, &failed);
    rt_sink_status closed = rowtap_sink.close(sink);
    rt_sink_stats stats;
    rowtap_sink.stats(sink, RT_STREAM_FLOWS, &stats);
    rowtap_sink.destroy(sink);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    close(logfd);
    ck_assert_int_eq(opened, 0);
    ck_assert_int_eq(written, RT_SINK_FATAL);
    ck_assert_int_eq(closed, RT_SINK_FATAL);
    ck_assert_uint_eq(stats.rows_written, 0);
    /* the failing batch's rows are counted by the core (sink.h): the sink lost no earlier rows */
    ck_assert_uint_eq(stats.rows_failed, 0);
    rt_buffer text = { 0 };
    read_file(log, &text);
    buffer_append(&text, "", 1);
    assert_contains((const char *)text.data, "msgpack: error: cannot write");
    assert_contains((const char *)text.data, path);
    assert_contains((const char *)text.data, "No space left on device");
    unlink(path);
    unlink(log);
    rmdir(dir);
    buffer_free(&text);
    buffer_free(&rows);
    schema_registry_free(&reg);
    options_reset();
}
END_TEST

/* ---- truncated and corrupted files ---- */

START_TEST(every_truncation_keeps_the_complete_rows)
{
    schema_registry reg;
    const rt_schema *schema = alltypes_schema(&reg, RT_STREAM_PACKETS);
    static const unsigned variants[] = { 0, 1, 3, 0 };
    size_t header_end, row_ends[4];
    rt_buffer file = { 0 }, rows = { 0 }, full_rows = { 0 };
    encode_file(&file, schema, variants, 4, &header_end, row_ends);
    char err[640], want[160];
    ck_assert_int_eq(decode_memory(file.data, file.len, &full_rows, err, sizeof err), 4);
    ck_assert_str_eq(err, "");
    for (size_t cut = 0; cut < file.len; cut++) {
        rows.len = 0;
        long n = decode_memory(file.data, cut, &rows, err, sizeof err);
        if (cut < header_end) {
            ck_assert_int_eq(n, -1);
            snprintf(want, sizeof want, "test.msgpack: byte %zu: ", cut);
            assert_contains(err, want);
            assert_contains(err, cut ? "the file ends inside the header" : "the file is empty");
            continue;
        }
        unsigned complete = 0;
        while (complete < 4 && row_ends[complete] <= cut)
            complete++;
        size_t row_start = complete ? row_ends[complete - 1] : header_end;
        ck_assert_msg(n == (long)complete, "cut at %zu: %ld rows instead of %u", cut, n, complete);
        size_t complete_bytes = 0;
        for (unsigned i = 0; i < complete; i++) {
            rt_buffer one = { 0 };
            alltypes_write_row(&one, schema, variants[i]);
            complete_bytes += one.len;
            buffer_free(&one);
        }
        ck_assert_uint_eq(rows.len, complete_bytes);
        if (complete_bytes)
            ck_assert_mem_eq(rows.data, full_rows.data, complete_bytes);
        if (cut == row_start) {
            ck_assert_str_eq(err, "");
        } else {
            snprintf(want, sizeof want, "byte %zu: the file ends inside row %u, which starts at byte %zu", cut,
                     complete + 1, row_start);
            assert_contains(err, want);
        }
    }
    buffer_free(&file);
    buffer_free(&rows);
    buffer_free(&full_rows);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(garbage_after_the_last_row)
{
    schema_registry reg;
    const rt_schema *schema = alltypes_schema(&reg, RT_STREAM_FLOWS);
    static const unsigned variants[] = { 0, 1 };
    size_t header_end, row_ends[2];
    rt_buffer file = { 0 }, rows = { 0 };
    encode_file(&file, schema, variants, 2, &header_end, row_ends);
    size_t size = file.len;
    char err[640], want[160];
    static const struct { const char *bytes; size_t len; const char *problem; } garbage[] = {
        { "\xc1", 1, "row 3: invalid msgpack byte 0xc1" },
        { "\x05", 1, "row 3: expected an array of 33 values, found uint" },
        { "garbage", 7, "row 3: expected an array of 33 values, found uint" },
        { "\x92\x01\x02", 3, "row 3: an array of 2 values, but the header lists 33 columns" },
        { "\xa5hello", 6, "row 3: expected an array of 33 values, found str" },
    };
    for (size_t g = 0; g < sizeof garbage / sizeof garbage[0]; g++) {
        file.len = size;
        buffer_append(&file, garbage[g].bytes, garbage[g].len);
        rows.len = 0;
        ck_assert_int_eq(decode_memory(file.data, file.len, &rows, err, sizeof err), 2);
        snprintf(want, sizeof want, "test.msgpack: byte %zu: %s", size, garbage[g].problem);
        assert_contains(err, want);
    }
    buffer_free(&file);
    buffer_free(&rows);
    schema_registry_free(&reg);
}
END_TEST

/* The header of a one-column file ("u8", U8) built by hand; `tweak` selects one defect:
 * 0 none, 1 wrong format name, 2 version 2, 3 wrong hash, 4 unknown type, 5 no columns,
 * 6 wrong code, 7 parts on a plain column, 8 invalid column name. */
static void hand_header(rt_buffer *out, int tweak)
{
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, out);
    msgpack_pack_map(&pk, tweak == 5 ? 5 : 6);
    msgpack_pack_str_with_body(&pk, "format", 6);
    if (tweak == 1)
        msgpack_pack_str_with_body(&pk, "other", 5);
    else
        msgpack_pack_str_with_body(&pk, "rowtap-msgpack", 14);
    msgpack_pack_str_with_body(&pk, "version", 7);
    msgpack_pack_uint8(&pk, tweak == 2 ? 2 : 1);
    msgpack_pack_str_with_body(&pk, "stream", 6);
    msgpack_pack_str_with_body(&pk, "flows", 5);
    msgpack_pack_str_with_body(&pk, "time_precision", 14);
    msgpack_pack_str_with_body(&pk, "ns", 2);
    msgpack_pack_str_with_body(&pk, "schema_hash", 11);
    /* FNV-1a 64 over "u8", 0, "U8", 0 (schema/msgpack.md §2.2) */
    char hash[17];
    uint64_t h = 0xcbf29ce484222325u;
    static const char key[] = "u8\0U8";
    for (size_t i = 0; i < sizeof key; i++) {
        h ^= (uint8_t)key[i];
        h *= 0x100000001b3u;
    }
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)(tweak == 3 ? h + 1 : h));
    msgpack_pack_str_with_body(&pk, hash, 16);
    if (tweak == 5)
        return;
    msgpack_pack_str_with_body(&pk, "columns", 7);
    msgpack_pack_array(&pk, 1);
    msgpack_pack_map(&pk, 5);
    msgpack_pack_str_with_body(&pk, "name", 4);
    msgpack_pack_str_with_body(&pk, tweak == 8 ? "u 8" : "u8", tweak == 8 ? 3 : 2);
    msgpack_pack_str_with_body(&pk, "type", 4);
    msgpack_pack_str_with_body(&pk, tweak == 4 ? "U9" : "U8", 2);
    msgpack_pack_str_with_body(&pk, "code", 4);
    msgpack_pack_str_with_body(&pk, tweak == 6 ? "U16" : "U8", tweak == 6 ? 3 : 2);
    msgpack_pack_str_with_body(&pk, "repeated", 8);
    msgpack_pack_false(&pk);
    msgpack_pack_str_with_body(&pk, "parts", 5);
    msgpack_pack_array(&pk, tweak == 7 ? 1 : 0);
    if (tweak == 7)
        msgpack_pack_str_with_body(&pk, "U8", 2);
}

START_TEST(bad_headers_are_refused)
{
    static const char *const problems[] = {
        NULL,
        "byte 8: header: not a rowtap msgpack file: 'format' is 'other', not 'rowtap-msgpack'",
        "header: format version 2 is not supported (this reader knows version 1)",
        "does not match its columns",
        "header: column 1, key 'type': unknown type 'U9'",
        "header: the header has no 'columns'",
        "header: column 1: code 'U16' does not match its type (U8)",
        "header: column 1: 'parts' must list the parts of a COMPOUND column and be empty otherwise",
        "invalid name 'u 8'",
    };
    rt_buffer file = { 0 }, rows = { 0 };
    char err[640];
    for (int tweak = 0; tweak < (int)(sizeof problems / sizeof problems[0]); tweak++) {
        file.len = 0;
        hand_header(&file, tweak);
        buffer_append(&file, "\x91\xcc\xc8", 3); /* the row [200] */
        rows.len = 0;
        long n = decode_memory(file.data, file.len, &rows, err, sizeof err);
        if (!problems[tweak]) {
            ck_assert_msg(n == 1, "the correct header was refused: %s", err);
            ck_assert_uint_eq(rows.len, 2);
            ck_assert_uint_eq(rows.data[1], 200);
        } else {
            ck_assert_int_eq(n, -1);
            assert_contains(err, problems[tweak]);
        }
    }
    static const struct { const char *bytes; size_t len; const char *problem; } not_headers[] = {
        { "\x93\x01\x02\x03", 4, "byte 0: not a rowtap msgpack file: the first object is not the header map" },
        { "\xc1", 1, "byte 0: not a rowtap msgpack file: invalid msgpack byte 0xc1" },
        { "\x81\xa1x", 3, "byte 3: the file ends inside the header, which starts at byte 0" },
        { "\x81\x01\x02", 3, "byte 1: header: a key: expected str, found uint" },
        { "\x80", 1, "byte 0: header: not a rowtap msgpack file: the header map has no 'format'" },
    };
    for (size_t i = 0; i < sizeof not_headers / sizeof not_headers[0]; i++) {
        rows.len = 0;
        ck_assert_int_eq(decode_memory((const uint8_t *)not_headers[i].bytes, not_headers[i].len, &rows, err,
                                       sizeof err), -1);
        assert_contains(err, not_headers[i].problem);
    }
    buffer_free(&file);
    buffer_free(&rows);
}
END_TEST

START_TEST(values_of_the_wrong_type_are_refused)
{
    /* Each bad row follows the good row [7]; its offending item is its second byte. */
    static const struct { const char *row; size_t len; const char *problem; } bad_rows[] = {
        { "\x91\xcd\x01\x2c", 4, "expected an unsigned integer up to 255, found uint" },
        { "\x91\xff", 2, "expected an unsigned integer up to 255, found negative int" },
        { "\x91\xa1x", 3, "expected an unsigned integer up to 255, found a str of length 1" },
        { "\x91\x91\x01", 3, "expected an unsigned integer up to 255, found array" },
        { "\x91\xca\x00\x00\x00\x00", 6, "expected an unsigned integer up to 255, found float 32" },
    };
    rt_buffer file = { 0 }, rows = { 0 };
    char err[640], want[200];
    for (size_t i = 0; i < sizeof bad_rows / sizeof bad_rows[0]; i++) {
        file.len = 0;
        hand_header(&file, 0);
        buffer_append(&file, "\x91\x07", 2);
        size_t bad_row = file.len;
        buffer_append(&file, bad_rows[i].row, bad_rows[i].len);
        rows.len = 0;
        ck_assert_int_eq(decode_memory(file.data, file.len, &rows, err, sizeof err), 1);
        snprintf(want, sizeof want, "test.msgpack: byte %zu: row 2, column 1 'u8': %s", bad_row + 1,
                 bad_rows[i].problem);
        assert_contains(err, want);
    }
    buffer_free(&file);
    buffer_free(&rows);
}
END_TEST

START_TEST(mutated_files_never_crash)
{
    schema_registry reg;
    const rt_schema *schema = alltypes_schema(&reg, RT_STREAM_PACKETS);
    static const unsigned variants[] = { 0, 1, 3 };
    size_t header_end, row_ends[3];
    rt_buffer file = { 0 }, rows = { 0 }, json = { 0 };
    encode_file(&file, schema, variants, 3, &header_end, row_ends);
    char err[640];
    static const uint8_t replacements[] = { 0x00, 0xff, 0xc1, 0xdd, 0xc6, 0x7f, 0x80, 0xc0 };
    long accepted = 0, refused = 0;
    for (size_t pos = 0; pos < file.len; pos++) {
        uint8_t saved = file.data[pos];
        for (size_t k = 0; k < sizeof replacements; k++) {
            if (replacements[k] == saved)
                continue;
            file.data[pos] = replacements[k];
            rows.len = 0;
            mp_file *f = mp_file_open_memory(file.data, file.len, "m");
            if (mp_file_read_header(f) == 0) {
                const mp_header *h = mp_file_header(f);
                long n;
                while ((n = mp_file_read_rows(f, &rows, 1 << 20)) > 0) {
                    rt_batch batch = { h->stream, h->schema, (uint32_t)n, rows.len, rows.data };
                    rt_cursor cursor;
                    rt_cursor_init(&cursor, &batch);
                    for (long i = 0; i < n; i++)
                        json_render_row(&json, h->schema, &cursor, h->time_digits);
                    ck_assert_ptr_eq(cursor.pos, rows.data + rows.len);
                    rows.len = json.len = 0;
                }
                if (n == 0)
                    accepted++;
                else
                    refused++;
            } else {
                refused++;
            }
            snprintf(err, sizeof err, "%s", mp_file_error(f));
            ck_assert(strncmp(err, "m: ", 3) == 0 || err[0] == '\0');
            mp_file_close(f);
        }
        file.data[pos] = saved;
    }
    ck_assert_int_gt(refused, 0);
    ck_assert_int_gt(accepted, 0);
    buffer_free(&file);
    buffer_free(&rows);
    buffer_free(&json);
    schema_registry_free(&reg);
}
END_TEST

/* A packet row holding nil in a plain IPX column reads back as absent (schema/msgpack.md §3.1). */
START_TEST(nil_in_a_packet_ipx_column_is_absent)
{
    schema_registry reg;
    const rt_schema *schema = alltypes_schema(&reg, RT_STREAM_PACKETS);
    static const unsigned variants[] = { 3 };
    size_t header_end, row_end;
    rt_buffer file = { 0 }, rows = { 0 };
    encode_file(&file, schema, variants, 1, &header_end, &row_end);
    char err[640];
    ck_assert_int_eq(decode_memory(file.data, file.len, &rows, err, sizeof err), 1);
    rt_batch batch = { RT_STREAM_PACKETS, schema, 1, rows.len, rows.data };
    rt_cursor cursor;
    rt_cursor_init(&cursor, &batch);
    for (unsigned i = 0; i < ALLTYPES_COLUMNS; i++)
        ck_assert_uint_eq(rt_cursor_count(&cursor), RT_ABSENT);
    ck_assert_ptr_eq(cursor.pos, rows.data + rows.len);
    buffer_free(&file);
    buffer_free(&rows);
    schema_registry_free(&reg);
}
END_TEST

/* ---- JSON lines ---- */

static void render_json(const rt_schema *schema, unsigned variant, int digits, rt_buffer *json)
{
    rt_buffer rows = { 0 };
    alltypes_write_row(&rows, schema, variant);
    rt_batch batch = { schema->stream, schema, 1, rows.len, rows.data };
    rt_cursor cursor;
    rt_cursor_init(&cursor, &batch);
    json->len = 0;
    json_render_row(json, schema, &cursor, digits);
    buffer_append(json, "", 1);
    ck_assert_ptr_eq(cursor.pos, rows.data + rows.len);
    buffer_free(&rows);
}

START_TEST(json_lines)
{
    schema_registry flows_reg, packets_reg;
    const rt_schema *flows = alltypes_schema(&flows_reg, RT_STREAM_FLOWS);
    const rt_schema *packets = alltypes_schema(&packets_reg, RT_STREAM_PACKETS);
    rt_buffer json = { 0 };
    render_json(flows, 0, 6, &json);
    ck_assert_str_eq((const char *)json.data,
        "{\"i8\":-3,\"i16\":-300,\"i32\":-70000,\"i64\":-5000000000,\"u8\":200,\"u16\":58401,\"u32\":4000000000,"
        "\"u64\":1234567890123,\"h8\":\"0x01\",\"h16\":\"0x0800\",\"h32\":\"0x00004001\",\"h64\":\"0x0000000200004001\","
        "\"f\":0.1,\"d\":1.5,\"c\":\"A\",\"s\":\"private_reserved\",\"sc\":\"eth:ipv4:tcp\","
        "\"ts\":\"2009-11-19T01:29:22.928342Z\",\"dur\":22.690004,\"mac\":\"00:08:74:38:01:b4\","
        "\"ip4\":\"192.168.1.105\",\"ip6\":\"fe80::1\",\"ipx\":\"143.166.11.10\","
        "\"bin\":\"220 Microsoft FTP Service\\u000d\\u000a\",\"vlans\":[20,100],\"macs\":[\"00:19:e3:e7:5d:23\"],"
        "\"ipxs\":[\"192.168.1.1\",\"2001:db8::1\"],\"names\":[\"arin\",\"us\"],"
        "\"times\":[\"2009-11-19T01:29:23.008594Z\"],\"optCpCl_Num\":[\"0x00\",\"0x00000000\"],"
        "\"kind_addr_name\":[[7,\"10.0.0.1\",\"rr\"],[131,\"2001:db8::2\",\"lsrr\"]],"
        "\"gaps\":[0.000148,0.079198],\"tail\":42}\n");
    render_json(flows, 3, 9, &json);
    assert_contains((const char *)json.data, "\"ts\":\"2009-11-19T01:29:22.928342000Z\",\"dur\":22.690004000,");
    assert_contains((const char *)json.data, "\"ipx\":null,");
    assert_contains((const char *)json.data, "\"ipxs\":[null,null],");
    assert_contains((const char *)json.data, "\"kind_addr_name\":[[7,null,\"rr\"],[131,null,\"lsrr\"]],");
    render_json(packets, 3, 6, &json);
    ck_assert_str_eq((const char *)json.data,
        "{\"i8\":null,\"i16\":null,\"i32\":null,\"i64\":null,\"u8\":null,\"u16\":null,\"u32\":null,\"u64\":null,"
        "\"h8\":null,\"h16\":null,\"h32\":null,\"h64\":null,\"f\":null,\"d\":null,\"c\":null,\"s\":null,\"sc\":null,"
        "\"ts\":null,\"dur\":null,\"mac\":null,\"ip4\":null,\"ip6\":null,\"ipx\":null,\"bin\":null,\"vlans\":null,"
        "\"macs\":null,\"ipxs\":null,\"names\":null,\"times\":null,\"optCpCl_Num\":null,\"kind_addr_name\":null,"
        "\"gaps\":null,\"tail\":null}\n");
    render_json(packets, 1, 9, &json);
    const char *text = (const char *)json.data;
    assert_contains(text, "\"i8\":-128,\"i16\":-32768,\"i32\":-2147483648,\"i64\":-9223372036854775808,");
    assert_contains(text, "\"u32\":4294967295,\"u64\":18446744073709551615,");
    assert_contains(text, "\"h16\":\"0x0000\",\"h32\":\"0xffffffff\",\"h64\":\"0xffffffffffffffff\",");
    assert_contains(text, "\"f\":-0,\"d\":-123456.75,\"c\":\"\\\"\",");
    /* escapes; é stays; 0xff, 0xc0, 0xaf are not UTF-8 */
    assert_contains(text, "\"s\":\"tab\\there \\\"q\\\" back\\\\slash \\u0001\x7f caf\xc3\xa9 \\ufffd\\ufffd\\ufffd end\",");
    assert_contains(text, "\"sc\":\"\",\"ts\":\"1969-12-31T23:59:59.500000000Z\",\"dur\":-0.000120000,");
    assert_contains(text, "\"mac\":\"ff:ff:ff:ff:ff:ff\",\"ip4\":\"0.0.0.0\",\"ip6\":\"::\",\"ipx\":\"ff02::1:ff00:1\",");
    assert_contains(text, "\"bin\":\"\\u0000\\u0001");
    assert_contains(text, " !\\u0022#$%&'()*+,-./0123456789");
    assert_contains(text, "XYZ[\\u005c]^_`abc");
    assert_contains(text, "xyz{|}~\\u007f\\u0080");
    assert_contains(text, "\\u00fe\\u00ff\",\"vlans\":[],\"macs\":[],\"ipxs\":[],\"names\":[],");
    assert_contains(text, "\"times\":[\"2023-11-14T22:13:20.123456789Z\",\"1970-01-01T00:00:00.000000000Z\"],");
    assert_contains(text, "\"gaps\":[-9223372036.854775808,9223372036.854775807],\"tail\":0}\n");
    render_json(packets, 2, 6, &json);
    text = (const char *)json.data;
    assert_contains(text, "\"f\":3.4028235e+38,\"d\":2.2250738585072014e-308,");
    assert_contains(text, "\"ts\":\"2100-01-01T00:00:00.000000Z\"");
    assert_contains(text, "\"ip6\":\"2001:db8::1:0:0:1\"");
    buffer_free(&json);
    schema_registry_free(&flows_reg);
    schema_registry_free(&packets_reg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("msgpack");
    TCase *tc = tcase_create("msgpack");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, integers_use_the_smallest_form);
    tcase_add_test(tc, floats_strings_and_bytes);
    tcase_add_test(tc, times_durations_and_addresses);
    tcase_add_test(tc, row_encoder_matches_msgpack_c);
    tcase_add_test(tc, rows_of_the_format_examples);
    tcase_add_test(tc, header_round_trip);
    tcase_add_test(tc, sink_writes_files_the_decoder_reads_back_identically);
    tcase_add_test(tc, flows_only_without_packet_schema);
    tcase_add_test(tc, write_error_is_fatal_and_names_the_file);
    tcase_add_test(tc, every_truncation_keeps_the_complete_rows);
    tcase_add_test(tc, garbage_after_the_last_row);
    tcase_add_test(tc, bad_headers_are_refused);
    tcase_add_test(tc, values_of_the_wrong_type_are_refused);
    tcase_add_test(tc, mutated_files_never_crash);
    tcase_add_test(tc, nil_in_a_packet_ipx_column_is_absent);
    tcase_add_test(tc, json_lines);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
