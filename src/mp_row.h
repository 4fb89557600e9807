/* mp_row.h — decoding one row of a msgpack stream file (schema/msgpack.md §3) into the internal row
 * encoding, through the row writer, so that the text and JSON renderers read it with a cursor
 * exactly like a batch of the live pipeline. Every value is checked against its column's type
 * before it is written. */
#ifndef ROWTAP_MP_ROW_H
#define ROWTAP_MP_ROW_H

#include "buffer.h"
#include "mp_reader.h"
#include "rowtap/schema.h"

/* Decodes the row at the reader's position and appends it to `out`; `row_number` (1-based) names
 * it in messages. Returns MP_OK (reader after the row); MP_SHORT when the bytes end inside the row,
 * MP_BAD with "byte N: <problem>" in err: then nothing was appended and the reader is where the
 * row starts. */
mp_status mp_row_read(mp_reader *r, const rt_schema *schema, uint64_t row_number, rt_buffer *out,
                      char *err, size_t err_size);

#endif
