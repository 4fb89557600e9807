/* test_msgpack_text.c — "all column types present" at unit level: rows of the every-type schema
 * (tests/lib/alltypes.c: every catalog type, repeated and compound columns, absent values) are
 * written through the real row writer, encoded by the msgpack sink into files, decoded by the
 * decoder library, and rendered by text_render; the text must equal text_render_row's output for
 * the original batch, row for row, in both streams and both time precisions. */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alltypes.h"
#include "mp_file.h"
#include "options.h"
#include "text_render.h"
#include "unit_run.h"

extern const rt_sink rowtap_sink;

/* The text of a batch: names line, then every row. */
static void render_batch(rt_buffer *out, const rt_batch *batch, int digits)
{
    text_style style = text_style_for(batch->stream, digits);
    text_render_names(out, batch->schema);
    rt_cursor cursor;
    rt_cursor_init(&cursor, batch);
    for (uint32_t i = 0; i < batch->n_rows; i++)
        text_render_row(out, batch->schema, &cursor, &style);
    ck_assert_ptr_eq(cursor.pos, batch->data + batch->size);
}

/* The text of a msgpack file, decoded as rowtap-cat does. */
static void render_file(rt_buffer *out, const char *path, int *digits)
{
    int fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    mp_file *f = mp_file_open_fd(fd, path);
    ck_assert_msg(mp_file_read_header(f) == 0, "%s", mp_file_error(f));
    const mp_header *h = mp_file_header(f);
    *digits = h->time_digits;
    rt_buffer rows = { 0 };
    long n, total = 0;
    while ((n = mp_file_read_rows(f, &rows, 1 << 20)) > 0)
        total += n;
    ck_assert_msg(n == 0, "%s", mp_file_error(f));
    rt_batch batch = { h->stream, h->schema, (uint32_t)total, rows.len, rows.data };
    render_batch(out, &batch, h->time_digits);
    buffer_free(&rows);
    mp_file_close(f);
    close(fd);
}

static void check_precision(int digits)
{
    char dir[] = "/tmp/test_msgpack_text.XXXXXX", prefix[64], path[96], err[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(prefix, sizeof prefix, "%s/run", dir);
    schema_registry flows_reg, packets_reg;
    const rt_schema *flows = alltypes_schema(&flows_reg, RT_STREAM_FLOWS);
    const rt_schema *packets = alltypes_schema(&packets_reg, RT_STREAM_PACKETS);
    rt_run run = { .program_version = "test", .prefix = prefix, .sensor_id = 1, .time_digits = digits,
                   .schemas = { [RT_STREAM_FLOWS] = flows, [RT_STREAM_PACKETS] = packets } };
    rt_module m = { .kind = MODULE_SINK, .name = "msgpack", .options = rowtap_sink.options,
                    .n_options = rowtap_sink.n_options, .sink = &rowtap_sink };
    rt_module *modules[] = { &m };
    options_reset();
    ck_assert_int_eq(options_validate(modules, 1, err, sizeof err), 0);
    void *sink;
    ck_assert_int_eq(rowtap_sink.open(&m, &run, &sink), 0);
    rt_buffer storage[RT_STREAM_COUNT] = { { 0 } };
    rt_batch batches[RT_STREAM_COUNT];
    alltypes_batch(&batches[RT_STREAM_FLOWS], &storage[RT_STREAM_FLOWS], flows);
    alltypes_batch(&batches[RT_STREAM_PACKETS], &storage[RT_STREAM_PACKETS], packets);
    uint32_t failed;
    for (int s = 0; s < RT_STREAM_COUNT; s++)
        ck_assert_int_eq(rowtap_sink.write(sink, &batches[s], &failed), RT_SINK_OK);
    ck_assert_int_eq(rowtap_sink.close(sink), RT_SINK_OK);
    rowtap_sink.destroy(sink);
    for (int s = 0; s < RT_STREAM_COUNT; s++) {
        rt_buffer expected = { 0 }, decoded = { 0 };
        render_batch(&expected, &batches[s], digits);
        snprintf(path, sizeof path, "%s_%s.msgpack", prefix, rt_stream_name((rt_stream)s));
        int file_digits;
        render_file(&decoded, path, &file_digits);
        ck_assert_int_eq(file_digits, digits);
        ck_assert_msg(decoded.len == expected.len && memcmp(decoded.data, expected.data, expected.len) == 0,
                      "%s: the decoded text differs from text_render_row of the original rows", path);
        buffer_free(&expected);
        buffer_free(&decoded);
        buffer_free(&storage[s]);
        unlink(path);
    }
    rmdir(dir);
    schema_registry_free(&flows_reg);
    schema_registry_free(&packets_reg);
    options_reset();
}

START_TEST(microseconds)
{
    check_precision(6);
}
END_TEST

START_TEST(nanoseconds)
{
    check_precision(9);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("msgpack_text");
    TCase *tc = tcase_create("msgpack_text");
    tcase_add_test(tc, microseconds);
    tcase_add_test(tc, nanoseconds);
    suite_add_tcase(s, tc);
    return unit_run(s);
}
