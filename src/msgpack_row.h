/* msgpack_row.h — encoding rows and stream headers in the msgpack format of schema/msgpack.md with
 * msgpack-c. Shared by every sink that writes msgpack (the msgpack sink, Kafka msgpack values), so
 * that the encoding of each catalog type lives in one place. Nothing here allocates per value:
 * everything is appended to a caller's buffer. */
#ifndef ROWTAP_MSGPACK_ROW_H
#define ROWTAP_MSGPACK_ROW_H

#include <msgpack.h>

#include "buffer.h"
#include "msgpack_format.h"
#include "rowtap/module.h"
#include "rowtap/sink.h"

/* Makes `pk` append everything it packs to `out`. */
void msgpack_row_packer_init(msgpack_packer *pk, rt_buffer *out);
/* The functions below require a packer made by msgpack_row_packer_init: rows are written straight
 * into its buffer. */
/* Packs the header map of a stream (schema/msgpack.md §2) for `schema`, described by `run`. */
void msgpack_row_pack_header(msgpack_packer *pk, const rt_schema *schema, const rt_run *run);
/* Packs one value of a catalog type (§3.2). */
void msgpack_row_pack_value(msgpack_packer *pk, rt_type type, const rt_value *value);
/* Reads one column of a row from the cursor and packs it: nil when absent, an array for a repeated
 * column or a compound, else the value (§3). */
void msgpack_row_pack_column(msgpack_packer *pk, const rt_column *column, rt_cursor *cursor);
/* Reads one row from the cursor and packs it as an array of its columns. */
void msgpack_row_pack_row(msgpack_packer *pk, const rt_schema *schema, rt_cursor *cursor);
/* Reads one row from the cursor and packs it as a map from column name to column, in schema
 * order (Kafka message values, schema/kafka.md). */
void msgpack_row_pack_row_map(msgpack_packer *pk, const rt_schema *schema, rt_cursor *cursor);

#endif
