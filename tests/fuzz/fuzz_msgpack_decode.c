/* fuzz_msgpack_decode.c — libFuzzer target for the msgpack stream decoder (mp_file, mp_header,
 * mp_row) and the JSON renderer: any bytes are decoded as a whole file; every row the decoder
 * accepts is rendered, and the rendering must consume exactly the bytes the decoder produced. */
#include <stdlib.h>

#include "fuzz_target.h"
#include "json_render.h"
#include "mp_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mp_file *f = mp_file_open_memory(data, size, "fuzz input");
    if (!f)
        return 0;
    if (mp_file_read_header(f) == 0) {
        const mp_header *h = mp_file_header(f);
        rt_buffer rows = { 0 }, json = { 0 };
        long n;
        while ((n = mp_file_read_rows(f, &rows, 4096)) > 0) {
            rt_batch batch = { h->stream, h->schema, (uint32_t)n, rows.len, rows.data };
            rt_cursor cursor;
            rt_cursor_init(&cursor, &batch);
            for (long i = 0; i < n; i++)
                json_render_row(&json, h->schema, &cursor, h->time_digits);
            if (cursor.pos != rows.data + rows.len)
                abort();
            rows.len = json.len = 0;
        }
        buffer_free(&rows);
        buffer_free(&json);
    }
    mp_file_close(f);
    return 0;
}
