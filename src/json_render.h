/* json_render.h — rows as JSON (rowtap-cat --json, Kafka JSON values; schema/msgpack.md §5): one
 * object per row, keys = column names in schema order, values typed (exact integers, readable
 * addresses and times, null for absent values). */
#ifndef ROWTAP_JSON_RENDER_H
#define ROWTAP_JSON_RENDER_H

#include "buffer.h"
#include "rowtap/schema.h"
#include "rowtap/sink.h"

/* Appends a JSON string holding `len` bytes of text; bytes that are not well-formed UTF-8 become
 * U+FFFD, one per byte. */
void json_render_string(rt_buffer *out, const uint8_t *text, size_t len);
/* Appends one value of a catalog type; `time_digits` (6 or 9) is the precision of TS and DUR. */
void json_render_value(rt_buffer *out, rt_type type, const rt_value *value, int time_digits);
/* Reads one row from the cursor and appends it as a JSON object (Kafka message values). */
void json_render_object(rt_buffer *out, const rt_schema *schema, rt_cursor *cursor, int time_digits);
/* Reads one row from the cursor and appends it as a JSON object followed by LF. */
void json_render_row(rt_buffer *out, const rt_schema *schema, rt_cursor *cursor, int time_digits);

#endif
