/* test_row.c — the row writer (src/row.c) and reader (src/cursor.c): the encoding of
 * row_encoding.h, every type through a round trip, and the checks that stop a plugin writing the
 * wrong type or the wrong number of values. */
#include <check.h>
#include <signal.h>
#include <string.h>

#include "row_encoding.h"
#include "row_writer.h"
#include "rowtap/sink.h"
#include "schema_registry.h"
#include "unit_run.h"

static const rt_type pair_parts[] = { RT_H8, RT_U32 };
static const rt_column columns[] = {
    RT_COLUMN("plain", U16, "a plain value"),
    RT_COLUMN("flags", H64, "a bit field"),
    RT_COLUMN_REPEATED("list", U16, "repeated values"),
    RT_COLUMN_COMPOUND("a_b", pair_parts, "a compound"),
    RT_COLUMN_COMPOUND_REPEATED("c_d", pair_parts, "a repeated compound"),
    RT_COLUMN("text", SC, "a string"),
    RT_COLUMN("addr", IPX, "an address"),
    RT_COLUMN("when", TS, "a time"),
};
#define N_COLUMNS (sizeof columns / sizeof columns[0])

static schema_registry reg;
static rt_buffer buf;
static rt_row row;

static const rt_schema *schema(void)
{
    char err[256];
    schema_registry_init(&reg, RT_STREAM_PACKETS);
    ck_assert_int_eq(schema_registry_add(&reg, "test", columns, N_COLUMNS, err, sizeof err), 0);
    return schema_registry_finish(&reg);
}

static void begin(void)
{
    buf.len = 0;
    row_begin(&row, &buf, schema());
    row_hand_over(&row, "test", N_COLUMNS);
}

START_TEST(round_trip)
{
    static const uint8_t v4[4] = { 192, 0, 2, 1 };
    begin();
    rt_row_u16(&row, 58401);
    rt_row_u64(&row, 0x0000000200004001ull);
    rt_row_repeat(&row, 2);
    rt_row_u16(&row, 20);
    rt_row_u16(&row, 100);
    rt_row_u8(&row, 0x1f);
    rt_row_u32(&row, 0xdeadbeef);
    rt_row_repeat(&row, 0);
    rt_row_cstring(&row, "eth:ipv4:tcp");
    rt_row_ipx(&row, 4, v4);
    rt_row_time(&row, 1258594162928342000ll);
    row_check_done(&row);

    rt_batch batch = { RT_STREAM_PACKETS, &reg.schema, 1, buf.len, buf.data };
    rt_cursor c;
    rt_value v;
    rt_cursor_init(&c, &batch);
    ck_assert_uint_eq(rt_cursor_count(&c), 1);
    rt_cursor_value(&c, RT_U16, &v);
    ck_assert_uint_eq(v.n.u, 58401);
    ck_assert_uint_eq(rt_cursor_count(&c), 1);
    rt_cursor_value(&c, RT_H64, &v);
    ck_assert_uint_eq(v.n.u, 0x0000000200004001ull);
    ck_assert_uint_eq(rt_cursor_count(&c), 2);
    rt_cursor_value(&c, RT_U16, &v);
    ck_assert_uint_eq(v.n.u, 20);
    rt_cursor_value(&c, RT_U16, &v);
    ck_assert_uint_eq(v.n.u, 100);
    ck_assert_uint_eq(rt_cursor_count(&c), 1);
    rt_cursor_value(&c, RT_H8, &v);
    ck_assert_uint_eq(v.n.u, 0x1f);
    rt_cursor_value(&c, RT_U32, &v);
    ck_assert_uint_eq(v.n.u, 0xdeadbeef);
    ck_assert_uint_eq(rt_cursor_count(&c), 0);
    ck_assert_uint_eq(rt_cursor_count(&c), 1);
    rt_cursor_value(&c, RT_SC, &v);
    ck_assert_int_eq(v.len, 12);
    ck_assert(memcmp(v.bytes, "eth:ipv4:tcp", 12) == 0);
    ck_assert_uint_eq(rt_cursor_count(&c), 1);
    rt_cursor_value(&c, RT_IPX, &v);
    ck_assert_uint_eq(v.ip_version, 4);
    ck_assert_uint_eq(v.len, 4);
    ck_assert(memcmp(v.bytes, v4, 4) == 0);
    ck_assert_uint_eq(rt_cursor_count(&c), 1);
    rt_cursor_value(&c, RT_TS, &v);
    ck_assert_int_eq(v.n.i, 1258594162928342000ll);
    ck_assert_ptr_eq(c.pos, c.end);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(absent_values_take_one_byte)
{
    begin();
    for (unsigned i = 0; i < N_COLUMNS; i++)
        rt_row_absent(&row);
    row_check_done(&row);
    ck_assert_uint_eq(buf.len, N_COLUMNS);
    for (size_t i = 0; i < buf.len; i++)
        ck_assert_uint_eq(buf.data[i], ROW_COUNT_ABSENT);
    rt_batch batch = { RT_STREAM_PACKETS, &reg.schema, 1, buf.len, buf.data };
    rt_cursor c;
    rt_cursor_init(&c, &batch);
    for (unsigned i = 0; i < N_COLUMNS; i++)
        ck_assert_uint_eq(rt_cursor_count(&c), RT_ABSENT);
    schema_registry_free(&reg);
}
END_TEST

START_TEST(long_repetition_counts)
{
    begin();
    rt_row_absent(&row);
    rt_row_absent(&row);
    rt_row_repeat(&row, 1000);
    for (int i = 0; i < 1000; i++)
        rt_row_u16(&row, (uint16_t)i);
    rt_batch batch = { RT_STREAM_PACKETS, &reg.schema, 1, buf.len, buf.data };
    rt_cursor c;
    rt_value v;
    rt_cursor_init(&c, &batch);
    rt_cursor_count(&c);
    rt_cursor_count(&c);
    ck_assert_uint_eq(rt_cursor_count(&c), 1000);
    for (int i = 0; i < 1000; i++) {
        rt_cursor_value(&c, RT_U16, &v);
        ck_assert_uint_eq(v.n.u, (uint64_t)i);
    }
    schema_registry_free(&reg);
}
END_TEST

/* Each of these is a plugin bug: the writer must stop the run (abort) at once. */
START_TEST(wrong_type_aborts)
{
    begin();
    rt_row_u32(&row, 1); /* "plain" is U16 */
}
END_TEST

START_TEST(value_for_repeated_column_aborts)
{
    begin();
    rt_row_u16(&row, 1);
    rt_row_u64(&row, 1);
    rt_row_u16(&row, 1); /* "list" needs rt_row_repeat first */
}
END_TEST

START_TEST(too_few_values_abort)
{
    begin();
    rt_row_u16(&row, 1);
    row_check_done(&row);
}
END_TEST

START_TEST(too_many_values_abort)
{
    buf.len = 0;
    row_begin(&row, &buf, schema());
    row_hand_over(&row, "test", 1);
    rt_row_u16(&row, 1);
    rt_row_u64(&row, 2); /* belongs to the next writer */
}
END_TEST

START_TEST(null_row_is_ignored)
{
    rt_row_u16(NULL, 1);
    rt_row_absent(NULL);
    rt_row_repeat(NULL, 3);
    rt_row_cstring(NULL, "x");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("row");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, round_trip);
    tcase_add_test(tc, absent_values_take_one_byte);
    tcase_add_test(tc, long_repetition_counts);
    tcase_add_test_raise_signal(tc, wrong_type_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, value_for_repeated_column_aborts, SIGABRT);
    tcase_add_test_raise_signal(tc, too_few_values_abort, SIGABRT);
    tcase_add_test_raise_signal(tc, too_many_values_abort, SIGABRT);
    tcase_add_test(tc, null_row_is_ignored);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
