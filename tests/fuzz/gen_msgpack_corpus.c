/* gen_msgpack_corpus.c — writes the seed corpus of fuzz_msgpack_decode (tests/fuzz/corpus/
 * msgpack_decode/) with rowtap's own encoder: complete files of both streams over the every-type
 * schema of tests/lib/alltypes.c, a header without rows, nanosecond precision, and damaged files
 * (cut inside a row, garbage after the last row). Usage: gen_msgpack_corpus DIR */
#include <stdio.h>
#include <stdlib.h>

#include "alltypes.h"
#include "msgpack_row.h"

static void write_file(const char *dir, const char *name, const uint8_t *data, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        fprintf(stderr, "gen_msgpack_corpus: cannot write %s\n", path);
        exit(1);
    }
}

/* Header and the small rows (variants 0, 1, 3) of a stream. */
static void encode(rt_buffer *out, rt_stream stream, int time_digits, int with_rows)
{
    schema_registry reg;
    const rt_schema *schema = alltypes_schema(&reg, stream);
    static const char *const plugins[] = { "allTypes" }, *const versions[] = { "1.0" };
    rt_run run = { .program_version = "corpus", .sensor_id = 666, .time_digits = time_digits,
                   .start_time = 1700000000000000000, .run_id = "666-1700000000-1", .command_line = "rowtap -s",
                   .n_plugins = 1, .plugin_names = plugins, .plugin_versions = versions };
    msgpack_packer pk;
    msgpack_row_packer_init(&pk, out);
    msgpack_row_pack_header(&pk, schema, &run);
    static const unsigned variants[] = { 0, 1, 3 };
    rt_buffer rows = { 0 };
    for (unsigned i = 0; with_rows && i < sizeof variants / sizeof variants[0]; i++)
        alltypes_write_row(&rows, schema, variants[i]);
    rt_batch batch = { stream, schema, with_rows ? 3 : 0, rows.len, rows.data };
    rt_cursor cursor;
    rt_cursor_init(&cursor, &batch);
    for (uint32_t i = 0; i < batch.n_rows; i++)
        msgpack_row_pack_row(&pk, schema, &cursor);
    buffer_free(&rows);
    schema_registry_free(&reg);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fputs("usage: gen_msgpack_corpus DIR\n", stderr);
        return 2;
    }
    rt_buffer out = { 0 };
    encode(&out, RT_STREAM_FLOWS, 6, 1);
    write_file(argv[1], "flows_alltypes.msgpack", out.data, out.len);
    write_file(argv[1], "flows_cut_in_last_row.msgpack", out.data, out.len - 40);
    buffer_append(&out, "\xc1", 1);
    write_file(argv[1], "flows_garbage_after.msgpack", out.data, out.len);
    out.len = 0;
    encode(&out, RT_STREAM_PACKETS, 6, 1);
    write_file(argv[1], "packets_alltypes.msgpack", out.data, out.len);
    out.len = 0;
    encode(&out, RT_STREAM_PACKETS, 9, 1);
    write_file(argv[1], "packets_ns.msgpack", out.data, out.len);
    out.len = 0;
    encode(&out, RT_STREAM_FLOWS, 6, 0);
    write_file(argv[1], "flows_header_only.msgpack", out.data, out.len);
    buffer_free(&out);
    return 0;
}
