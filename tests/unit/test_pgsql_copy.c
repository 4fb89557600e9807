/* test_pgsql_copy.c — the pgsql sink's binary COPY encoding of every catalog type (expected
 * bytes written by hand from PostgreSQL's wire formats: big-endian integers and IEEE floats,
 * microseconds since 2000-01-01, interval = microseconds + days + months, inet = family, bits,
 * cidr flag, length, address; arrays = dimensions, null flag, element type, size, lower bound,
 * elements), the UTF-8 repair of text, and the text rendering of rows for the reject file. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pgsql_copy.h"
#include "pgsql_text.h"
#include "row_writer.h"
#include "schema_registry.h"
#include "unit_run.h"

static char err[1024];

static const rt_type opt_parts[] = { RT_H8, RT_H32 };
static const rt_type pair_parts[] = { RT_U16, RT_IPX };
static const rt_column columns[] = {
    RT_COLUMN("i8", I8, ""), RT_COLUMN("u16", U16, ""), RT_COLUMN("u64", U64, ""), RT_COLUMN("h64", H64, ""),
    RT_COLUMN("f", F, ""), RT_COLUMN("fWide", F, ""), RT_COLUMN("d", D, ""), RT_COLUMN("c", C, ""),
    RT_COLUMN("cHigh", C, ""), RT_COLUMN("s", S, ""), RT_COLUMN("ts", TS, ""), RT_COLUMN("tsBefore", TS, ""),
    RT_COLUMN("tsNs", TS, ""), RT_COLUMN("dur", DUR, ""), RT_COLUMN("mac", MAC, ""), RT_COLUMN("ip4", IP4, ""),
    RT_COLUMN("ip6", IP6, ""), RT_COLUMN("ipx", IPX, ""), RT_COLUMN("bin", BIN, ""), RT_COLUMN("binEmpty", BIN, ""),
    RT_COLUMN_REPEATED("vlans", I16, ""), RT_COLUMN_REPEATED("none", I16, ""), RT_COLUMN_REPEATED("ips", IPX, ""),
    RT_COLUMN_COMPOUND("opt", opt_parts, ""), RT_COLUMN_COMPOUND_REPEATED("pairs", pair_parts, ""),
    RT_COLUMN("absent", U32, ""), RT_COLUMN_COMPOUND("absentPair", pair_parts, ""),
};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

/* Encoding and array element type chosen for each table column after sensor_id and run_id. */
static const struct {
    pgsql_enc enc;
    uint32_t elem;
} encodings[] = {
    { PGSQL_ENC_INT2, 0 }, { PGSQL_ENC_INT4, 0 }, { PGSQL_ENC_INT8, 0 }, { PGSQL_ENC_INT8, 0 },
    { PGSQL_ENC_FLOAT4, 0 }, { PGSQL_ENC_FLOAT8, 0 }, { PGSQL_ENC_FLOAT8, 0 }, { PGSQL_ENC_TEXT, 0 },
    { PGSQL_ENC_TEXT, 0 }, { PGSQL_ENC_TEXT, 0 }, { PGSQL_ENC_TIMESTAMP, 0 }, { PGSQL_ENC_TIMESTAMP, 0 },
    { PGSQL_ENC_INT8, 0 }, { PGSQL_ENC_INTERVAL, 0 }, { PGSQL_ENC_MACADDR, 0 }, { PGSQL_ENC_INET, 0 },
    { PGSQL_ENC_INET, 0 }, { PGSQL_ENC_INET, 0 }, { PGSQL_ENC_BYTEA, 0 }, { PGSQL_ENC_BYTEA, 0 },
    { PGSQL_ENC_INT2, 21 }, { PGSQL_ENC_INT2, 21 }, { PGSQL_ENC_INET, 869 },
    { PGSQL_ENC_INT2, 0 }, { PGSQL_ENC_INT8, 0 }, { PGSQL_ENC_INT4, 23 }, { PGSQL_ENC_INET, 869 },
    { PGSQL_ENC_INT8, 0 }, { PGSQL_ENC_INT4, 0 }, { PGSQL_ENC_INET, 0 },
};

/* The expected fields, as hex (spaces ignored; "-" = NULL). */
static const char *const expected_fields[] = {
    "00000008 0000000000000007",          /* sensor_id 7 */
    "00000002 7231",                      /* run_id "r1" */
    "00000002 fffe",                      /* I8 -2 */
    "00000004 0000ffff",                  /* U16 65535 */
    "00000008 ffffffffffffffff",          /* U64 max wraps to -1 */
    "00000008 8000000000000001",          /* H64 */
    "00000004 3fc00000",                  /* F 1.5 */
    "00000008 3ff8000000000000",          /* F 1.5 as float8 */
    "00000008 bfe0000000000000",          /* D -0.5 */
    "00000001 41",                        /* C 'A' */
    "00000001 2e",                        /* C 0xe9 (not UTF-8) */
    "00000010 612ec3a92e2e2e2e2e2ef09f98802e2e", /* S with NUL, bad and good UTF-8 */
    "00000008 0000000000000001",          /* TS 2000-01-01 00:00:00.0000015 */
    "00000008 fffca2fec4c81fff",          /* TS 1 ns before 1970: -946684800000001 us */
    "00000008 000000000000162e",          /* TS 5678 ns into bigint */
    "00000010 ffffffffffffffff 00000000 00000000", /* DUR -1999 ns: -1 us */
    "00000006 0050fc28a5eb",              /* MAC */
    "00000008 02200004 0a000001",         /* IP4 10.0.0.1 */
    "00000014 03800010 fe800000000000000000000000000001", /* IP6 fe80::1 */
    "-",                                  /* IPX without address */
    "00000002 00ff",                      /* BIN */
    "00000000",                           /* BIN empty */
    "00000020 00000001 00000000 00000015 00000002 00000001 00000002 0014 00000002 0064", /* {20,100} */
    "0000000c 00000000 00000000 00000015", /* {} */
    ("0000003c 00000001 00000001 00000365 00000003 00000001"
     " 00000008 02200004 0a000001 ffffffff 00000014 03800010 00000000000000000000000000000001"), /* {10.0.0.1,NULL,::1} */
    "00000002 001f",                      /* compound part 1: H8 */
    "00000008 0000000080000000",          /* compound part 2: H32 */
    "00000024 00000001 00000000 00000017 00000002 00000001 00000004 00000001 00000004 00000002", /* {1,2} */
    "00000024 00000001 00000001 00000365 00000002 00000001 00000008 02200004 0a000001 ffffffff", /* {10.0.0.1,NULL} */
    "-",                                  /* absent U32 */
    "-", "-",                             /* absent compound */
};

static const char expected_text[] =
    "7\tr1\t-2\t65535\t-1\t-9223372036854775807\t1.5\t1.5\t-0.5\tA\t.\ta.\xc3\xa9......\xf0\x9f\x98\x80..\t"
    "2000-01-01 00:00:00.000001+00\t1969-12-31 23:59:59.999999+00\t5678\t-0.000001 seconds\t"
    "00:50:fc:28:a5:eb\t10.0.0.1\tfe80::1\t\\N\t\\\\x00ff\t\\\\x\t{\"20\",\"100\"}\t{}\t{\"10.0.0.1\",NULL,\"::1\"}\t"
    "31\t2147483648\t{\"1\",\"2\"}\t{\"10.0.0.1\",NULL}\t\\N\t\\N\t\\N";

static void write_row(rt_row *row)
{
    static const uint8_t mac[6] = { 0x00, 0x50, 0xfc, 0x28, 0xa5, 0xeb }, ip4[4] = { 10, 0, 0, 1 };
    static const uint8_t ip6[16] = { 0xfe, 0x80, [15] = 1 }, loop6[16] = { [15] = 1 }, bin[2] = { 0x00, 0xff };
    static const char s[] = "a\0\xc3\xa9\xff\xc0\xaf\xed\xa0\x80\xf0\x9f\x98\x80\xe2\x82";
    row_hand_over(row, "test", N_COLUMNS);
    rt_row_i8(row, -2);
    rt_row_u16(row, 65535);
    rt_row_u64(row, UINT64_MAX);
    rt_row_u64(row, UINT64_C(0x8000000000000001));
    rt_row_float(row, 1.5f);
    rt_row_float(row, 1.5f);
    rt_row_double(row, -0.5);
    rt_row_char(row, 'A');
    rt_row_char(row, (char)0xe9);
    rt_row_string(row, s, sizeof s - 1);
    rt_row_time(row, INT64_C(946684800000001500));
    rt_row_time(row, -1);
    rt_row_time(row, 5678);
    rt_row_duration(row, -1999);
    rt_row_mac(row, mac);
    rt_row_ip4(row, ip4);
    rt_row_ip6(row, ip6);
    rt_row_ipx(row, 0, NULL);
    rt_row_bytes(row, bin, 2);
    rt_row_bytes(row, bin, 0);
    rt_row_repeat(row, 2);
    rt_row_i16(row, 20);
    rt_row_i16(row, 100);
    rt_row_repeat(row, 0);
    rt_row_repeat(row, 3);
    rt_row_ipx(row, 4, ip4);
    rt_row_ipx(row, 0, NULL);
    rt_row_ipx(row, 6, loop6);
    rt_row_u8(row, 0x1f);
    rt_row_u32(row, 0x80000000u);
    rt_row_repeat(row, 2);
    rt_row_u16(row, 1);
    rt_row_ipx(row, 4, ip4);
    rt_row_u16(row, 2);
    rt_row_ipx(row, 0, NULL);
    rt_row_absent(row);
    rt_row_absent(row);
    row_check_done(row);
}

static size_t parse_hex(const char *hex, uint8_t *out)
{
    size_t n = 0;
    for (const char *p = hex; *p;) {
        if (*p == ' ') {
            p++;
            continue;
        }
        unsigned byte;
        ck_assert_int_eq(sscanf(p, "%2x", &byte), 1);
        out[n++] = (uint8_t)byte;
        p += 2;
    }
    return n;
}

/* Encodes two copies of the row; returns the COPY buffer and the row ends. */
static void encode(rt_buffer *copy, pgsql_row_ends *ends, pgsql_plan *plan, schema_sql_table *table,
                   schema_registry *reg)
{
    schema_registry_init(reg, RT_STREAM_PACKETS);
    ck_assert_int_eq(schema_registry_add(reg, "test", columns, N_COLUMNS, err, sizeof err), 0);
    const rt_schema *schema = schema_registry_finish(reg);
    ck_assert_int_eq(schema_sql_table_build(table, schema, err, sizeof err), 0);
    ck_assert_uint_eq(table->n_columns, 2 + sizeof encodings / sizeof encodings[0]);
    ck_assert_int_eq(pgsql_plan_init(plan, table, 7, "r1"), 0);
    for (unsigned i = 2; i < table->n_columns; i++) {
        plan->fields[i].enc = encodings[i - 2].enc;
        plan->fields[i].elem_oid = encodings[i - 2].elem;
    }
    rt_buffer rows = { 0 };
    rt_row row;
    for (int r = 0; r < 2; r++) {
        row_begin(&row, &rows, schema);
        write_row(&row);
    }
    rt_batch batch = { RT_STREAM_PACKETS, schema, 2, rows.len, rows.data };
    buffer_append(copy, pgsql_copy_header, PGSQL_COPY_HEADER_SIZE);
    pgsql_copy_batch(copy, ends, plan, &batch);
    buffer_free(&rows);
}

START_TEST(every_type_is_encoded_as_postgresql_reads_it)
{
    rt_buffer copy = { 0 };
    pgsql_row_ends ends = { 0 };
    pgsql_plan plan;
    schema_sql_table table;
    schema_registry reg;
    encode(&copy, &ends, &plan, &table, &reg);
    ck_assert_uint_eq(ends.n, 2);
    ck_assert_mem_eq(copy.data, "PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0", PGSQL_COPY_HEADER_SIZE);
    const uint8_t *p = copy.data + PGSQL_COPY_HEADER_SIZE;
    size_t n_fields = sizeof expected_fields / sizeof expected_fields[0];
    ck_assert_uint_eq(table.n_columns, n_fields);
    ck_assert_uint_eq((unsigned)(p[0] << 8 | p[1]), n_fields);
    p += 2;
    for (size_t i = 0; i < n_fields; i++) {
        uint8_t want[256];
        size_t len = strcmp(expected_fields[i], "-") == 0 ? parse_hex("ffffffff", want)
                                                           : parse_hex(expected_fields[i], want);
        ck_assert_msg(memcmp(p, want, len) == 0, "field %zu (%s) differs", i, table.columns[i].name);
        p += len;
    }
    ck_assert_uint_eq((size_t)(p - copy.data), ends.at[0]);
    size_t row_len = ends.at[0] - PGSQL_COPY_HEADER_SIZE;
    ck_assert_uint_eq(ends.at[1], ends.at[0] + row_len);
    ck_assert_mem_eq(copy.data + ends.at[0], copy.data + PGSQL_COPY_HEADER_SIZE, row_len);
    buffer_free(&copy);
    pgsql_row_ends_free(&ends);
    pgsql_plan_free(&plan);
    schema_sql_table_free(&table);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(rows_render_as_copy_text)
{
    rt_buffer copy = { 0 }, text = { 0 };
    pgsql_row_ends ends = { 0 };
    pgsql_plan plan;
    schema_sql_table table;
    schema_registry reg;
    encode(&copy, &ends, &plan, &table, &reg);
    pgsql_text_row(&text, &plan, copy.data + ends.at[0], ends.at[1] - ends.at[0]);
    buffer_append(&text, "", 1);
    ck_assert_str_eq((const char *)text.data, expected_text);
    buffer_free(&copy);
    buffer_free(&text);
    pgsql_row_ends_free(&ends);
    pgsql_plan_free(&plan);
    schema_sql_table_free(&table);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(utf8_repair)
{
    const struct { const char *in, *out; } cases[] = {
        { "plain ascii", "plain ascii" },
        { "\xc2\x80 \xdf\xbf", "\xc2\x80 \xdf\xbf" },      /* smallest and largest 2-byte forms */
        { "\xc1\xbf", ".." },                              /* overlong */
        { "\xe0\x9f\xbf \xe0\xa0\x80", "... \xe0\xa0\x80" }, /* overlong 3-byte, then the smallest */
        { "\xed\x9f\xbf \xed\xa0\x80", "\xed\x9f\xbf ..." }, /* below the surrogates, a surrogate */
        { "\xf4\x8f\xbf\xbf \xf4\x90\x80\x80", "\xf4\x8f\xbf\xbf ...." }, /* U+10FFFF, beyond it */
        { "\xf5\x80", ".." }, { "\x80\xbf", ".." }, { "\xe2\x82", ".." }, { "x\x7fy", "x\x7fy" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[64];
        size_t n = strlen(cases[i].in);
        pgsql_copy_utf8(out, (const uint8_t *)cases[i].in, n);
        ck_assert_uint_eq(n, strlen(cases[i].out));
        ck_assert_msg(memcmp(out, cases[i].out, n) == 0, "case %zu", i);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("pgsql_copy");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, every_type_is_encoded_as_postgresql_reads_it);
    tcase_add_test(tc, rows_render_as_copy_text);
    tcase_add_test(tc, utf8_repair);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
