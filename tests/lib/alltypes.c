/* alltypes.c — the every-type test schema and its rows (see alltypes.h). */
#include <float.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alltypes.h"
#include "row_writer.h"

static const rt_type cpcl_num_parts[] = { RT_H8, RT_H32 };
static const rt_type kind_addr_name_parts[] = { RT_U8, RT_IPX, RT_S };

static const rt_column core_columns[] = {
    RT_COLUMN("i8", I8, "signed 8"),
    RT_COLUMN("i16", I16, "signed 16"),
    RT_COLUMN("i32", I32, "signed 32"),
    RT_COLUMN("i64", I64, "signed 64"),
};

static const rt_column plugin_columns[] = {
    RT_COLUMN("u8", U8, "unsigned 8"),
    RT_COLUMN("u16", U16, "unsigned 16"),
    RT_COLUMN("u32", U32, "unsigned 32"),
    RT_COLUMN("u64", U64, "unsigned 64"),
    RT_COLUMN("h8", H8, "bits 8"),
    RT_COLUMN("h16", H16, "bits 16"),
    RT_COLUMN("h32", H32, "bits 32"),
    RT_COLUMN("h64", H64, "bits 64"),
    RT_COLUMN("f", F, "single"),
    RT_COLUMN("d", D, "double"),
    RT_COLUMN("c", C, "character"),
    RT_COLUMN("s", S, "string"),
    RT_COLUMN("sc", SC, "string class"),
    RT_COLUMN("ts", TS, "timestamp"),
    RT_COLUMN("dur", DUR, "duration"),
    RT_COLUMN("mac", MAC, "MAC address"),
    RT_COLUMN("ip4", IP4, "IPv4 address"),
    RT_COLUMN("ip6", IP6, "IPv6 address"),
    RT_COLUMN("ipx", IPX, "IPv4 or IPv6 address"),
    RT_COLUMN("bin", BIN, "raw bytes"),
    RT_COLUMN_REPEATED("vlans", U16, "repeated U16"),
    RT_COLUMN_REPEATED("macs", MAC, "repeated MAC"),
    RT_COLUMN_REPEATED("ipxs", IPX, "repeated IPX"),
    RT_COLUMN_REPEATED("names", S, "repeated S"),
    RT_COLUMN_REPEATED("times", TS, "repeated TS"),
    RT_COLUMN_COMPOUND("optCpCl_Num", cpcl_num_parts, "compound H8_H32"),
    RT_COLUMN_COMPOUND_REPEATED("kind_addr_name", kind_addr_name_parts, "repeated compound U8_IPX_S"),
    RT_COLUMN_REPEATED("gaps", DUR, "repeated DUR"),
    RT_COLUMN("tail", U64, "a plain column after the others"),
};

const rt_schema *alltypes_schema(schema_registry *reg, rt_stream stream)
{
    char err[256];
    schema_registry_init(reg, stream);
    if (schema_registry_add(reg, "core", core_columns, sizeof core_columns / sizeof core_columns[0], err,
                            sizeof err) < 0
        || schema_registry_add(reg, "allTypes", plugin_columns, sizeof plugin_columns / sizeof plugin_columns[0], err,
                               sizeof err) < 0) {
        fprintf(stderr, "alltypes: %s\n", err);
        abort();
    }
    return schema_registry_finish(reg);
}

static const uint8_t mac_a[6] = { 0x00, 0x08, 0x74, 0x38, 0x01, 0xb4 };
static const uint8_t mac_b[6] = { 0x00, 0x19, 0xe3, 0xe7, 0x5d, 0x23 };
static const uint8_t mac_ff[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
static const uint8_t mac_mdns[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
static const uint8_t ip4_client[4] = { 192, 168, 1, 105 };
static const uint8_t ip4_server[4] = { 143, 166, 11, 10 };
static const uint8_t ip4_gateway[4] = { 192, 168, 1, 1 };
static const uint8_t ip4_ten[4] = { 10, 0, 0, 1 };
static const uint8_t ip4_zero[4] = { 0, 0, 0, 0 };
static const uint8_t ip4_broadcast[4] = { 255, 255, 255, 255 };
static const uint8_t ip6_link_local[16] = { 0xfe, 0x80, [15] = 1 };
static const uint8_t ip6_doc1[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t ip6_doc2[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
static const uint8_t ip6_doc_gaps[16] = { 0x20, 0x01, 0x0d, 0xb8, [9] = 1, [15] = 1 };
static const uint8_t ip6_zero[16] = { 0 };
static const uint8_t ip6_solicited[16] = { 0xff, 0x02, [11] = 1, [12] = 0xff, [15] = 1 };

/* Variant 0: typical values. */
static void write_typical(rt_row *row, int no_address)
{
    rt_row_i8(row, -3);
    rt_row_i16(row, -300);
    rt_row_i32(row, -70000);
    rt_row_i64(row, -5000000000);
    rt_row_u8(row, 200);
    rt_row_u16(row, 58401);
    rt_row_u32(row, 4000000000u);
    rt_row_u64(row, 1234567890123u);
    rt_row_u8(row, 0x01);
    rt_row_u16(row, 0x0800);
    rt_row_u32(row, 0x00004001);
    rt_row_u64(row, 0x0000000200004001u);
    rt_row_float(row, 0.1f);
    rt_row_double(row, 1.5);
    rt_row_char(row, 'A');
    rt_row_cstring(row, "private_reserved");
    rt_row_cstring(row, "eth:ipv4:tcp");
    rt_row_time(row, 1258594162928342000);
    rt_row_duration(row, 22690004000);
    rt_row_mac(row, mac_a);
    rt_row_ip4(row, ip4_client);
    rt_row_ip6(row, ip6_link_local);
    rt_row_ipx(row, no_address ? 0 : 4, ip4_server);
    rt_row_bytes(row, (const uint8_t *)"220 Microsoft FTP Service\r\n", 27);
    rt_row_repeat(row, 2);
    rt_row_u16(row, 20);
    rt_row_u16(row, 100);
    rt_row_repeat(row, 1);
    rt_row_mac(row, mac_b);
    rt_row_repeat(row, 2);
    rt_row_ipx(row, no_address ? 0 : 4, ip4_gateway);
    rt_row_ipx(row, no_address ? 0 : 6, ip6_doc1);
    rt_row_repeat(row, 2);
    rt_row_cstring(row, "arin");
    rt_row_cstring(row, "us");
    rt_row_repeat(row, 1);
    rt_row_time(row, 1258594163008594000);
    rt_row_u8(row, 0x00);
    rt_row_u32(row, 0x00000000);
    rt_row_repeat(row, 2);
    rt_row_u8(row, 7);
    rt_row_ipx(row, no_address ? 0 : 4, ip4_ten);
    rt_row_cstring(row, "rr");
    rt_row_u8(row, 131);
    rt_row_ipx(row, no_address ? 0 : 6, ip6_doc2);
    rt_row_cstring(row, "lsrr");
    rt_row_repeat(row, 2);
    rt_row_duration(row, 148000);
    rt_row_duration(row, 79198000);
    rt_row_u64(row, 42);
}

/* Variant 1: extremes. */
static void write_extremes(rt_row *row)
{
    static const char odd[] = "tab\there \"q\" back\\slash \x01\x7f caf\xc3\xa9 \xff\xc0\xaf end";
    uint8_t every_byte[256];
    for (unsigned i = 0; i < 256; i++)
        every_byte[i] = (uint8_t)i;
    rt_row_i8(row, INT8_MIN);
    rt_row_i16(row, INT16_MIN);
    rt_row_i32(row, INT32_MIN);
    rt_row_i64(row, INT64_MIN);
    rt_row_u8(row, UINT8_MAX);
    rt_row_u16(row, UINT16_MAX);
    rt_row_u32(row, UINT32_MAX);
    rt_row_u64(row, UINT64_MAX);
    rt_row_u8(row, 0xff);
    rt_row_u16(row, 0);
    rt_row_u32(row, 0xffffffffu);
    rt_row_u64(row, UINT64_MAX);
    rt_row_float(row, -0.0f);
    rt_row_double(row, -123456.75);
    rt_row_char(row, '"');
    rt_row_string(row, odd, sizeof odd - 1);
    rt_row_string(row, "", 0);
    rt_row_time(row, -500000000);
    rt_row_duration(row, -120000);
    rt_row_mac(row, mac_ff);
    rt_row_ip4(row, ip4_zero);
    rt_row_ip6(row, ip6_zero);
    rt_row_ipx(row, 6, ip6_solicited);
    rt_row_bytes(row, every_byte, sizeof every_byte);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 2);
    rt_row_time(row, 1700000000123456789);
    rt_row_time(row, 0);
    rt_row_u8(row, 0xff);
    rt_row_u32(row, 0xffffffffu);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 2);
    rt_row_duration(row, INT64_MIN);
    rt_row_duration(row, INT64_MAX);
    rt_row_u64(row, 0);
}

/* Variant 2: large values and counts. */
static void write_large(rt_row *row)
{
    static char x300[300], y70000[70000];
    static uint8_t bytes70000[70000];
    memset(x300, 'x', sizeof x300);
    memset(y70000, 'y', sizeof y70000);
    for (size_t i = 0; i < sizeof bytes70000; i++)
        bytes70000[i] = (uint8_t)(i * 7);
    rt_row_i8(row, INT8_MAX);
    rt_row_i16(row, INT16_MAX);
    rt_row_i32(row, INT32_MAX);
    rt_row_i64(row, INT64_MAX);
    rt_row_u8(row, 0);
    rt_row_u16(row, 256);
    rt_row_u32(row, 65536);
    rt_row_u64(row, 4294967296u);
    rt_row_u8(row, 0x80);
    rt_row_u16(row, 0xffff);
    rt_row_u32(row, 0x80000000u);
    rt_row_u64(row, 0x8000000000000000u);
    rt_row_float(row, FLT_MAX);
    rt_row_double(row, DBL_MIN);
    rt_row_char(row, 'z');
    rt_row_string(row, x300, sizeof x300);
    rt_row_string(row, y70000, sizeof y70000);
    rt_row_time(row, 4102444800000000000);
    rt_row_duration(row, 0);
    rt_row_mac(row, mac_mdns);
    rt_row_ip4(row, ip4_broadcast);
    rt_row_ip6(row, ip6_doc_gaps);
    rt_row_ipx(row, 4, ip4_zero);
    rt_row_bytes(row, bytes70000, sizeof bytes70000);
    rt_row_repeat(row, 300);
    for (unsigned i = 0; i < 300; i++)
        rt_row_u16(row, (uint16_t)(i * 13 % 4096));
    rt_row_repeat(row, 3);
    rt_row_mac(row, mac_a);
    rt_row_mac(row, mac_b);
    rt_row_mac(row, mac_ff);
    rt_row_repeat(row, 254);
    for (unsigned i = 0; i < 254; i++)
        rt_row_ipx(row, i % 3 == 0 ? 0 : i % 3 == 1 ? 4 : 6, i % 3 == 1 ? ip4_gateway : ip6_doc2);
    rt_row_repeat(row, 1);
    rt_row_string(row, x300, sizeof x300);
    rt_row_repeat(row, 1);
    rt_row_time(row, 1000000);
    rt_row_u8(row, 0x80);
    rt_row_u32(row, 0x00010000);
    rt_row_repeat(row, 16);
    for (unsigned i = 0; i < 16; i++) {
        rt_row_u8(row, (uint8_t)i);
        rt_row_ipx(row, 4, ip4_client);
        rt_row_string(row, x300, i);
    }
    rt_row_repeat(row, 300);
    for (unsigned i = 0; i < 300; i++)
        rt_row_duration(row, (int64_t)i * 1000 - 150000);
    rt_row_u64(row, UINT64_MAX);
}

void alltypes_write_row(rt_buffer *out, const rt_schema *schema, unsigned variant)
{
    rt_row row;
    row_begin(&row, out, schema);
    row_hand_over(&row, "the alltypes test data", schema->n_columns);
    if (variant == 3 && schema->stream == RT_STREAM_PACKETS) {
        for (unsigned i = 0; i < schema->n_columns; i++)
            rt_row_absent(&row);
    } else {
        if (variant == 1)
            write_extremes(&row);
        else if (variant == 2)
            write_large(&row);
        else
            write_typical(&row, variant == 3);
    }
    row_check_done(&row);
}

void alltypes_batch(rt_batch *batch, rt_buffer *storage, const rt_schema *schema)
{
    storage->len = 0;
    for (unsigned v = 0; v < ALLTYPES_ROWS; v++)
        alltypes_write_row(storage, schema, v);
    batch->stream = schema->stream;
    batch->schema = schema;
    batch->n_rows = ALLTYPES_ROWS;
    batch->size = storage->len;
    batch->data = storage->data;
}
